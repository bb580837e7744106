-- Person-month figures from HR, civil affairs and medical insurance (valid rows only:
-- a quarantined row is not income). Keyed by the pseudonymous person_key.
with

employment as (
    select
        month,
        person_key,
        sum(wage_income) as wage_income,
        sum(unemployment_benefit) as unemployment_benefit,
        sum(pension_income) as pension_income,
        sum(case when pension_type = '城乡居民基础养老金' then pension_income else 0 end)
            as resident_basic_pension,
        min(employment_status) as employment_status
    from {{ ref('stg_human_resources__employment') }}
    where is_valid and {{ in_run('month_start') }}
    group by month, person_key
),

assistance as (
    select
        month,
        person_key,
        sum(assistance_amount) as assistance_amount,
        max(case
            when assistance_category in ('低保', '特困') and assistance_status in ('在保', '渐退')
                then 1
            else 0
        end) = 1 as on_dibao_or_tekun,
        max(case
            when
                assistance_category in ('低保', '特困', '低保边缘')
                and assistance_status in ('在保', '渐退')
                then 1
            else 0
        end) = 1 as on_any_roll,
        max(case
            when assistance_category = '低保' and assistance_status = '在保' then 1 else 0
        end) = 1 as on_dibao_active
    from {{ ref('stg_civil_affairs__assistance_roll') }}
    where is_valid and {{ in_run('month_start') }}
    group by month, person_key
),

medical as (
    select
        month,
        person_key,
        sum(out_of_pocket) as out_of_pocket,
        count(*) as settlements
    from {{ ref('stg_medical_insurance__settlements') }}
    where is_valid and {{ in_run('month_start') }}
    group by month, person_key
),

person_months as (
    select
        month,
        person_key
    from employment
    union
    select
        month,
        person_key
    from assistance
    union
    select
        month,
        person_key
    from medical
    union
    select
        month,
        person_key
    from {{ ref('int_persons_resolved_to_households') }}
    where {{ in_run('month_start') }}
)

select
    person_months.month,
    {{ month_start('person_months.month') }} as month_start,
    {{ month_index('person_months.month') }} as month_index,
    person_months.person_key,
    resolved.household_key,
    resolved.household_key is null as is_unlinked,
    employment.person_key is not null as has_employment_record,
    employment.employment_status,
    coalesce(employment.wage_income, 0) as wage_income,
    coalesce(employment.unemployment_benefit, 0) as unemployment_benefit,
    coalesce(employment.pension_income, 0) as pension_income,
    coalesce(employment.resident_basic_pension, 0) as resident_basic_pension,
    coalesce(assistance.assistance_amount, 0) as assistance_amount,
    coalesce(assistance.on_dibao_or_tekun, false) as on_dibao_or_tekun,
    coalesce(assistance.on_any_roll, false) as on_any_roll,
    coalesce(assistance.on_dibao_active, false) as on_dibao_active,
    coalesce(medical.out_of_pocket, 0) as out_of_pocket,
    coalesce(medical.settlements, 0) as settlements
from person_months
left join {{ ref('int_persons_resolved_to_households') }} as resolved
    on
        person_months.month = resolved.month
        and person_months.person_key = resolved.person_key
        and {{ in_run('resolved.month_start') }}
left join employment
    on person_months.month = employment.month and person_months.person_key = employment.person_key
left join assistance
    on person_months.month = assistance.month and person_months.person_key = assistance.person_key
left join medical
    on person_months.month = medical.month and person_months.person_key = medical.person_key
