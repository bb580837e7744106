{{ config(materialized='table') }}
-- Restricted: pseudonymous person key back to ID number and name (int_person_identity says
-- which name). Published only to restricted.duckdb (interfaces.md), never to analytics.duckdb.
select
    person_key,
    id_number,
    name
from {{ ref('int_person_identity') }}
