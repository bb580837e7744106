-- INCOME_DROP 收入骤减: mean monthly income over m-2..m < income_drop_ratio x mean over
-- m-14..m-3, with that earlier mean >= income_drop_floor; all 15 months must be income
-- months. Policy: 004 L75, L237-243.
with

household_months as (
    select * from {{ ref('fct_household_months') }}
    where {{ in_run('month_start') }}
),

parameters as (
    select * from {{ ref('stg_reference__rule_parameters') }}
),

evaluated as (
    select
        household_months.month,
        household_months.household_key,
        household_months.region_code,
        household_months.recent_income_mean as measured_value,
        parameters.income_drop_ratio * household_months.earlier_income_mean as threshold_value,
        case
            when not household_months.is_income_month then 'income_sources_missing'
            when
                household_months.recent_income_months + household_months.earlier_income_months
                < 15
                then 'insufficient_history'
        end as not_evaluated_reason,
        {{ exact('household_months.recent_income_mean') }}
        < {{ exact('parameters.income_drop_ratio * household_months.earlier_income_mean') }}
        and {{ exact('household_months.earlier_income_mean') }} >= parameters.income_drop_floor
            as condition_met
    from household_months
    cross join parameters
)

{{ rule_verdict('INCOME_DROP') }}
