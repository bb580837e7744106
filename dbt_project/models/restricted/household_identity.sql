{{ config(materialized='table') }}
-- Restricted: pseudonymous household key back to the department's household id
-- (int_household_identity). Published only to restricted.duckdb (interfaces.md), never to
-- analytics.duckdb.
select
    household_key,
    source,
    source_household_id
from {{ ref('int_household_identity') }}
