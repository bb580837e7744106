{{ config(materialized='table') }}
-- One row per warehouse household (pseudonymous key), with its latest known attributes,
-- carried from the previous build (macros/carried_latest.sql): a month reads its own
-- household-months, not every month before it. The span (first month, months present) is a
-- count over the narrow key and month columns of all household-months.
{%- set rows %}
    select
        household_key,
        household_source,
        region_code,
        county_code,
        province_code,
        urban_rural,
        household_type,
        monitoring_class,
        main_risk,
        members as latest_members,
        month as last_month,
        month_start
    from {{ ref('fct_household_months') }}
{%- endset %}
with

latest as (
    {{ carried_latest(
        rows,
        key='household_key',
        columns=['household_key', 'household_source', 'region_code', 'county_code',
            'province_code', 'urban_rural', 'household_type', 'monitoring_class', 'main_risk',
            'latest_members', 'last_month', 'month_start'],
        order_by='month_start desc'
    ) | indent(4) }}
),

spans as (
    select
        household_key,
        min(month) as first_month,
        count(*) as months_present
    from {{ ref('fct_household_months') }}
    group by household_key
)

select
    latest.household_key,
    latest.household_source,
    latest.region_code,
    latest.county_code,
    latest.province_code,
    latest.urban_rural,
    latest.household_type,
    latest.monitoring_class,
    latest.main_risk,
    latest.latest_members,
    spans.first_month,
    latest.last_month,
    spans.months_present,
    latest.month_start
from latest
inner join spans on latest.household_key = spans.household_key
