-- One row per household and month in which the household has members: every income
-- component, the dibao-test income, OOP, members, trailing-12 measures and the thresholds
-- that apply to it (by county/province and the month's year).
with

windowed as (
    select * from {{ ref('int_household_months_windowed') }}
    where {{ in_run('month_start') }}
),

dibao_standards as (
    select * from {{ ref('stg_reference__dibao_standards') }}
),

monitoring_lines as (
    select * from {{ ref('stg_reference__monitoring_lines') }}
),

disposable_income as (
    select * from {{ ref('stg_reference__disposable_income') }}
),

parameters as (
    select * from {{ ref('stg_reference__rule_parameters') }}
),

located as (
    select
        *,
        substr(region_code, 1, 6) as county_code,
        substr(region_code, 1, 2) as province_code,
        {{ month_year('month') }} as reference_year
    from windowed
),

standard_applied as (
    -- The county's standard of the month's year: urban for 城市 assistance households, rural
    -- for roster and 农村 households.
    select
        located.*,
        case
            when located.urban_rural = '城市' then dibao_standards.urban_monthly
            else dibao_standards.rural_monthly
        end as dibao_standard_monthly,
        dibao_standards.reference_source as dibao_standard_source
    from located
    left join dibao_standards
        on
            located.county_code = dibao_standards.county_code
            and located.reference_year = dibao_standards.reference_year
)

select
    located.household_key,
    located.month,
    located.month_start,
    located.month_index,
    located.household_source,
    located.region_code,
    located.county_code,
    located.province_code,
    located.urban_rural,
    located.household_type,
    located.monitoring_class,
    located.main_risk,
    located.members,
    located.wage_income,
    located.unemployment_benefit,
    located.pension_income,
    located.resident_basic_pension,
    located.assistance_amount,
    located.operating_income,
    located.property_income,
    located.monthly_income,
    located.dibao_test_income,
    located.out_of_pocket,
    located.settlements,
    located.is_income_month,
    located.is_medical_month,
    located.has_human_resources,
    located.on_dibao_or_tekun,
    located.on_any_roll,
    located.on_dibao_active,
    located.has_registered_unemployed,
    located.trailing_income_months,
    -- Enough income history for the income rules and measures (rule parameter).
    located.is_income_month
    and located.trailing_income_months >= parameters.min_income_months as has_income_history,
    located.trailing_income_sum,
    located.trailing_dibao_test_income_sum,
    case
        when located.trailing_income_months > 0
            then {{ divide(
                'located.trailing_income_sum * 12.0', 'located.trailing_income_months'
            ) }}
    end as trailing_annual_income,
    case
        when located.trailing_income_months > 0
            then {{ divide(
                'located.trailing_dibao_test_income_sum * 12.0', 'located.trailing_income_months'
            ) }}
    end as trailing_annual_dibao_test_income,
    case
        when located.trailing_income_months > 0
            then {{ divide(
                'located.trailing_income_sum * 12.0', 'located.trailing_income_months'
            ) }}
                / located.members
    end as per_capita_income,
    case
        when located.trailing_income_months > 0
            then {{ divide(
                'located.trailing_dibao_test_income_sum * 12.0', 'located.trailing_income_months'
            ) }} / located.members
    end as per_capita_dibao_test_income,
    located.trailing_oop_months,
    located.trailing_oop_sum,
    located.oop_history_months,
    case
        when located.oop_history_months > 0
            then {{ divide('located.oop_history_sum', 'located.oop_history_months') }}
    end as oop_history_mean,
    located.recent_income_months,
    located.earlier_income_months,
    case
        when located.recent_income_months > 0
            then {{ divide('located.recent_income_sum', 'located.recent_income_months') }}
    end as recent_income_mean,
    case
        when located.earlier_income_months > 0
            then {{ divide('located.earlier_income_sum', 'located.earlier_income_months') }}
    end as earlier_income_mean,
    located.dibao_standard_monthly,
    -- The lines every rule and measure compares with (yuan per person per year).
    12 * located.dibao_standard_monthly as dibao_line_annual,
    monitoring_lines.near_dibao_multiplier * 12 * located.dibao_standard_monthly
        as near_dibao_line_annual,
    monitoring_lines.monitoring_line_annual,
    monitoring_lines.near_dibao_multiplier,
    disposable_income.per_capita_disposable_income as prior_year_disposable_income,
    -- Where each threshold came from (the reference files' source column), for explain.
    located.dibao_standard_source,
    monitoring_lines.reference_source as monitoring_line_source,
    disposable_income.reference_source as disposable_income_source
from standard_applied as located
cross join parameters
left join monitoring_lines
    on
        located.province_code = monitoring_lines.province_code
        and located.reference_year = monitoring_lines.reference_year
left join disposable_income
    on
        located.county_code = disposable_income.county_code
        and located.reference_year - 1 = disposable_income.reference_year
