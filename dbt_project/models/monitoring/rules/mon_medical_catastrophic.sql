-- MEDICAL_CATASTROPHIC 因病致贫风险: sum of OOP over the medical months of m-11..m >
-- trailing annual household income. Policy: 004 L99.
with

household_months as (
    select * from {{ ref('fct_household_months') }}
    where {{ in_run('month_start') }}
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
            when not has_income_history then 'insufficient_history'
        end as not_evaluated_reason,
        {{ exact('trailing_oop_sum') }} > {{ exact('trailing_annual_income') }} as condition_met
    from household_months
)

{{ rule_verdict('MEDICAL_CATASTROPHIC') }}
