{{ config(materialized='table') }}
-- One row per warehouse household (pseudonymous key), with its latest known attributes.
with

household_months as (
    select * from {{ ref('fct_household_months') }}
),

ranked as (
    select
        *,
        row_number() over (partition by household_key order by month_index desc) as recency
    from household_months
),

spans as (
    select
        household_key,
        min(month) as first_month,
        max(month) as last_month,
        count(*) as months_present
    from household_months
    group by household_key
)

select
    ranked.household_key,
    ranked.household_source,
    ranked.region_code,
    ranked.county_code,
    ranked.province_code,
    ranked.urban_rural,
    ranked.household_type,
    ranked.monitoring_class,
    ranked.main_risk,
    ranked.members as latest_members,
    spans.first_month,
    spans.last_month,
    spans.months_present
from ranked
inner join spans on ranked.household_key = spans.household_key
where ranked.recency = 1
