-- NEW_UNEMPLOYMENT 新增失业: a member is 登记失业 in m and was 单位就业/灵活就业/外出务工 in
-- m-1 (by the HR records of m and m-1, both needed). Policy: 004 L77.
with

household_months as (
    select * from {{ ref('fct_household_months') }}
    where {{ in_run('month_start') }}
),

months as (
    select * from {{ ref('dim_months') }}
),

person_months as (
    -- The run's months and the month before them (m-1).
    select * from {{ ref('fct_person_months') }}
    where {{ in_run('month_start', 1) }}
),

newly_unemployed as (
    select
        current_month.month,
        current_month.household_key,
        count(*) as members_newly_unemployed
    from person_months as current_month
    inner join person_months as previous_month
        on
            current_month.person_key = previous_month.person_key
            and current_month.month_index - 1 = previous_month.month_index
    where
        {{ in_run('current_month.month_start') }}
        and current_month.household_key is not null
        and current_month.employment_status = '登记失业'
        and previous_month.employment_status in ('单位就业', '灵活就业', '外出务工')
    group by current_month.month, current_month.household_key
),

evaluated as (
    select
        household_months.month,
        household_months.household_key,
        household_months.region_code,
        coalesce(newly_unemployed.members_newly_unemployed, 0) as measured_value,
        1 as threshold_value,
        case
            when not household_months.has_human_resources then 'hr_source_missing'
            when not coalesce(previous_month.has_human_resources, false)
                then 'hr_previous_month_missing'
        end as not_evaluated_reason,
        newly_unemployed.household_key is not null as condition_met
    from household_months
    left join months as previous_month
        on household_months.month_index - 1 = previous_month.month_index
    left join newly_unemployed
        on
            household_months.month = newly_unemployed.month
            and household_months.household_key = newly_unemployed.household_key
)

{{ rule_verdict('NEW_UNEMPLOYMENT') }}
