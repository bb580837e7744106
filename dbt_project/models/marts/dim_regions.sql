{{ config(materialized='table') }}
-- marts.dim_regions: the names of the counties, townships and villages the reference folder
-- knows (optional regions.csv); lists show a name where one is known and the code always.
select
    region_code,
    region_level,
    region_name
from {{ ref('stg_reference__regions') }}
