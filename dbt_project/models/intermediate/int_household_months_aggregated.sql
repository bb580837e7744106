-- Household-month sums over the household's members of that month
-- (monitoring-rules.md "Income and spending measures").
with

members as (
    select * from {{ ref('int_person_months') }}
    where household_key is not null and {{ in_run('month_start') }}
),

resolved as (
    select distinct
        month,
        household_key,
        household_source
    from {{ ref('int_persons_resolved_to_households') }}
    where {{ in_run('month_start') }}
),

-- Attributes of a month without a roster come from the last delivered one (its income does
-- not count: such a month is not an income month).
roster_households as (
    {{ carried_forward(ref('stg_rural_revitalization__households'), 'rural_revitalization',
        ['household_key', 'region_code', 'household_type', 'monitoring_class', 'main_risk',
         'annual_operating_income', 'annual_property_income']) }}
),

assistance_households as (
    select
        month,
        household_key,
        min(region_code) as region_code,
        -- A household with any rural row is tested against the rural standard.
        min(urban_rural) as urban_rural
    from (
        {{ carried_forward(ref('stg_civil_affairs__assistance_roll'), 'civil_affairs',
            ['household_key', 'region_code', 'urban_rural']) }}
    ) as roll
    group by month, household_key
),

summed as (
    select
        month,
        household_key,
        count(*) as members,
        sum(wage_income) as wage_income,
        sum(unemployment_benefit) as unemployment_benefit,
        sum(pension_income) as pension_income,
        sum(resident_basic_pension) as resident_basic_pension,
        sum(assistance_amount) as assistance_amount,
        sum(out_of_pocket) as out_of_pocket,
        sum(settlements) as settlements,
        max(case when on_dibao_or_tekun then 1 else 0 end) = 1 as on_dibao_or_tekun,
        max(case when on_any_roll then 1 else 0 end) = 1 as on_any_roll,
        max(case when on_dibao_active then 1 else 0 end) = 1 as on_dibao_active,
        max(case when employment_status = '登记失业' then 1 else 0 end) = 1
            as has_registered_unemployed
    from members
    group by month, household_key
)

select
    summed.*,
    {{ month_start('summed.month') }} as month_start,
    {{ month_index('summed.month') }} as month_index,
    resolved.household_source,
    coalesce(roster_households.region_code, assistance_households.region_code) as region_code,
    case
        when resolved.household_source = 'civil_affairs' then assistance_households.urban_rural
        else '农村'
    end as urban_rural,
    roster_households.household_type,
    roster_households.monitoring_class,
    roster_households.main_risk,
    -- A twelfth of the annual figures, as exact decimals: window sums over them then do not
    -- depend on the order rows are added in (a run of one month = a run of all months). Ten
    -- places: a twelfth of a cent amount either ends within four or repeats 3s and 6s, so the
    -- double quotient rounds the same on both engines.
    cast(
        {{ divide('coalesce(roster_households.annual_operating_income, 0)', 12) }}
        as decimal(20, 10)
    ) as operating_income,
    cast(
        {{ divide('coalesce(roster_households.annual_property_income, 0)', 12) }}
        as decimal(20, 10)
    ) as property_income
from summed
inner join resolved
    on summed.month = resolved.month and summed.household_key = resolved.household_key
left join roster_households
    on summed.month = roster_households.month
        and summed.household_key = roster_households.household_key
left join assistance_households
    on summed.month = assistance_households.month
        and summed.household_key = assistance_households.household_key
