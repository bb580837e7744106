-- INCOME_BELOW_DIBAO 应保未保: per-capita dibao-test income < 12 x dibao standard and no
-- member on 低保/特困 (在保/渐退) in m. Policy: 004 L97, L83; 001 篇16 L421, 篇14 L374.
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
        12 * dibao_standard_monthly as threshold_value,
        case
            when not is_income_month then 'income_sources_missing'
            when trailing_income_months < 3 then 'insufficient_history'
            when dibao_standard_monthly is null then 'no_reference'
        end as not_evaluated_reason,
        {{ exact('per_capita_dibao_test_income') }} < 12 * dibao_standard_monthly
        and not on_dibao_or_tekun as condition_met
    from household_months
)

select
    month,
    household_key,
    'INCOME_BELOW_DIBAO' as rule_code,
    region_code,
    measured_value,
    threshold_value,
    not_evaluated_reason,
    not_evaluated_reason is null as is_evaluated,
    coalesce(not_evaluated_reason is null and condition_met, false) as is_fired
from evaluated
