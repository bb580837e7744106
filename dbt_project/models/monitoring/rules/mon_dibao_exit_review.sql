-- DIBAO_EXIT_REVIEW 渐退复核: a member is 在保 on 低保 in m and the per-capita dibao-test
-- income was >= the annual dibao line in each of the last exit_review_months months, each
-- evaluable. Population: households with a member 在保 on 低保 in m. Policy: 004 L289; 002 L19;
-- 001 篇14 L378, 篇31 L744.
with

parameters as (
    select * from {{ ref('stg_reference__rule_parameters') }}
),

monthly_test as (
    -- Only the columns the runs read: this is read twice, so DuckDB materializes it.
    select
        month,
        month_start,
        month_index,
        household_key,
        region_code,
        is_income_month,
        on_dibao_active,
        per_capita_dibao_test_income,
        dibao_line_annual,
        case
            when
                has_income_history
                and dibao_line_annual is not null
                and {{ exact('per_capita_dibao_test_income') }} >= dibao_line_annual
                then 1
            else 0
        end as is_above_standard,
        case when has_income_history and dibao_line_annual is not null then 1 else 0 end
            as is_evaluable_month
    from {{ ref('fct_household_months') }}
    -- The run's months and the exit_review_months - 1 before them (within history_months).
    where {{ in_run('month_start', var('history_months')) }}
),

runs as (
    -- A self-join rather than a window frame, because the run length is a tunable.
    select
        current_month.month,
        current_month.household_key,
        current_month.region_code,
        current_month.is_income_month,
        current_month.per_capita_dibao_test_income,
        current_month.dibao_line_annual,
        parameters.exit_review_months,
        sum(recent.is_above_standard) as months_above_standard,
        sum(recent.is_evaluable_month) as evaluable_months
    from monthly_test as current_month
    cross join parameters
    inner join monthly_test as recent
        on
            current_month.household_key = recent.household_key
            and recent.month_index
            between current_month.month_index - parameters.exit_review_months + 1
            and current_month.month_index
    where current_month.on_dibao_active and {{ in_run('current_month.month_start') }}
    group by
        current_month.month,
        current_month.household_key,
        current_month.region_code,
        current_month.is_income_month,
        current_month.per_capita_dibao_test_income,
        current_month.dibao_line_annual,
        parameters.exit_review_months
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
            when dibao_line_annual is null then 'no_reference'
            when evaluable_months < exit_review_months then 'insufficient_history'
        end as not_evaluated_reason,
        months_above_standard >= exit_review_months as condition_met
    from runs
)

{{ rule_verdict('DIBAO_EXIT_REVIEW') }}
