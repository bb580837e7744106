-- INCOME_NEAR_DIBAO 低保边缘: annual dibao line <= per-capita dibao-test income < the
-- near-dibao line (multiplier x 12 x dibao), and on no 低保/特困/低保边缘 roll in m.
-- Policy: 004 L73, L285; 001 篇31 L724.
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
        near_dibao_line_annual as threshold_value,
        case
            when not is_income_month then 'income_sources_missing'
            when not has_income_history then 'insufficient_history'
            when near_dibao_line_annual is null then 'no_reference'
        end as not_evaluated_reason,
        {{ exact('per_capita_dibao_test_income') }} >= dibao_line_annual
        and {{ exact('per_capita_dibao_test_income') }} < near_dibao_line_annual
        and not on_any_roll as condition_met
    from household_months
)

{{ rule_verdict('INCOME_NEAR_DIBAO') }}
