-- Trailing windows over month numbers (monitoring-rules.md "Windows and missing months"):
-- a month only counts toward a window when the sources its measure needs are present.
-- Each run month t gathers the household's months t-14..t and sums what falls in each
-- window: a grouped aggregation, which costs what the months read cost (window functions
-- with RANGE frames sorted every household's history again, once per frame).
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

run_months as (
    select month_index as target_index
    from {{ ref('int_months') }}
    where {{ in_run('month_start') }}
),

{#- Each measure: (column, aggregate, value, first and last month back from t, inclusive):
    trailing 12 = t-11..t, previous 12 = t-12..t-1, last 3 = t-2..t, earlier = t-14..t-3. -#}
{%- set measures = [
    ('trailing_income_months', 'count', 'income_if_counted', 11, 0),
    ('trailing_income_sum', 'sum', 'income_if_counted', 11, 0),
    ('trailing_dibao_test_income_sum', 'sum', 'dibao_test_income_if_counted', 11, 0),
    ('trailing_oop_months', 'count', 'oop_if_counted', 11, 0),
    ('trailing_oop_sum', 'sum', 'oop_if_counted', 11, 0),
    ('oop_history_months', 'count', 'oop_if_counted', 12, 1),
    ('oop_history_sum', 'sum', 'oop_if_counted', 12, 1),
    ('recent_income_months', 'count', 'income_if_counted', 2, 0),
    ('recent_income_sum', 'sum', 'income_if_counted', 2, 0),
    ('earlier_income_months', 'count', 'income_if_counted', 14, 3),
    ('earlier_income_sum', 'sum', 'income_if_counted', 14, 3),
] %}

windows as (
    select
        measured.household_key,
        run_months.target_index,
    {%- for name, aggregate, value, first_back, last_back in measures %}
        {{ aggregate }}(case
            when
                measured.month_index
                between run_months.target_index - {{ first_back }}
                and run_months.target_index - {{ last_back }}
                then measured.{{ value }}
            end) as {{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
    from measured
    inner join run_months
        on
            measured.month_index >= run_months.target_index - {{ var('history_months') }}
            and measured.month_index <= run_months.target_index
    group by measured.household_key, run_months.target_index
)

select
    measured.*,
{%- for measure in measures %}
    windows.{{ measure[0] }}{{ ',' if not loop.last }}
{%- endfor %}
from measured
inner join windows
    on
        measured.household_key = windows.household_key
        and measured.month_index = windows.target_index
