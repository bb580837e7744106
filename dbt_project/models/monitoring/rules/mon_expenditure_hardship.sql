-- EXPENDITURE_HARDSHIP 支出型困难: not on 低保/特困 in m; multiplier x 12 x dibao <=
-- per-capita dibao-test income < previous year's county per-capita disposable income; and
-- per-capita (trailing dibao-test income - OOP of m-11..m) < multiplier x 12 x dibao.
-- Policy: 004 L287; 001 篇5 L113.
with

household_months as (
    select
        *,
        {{ divide('trailing_annual_dibao_test_income - trailing_oop_sum', 'members') }}
            as per_capita_income_after_oop
    from {{ ref('fct_household_months') }}
    where {{ in_run('month_start') }}
),

evaluated as (
    select
        month,
        household_key,
        region_code,
        per_capita_income_after_oop as measured_value,
        near_dibao_line_annual as threshold_value,
        case
            when not is_income_month then 'income_sources_missing'
            when not is_medical_month then 'medical_source_missing'
            when not has_income_history then 'insufficient_history'
            when near_dibao_line_annual is null or prior_year_disposable_income is null
                then 'no_reference'
        end as not_evaluated_reason,
        not on_dibao_or_tekun
        and {{ exact('per_capita_dibao_test_income') }} >= near_dibao_line_annual
        and {{ exact('per_capita_dibao_test_income') }} < prior_year_disposable_income
        and {{ exact('per_capita_income_after_oop') }} < near_dibao_line_annual as condition_met
    from household_months
)

{{ rule_verdict('EXPENDITURE_HARDSHIP') }}
