-- Trailing windows over month numbers (monitoring-rules.md "Windows and missing months"):
-- a month only counts toward a window when the sources its measure needs are present.
{%- if var('history_months') | int < 14 %}
    {{ exceptions.raise_compiler_error(
        "var history_months must be at least 14: INCOME_DROP reads m-14..m") }}
{%- endif %}
with

household_months as (
    select
        household_months.*,
        months.is_income_month,
        months.is_medical_month,
        months.has_human_resources,
        household_months.wage_income
        + household_months.unemployment_benefit
        + household_months.pension_income
        + household_months.assistance_amount
        + household_months.operating_income
        + household_months.property_income as monthly_income
    from {{ ref('int_household_months_aggregated') }} as household_months
    inner join {{ ref('int_months') }} as months
        on household_months.month = months.month
    -- The run's months and the history their windows reach back to (m-14 for INCOME_DROP).
    where {{ in_run('household_months.month_start', var('history_months')) }}
),

measured as (
    select
        *,
        monthly_income - assistance_amount - resident_basic_pension as dibao_test_income,
        case when is_income_month then monthly_income end as income_if_counted,
        case
            when is_income_month then monthly_income - assistance_amount - resident_basic_pension
        end as dibao_test_income_if_counted,
        case when is_medical_month then out_of_pocket end as oop_if_counted
    from household_months
),

windowed as (
    select
        *,
        count(income_if_counted) over trailing_12 as trailing_income_months,
        sum(income_if_counted) over trailing_12 as trailing_income_sum,
        sum(dibao_test_income_if_counted) over trailing_12 as trailing_dibao_test_income_sum,
        count(oop_if_counted) over trailing_12 as trailing_oop_months,
        sum(oop_if_counted) over trailing_12 as trailing_oop_sum,
        count(oop_if_counted) over previous_12 as oop_history_months,
        sum(oop_if_counted) over previous_12 as oop_history_sum,
        count(income_if_counted) over last_3 as recent_income_months,
        sum(income_if_counted) over last_3 as recent_income_sum,
        count(income_if_counted) over months_3_to_14_back as earlier_income_months,
        sum(income_if_counted) over months_3_to_14_back as earlier_income_sum
    from measured
    window
        trailing_12 as (
            partition by household_key order by month_index
            range between 11 preceding and current row
        ),
        previous_12 as (
            partition by household_key order by month_index
            range between 12 preceding and 1 preceding
        ),
        last_3 as (
            partition by household_key order by month_index
            range between 2 preceding and current row
        ),
        months_3_to_14_back as (
            partition by household_key order by month_index
            range between 14 preceding and 3 preceding
        )
)

select * from windowed
where {{ in_run('month_start') }}
