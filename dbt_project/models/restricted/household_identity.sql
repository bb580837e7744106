{{ config(materialized='table') }}
-- Restricted: pseudonymous household key back to the department's household id.
-- Published only to restricted.duckdb (interfaces.md), never to analytics.duckdb.
select distinct
    household_key,
    'rural_revitalization' as source,
    source_household_id
from {{ ref('stg_rural_revitalization__households') }}
where is_valid

union

select distinct
    household_key,
    'civil_affairs' as source,
    source_household_id
from {{ ref('stg_civil_affairs__assistance_roll') }}
where is_valid
