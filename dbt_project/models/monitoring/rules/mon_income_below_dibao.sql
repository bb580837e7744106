-- INCOME_BELOW_DIBAO 应保未保: per-capita dibao-test income < the annual dibao line (12 x the
-- standard) and no member on 低保/特困 (在保/渐退) in m. Policy: 004 L97, L83; 001 篇16 L421,
-- 篇14 L374.
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
        per_capita_dibao_test_income as measured_value,
        dibao_line_annual as threshold_value,
        case
            when not is_income_month then 'income_sources_missing'
            when not has_income_history then 'insufficient_history'
            when dibao_line_annual is null then 'no_reference'
        end as not_evaluated_reason,
        {{ exact('per_capita_dibao_test_income') }} < dibao_line_annual
        and not on_dibao_or_tekun as condition_met
    from household_months
)

{{ rule_verdict('INCOME_BELOW_DIBAO') }}
