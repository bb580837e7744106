{{ config(materialized='table') }}
-- Restricted: pseudonymous person key back to ID number and name (the latest name seen).
-- Published only to restricted.duckdb (interfaces.md), never to analytics.duckdb.
with

named as (
    select
        person_key,
        id_number,
        person_name,
        loaded_at
    from {{ ref('stg_rural_revitalization__members') }}
    where is_valid
    union all
    select
        person_key,
        id_number,
        person_name,
        loaded_at
    from {{ ref('stg_civil_affairs__assistance_roll') }}
    where is_valid
),

unnamed as (
    select
        person_key,
        id_number,
        cast(null as string) as person_name,
        loaded_at
    from {{ ref('stg_human_resources__employment') }}
    where is_valid
    union all
    select
        person_key,
        id_number,
        cast(null as string) as person_name,
        loaded_at
    from {{ ref('stg_medical_insurance__settlements') }}
    where is_valid
),

ranked as (
    select
        *,
        row_number() over (
            partition by person_key
            order by case when person_name is null then 1 else 0 end, loaded_at desc
        ) as preference
    from (
        select * from named
        union all
        select * from unnamed
    ) as everyone
)

select
    person_key,
    id_number,
    person_name as name
from ranked
where preference = 1
