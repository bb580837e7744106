{{ config(materialized='table') }}
-- One row per known month: which sources are present and which rule families can run.
select * from {{ ref('int_months') }}
