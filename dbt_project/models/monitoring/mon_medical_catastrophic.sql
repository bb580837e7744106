-- MEDICAL_CATASTROPHIC 因病致贫风险: sum of OOP over the medical months of m-11..m >
-- trailing annual household income. Policy: 004 L99.
with

household_months as (
    select * from {{ ref('fct_household_months') }}
),

evaluated as (
    select
        month,
        household_key,
        region_code,
        trailing_oop_sum as measured_value,
        trailing_annual_income as threshold_value,
        case
            when not is_income_month then 'income_sources_missing'
            when not is_medical_month then 'medical_source_missing'
            when trailing_income_months < 3 then 'insufficient_history'
        end as not_evaluated_reason,
        {{ exact('trailing_oop_sum') }} > {{ exact('trailing_annual_income') }} as condition_met
    from household_months
)

select
    month,
    household_key,
    'MEDICAL_CATASTROPHIC' as rule_code,
    region_code,
    measured_value,
    threshold_value,
    not_evaluated_reason,
    not_evaluated_reason is null as is_evaluated,
    coalesce(not_evaluated_reason is null and condition_met, false) as is_fired
from evaluated
