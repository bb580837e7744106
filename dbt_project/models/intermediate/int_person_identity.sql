{{ config(materialized='table') }}
-- Every person ever seen in a valid row: ID number and name, carried from the previous build
-- (macros/carried_latest.sql), so a month reads its own rows and not every month before it.
-- The name is the one of the latest month in which a department names the person (roster,
-- assistance roll), within that month the latest delivery; HR and medical rows name nobody.
-- Restricted: read only by restricted.person_identity.
{%- set rows %}
    select
        person_key,
        id_number,
        person_name as name,
        month_start,
        loaded_at
    from {{ ref('stg_rural_revitalization__members') }}
    where is_valid
    union all
    select
        person_key,
        id_number,
        person_name as name,
        month_start,
        loaded_at
    from {{ ref('stg_civil_affairs__assistance_roll') }}
    where is_valid
    union all
    select
        person_key,
        id_number,
        cast(null as string) as name,
        month_start,
        loaded_at
    from {{ ref('stg_human_resources__employment') }}
    where is_valid
    union all
    select
        person_key,
        id_number,
        cast(null as string) as name,
        month_start,
        loaded_at
    from {{ ref('stg_medical_insurance__settlements') }}
    where is_valid
{%- endset %}

{{ carried_latest(
    rows,
    key='person_key',
    columns=['person_key', 'id_number', 'name', 'month_start', 'loaded_at'],
    order_by='case when name is null then 1 else 0 end, month_start desc, loaded_at desc, name',
    still_good='fresh.name is not null or stored.name is null'
) }}
