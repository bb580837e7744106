-- One row per household and month in which the household has members: every income
-- component, the dibao-test income, OOP, members, trailing-12 measures and the thresholds
-- that apply to it (by county/province and the month's year).
with

windowed as (
    select * from {{ ref('int_household_months_windowed') }}
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

located as (
    select
        *,
        substr(region_code, 1, 6) as county_code,
        substr(region_code, 1, 2) as province_code,
        {{ month_year('month') }} as reference_year
    from windowed
)

select
    located.household_key,
    located.month,
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
    located.trailing_income_sum,
    located.trailing_dibao_test_income_sum,
    case
        when located.trailing_income_months > 0
            then located.trailing_income_sum * 12.0 / located.trailing_income_months
    end as trailing_annual_income,
    case
        when located.trailing_income_months > 0
            then located.trailing_dibao_test_income_sum * 12.0 / located.trailing_income_months
    end as trailing_annual_dibao_test_income,
    case
        when located.trailing_income_months > 0
            then located.trailing_income_sum * 12.0
                / located.trailing_income_months / located.members
    end as per_capita_income,
    case
        when located.trailing_income_months > 0
            then located.trailing_dibao_test_income_sum * 12.0
                / located.trailing_income_months / located.members
    end as per_capita_dibao_test_income,
    located.trailing_oop_months,
    located.trailing_oop_sum,
    located.oop_history_months,
    case
        when located.oop_history_months > 0
            then located.oop_history_sum / located.oop_history_months
    end as oop_history_mean,
    located.recent_income_months,
    located.earlier_income_months,
    case
        when located.recent_income_months > 0
            then located.recent_income_sum / located.recent_income_months
    end as recent_income_mean,
    case
        when located.earlier_income_months > 0
            then located.earlier_income_sum / located.earlier_income_months
    end as earlier_income_mean,
    case
        when located.urban_rural = '城市' then dibao_standards.urban_monthly
        else dibao_standards.rural_monthly
    end as dibao_standard_monthly,
    monitoring_lines.monitoring_line_annual,
    monitoring_lines.near_dibao_multiplier,
    disposable_income.per_capita_disposable_income as prior_year_disposable_income,
    -- Where each threshold came from (the reference files' source column), for explain.
    dibao_standards.reference_source as dibao_standard_source,
    monitoring_lines.reference_source as monitoring_line_source,
    disposable_income.reference_source as disposable_income_source
from located
left join dibao_standards
    on
        located.county_code = dibao_standards.county_code
        and located.reference_year = dibao_standards.reference_year
left join monitoring_lines
    on
        located.province_code = monitoring_lines.province_code
        and located.reference_year = monitoring_lines.reference_year
left join disposable_income
    on
        located.county_code = disposable_income.county_code
        and located.reference_year - 1 = disposable_income.reference_year
