-- DIBAO_EXIT_REVIEW 渐退复核: a member is 在保 on 低保 in m and the per-capita dibao-test
-- income was >= 12 x dibao in each of the last exit_review_months months, each evaluable.
-- Population: households with a member 在保 on 低保 in m. Policy: 004 L289; 002 L19;
-- 001 篇14 L378, 篇31 L744.
with

parameters as (
    select * from {{ ref('stg_reference__rule_parameters') }}
),

household_months as (
    select
        *,
        is_income_month
        and trailing_income_months >= 3
        and dibao_standard_monthly is not null as is_income_evaluable
    from {{ ref('fct_household_months') }}
),

monthly_test as (
    select
        *,
        case
            when
                is_income_evaluable
                and {{ exact('per_capita_dibao_test_income') }} >= 12 * dibao_standard_monthly
                then 1
            else 0
        end as is_above_standard,
        case when is_income_evaluable then 1 else 0 end as is_evaluable_month
    from household_months
),

runs as (
    -- A self-join rather than a window frame, because the run length is a tunable.
    select
        current_month.month,
        current_month.household_key,
        current_month.region_code,
        current_month.is_income_month,
        current_month.on_dibao_active,
        current_month.per_capita_dibao_test_income,
        current_month.dibao_standard_monthly,
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
    where current_month.on_dibao_active
    group by
        current_month.month,
        current_month.household_key,
        current_month.region_code,
        current_month.is_income_month,
        current_month.on_dibao_active,
        current_month.per_capita_dibao_test_income,
        current_month.dibao_standard_monthly,
        parameters.exit_review_months
)

select
    month,
    household_key,
    'DIBAO_EXIT_REVIEW' as rule_code,
    region_code,
    per_capita_dibao_test_income as measured_value,
    12 * dibao_standard_monthly as threshold_value,
    case
        when not is_income_month then 'income_sources_missing'
        when dibao_standard_monthly is null then 'no_reference'
        when evaluable_months < exit_review_months then 'insufficient_history'
    end as not_evaluated_reason,
    evaluable_months >= exit_review_months as is_evaluated,
    evaluable_months >= exit_review_months
    and months_above_standard >= exit_review_months as is_fired
from runs
