-- INCOME_NEAR_DIBAO 低保边缘: 12 x dibao <= per-capita dibao-test income
-- < multiplier x 12 x dibao, and on no 低保/特困/低保边缘 roll in m. Policy: 004 L73, L285;
-- 001 篇31 L724.
with

household_months as (
    select * from {{ ref('fct_household_months') }}
),

evaluated as (
    select
        month,
        household_key,
        region_code,
        per_capita_dibao_test_income as measured_value,
        near_dibao_multiplier * 12 * dibao_standard_monthly as threshold_value,
        case
            when not is_income_month then 'income_sources_missing'
            when trailing_income_months < 3 then 'insufficient_history'
            when dibao_standard_monthly is null or near_dibao_multiplier is null
                then 'no_reference'
        end as not_evaluated_reason,
        {{ exact('per_capita_dibao_test_income') }} >= 12 * dibao_standard_monthly
        and {{ exact('per_capita_dibao_test_income') }}
        < near_dibao_multiplier * 12 * dibao_standard_monthly
        and not on_any_roll as condition_met
    from household_months
)

select
    month,
    household_key,
    'INCOME_NEAR_DIBAO' as rule_code,
    region_code,
    measured_value,
    threshold_value,
    not_evaluated_reason,
    not_evaluated_reason is null as is_evaluated,
    coalesce(not_evaluated_reason is null and condition_met, false) as is_fired
from evaluated
