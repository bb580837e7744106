{{ config(materialized='table') }}
-- One row per known month: which sources are present and which rule families can run.
with

source_months as (
    select * from {{ ref('int_source_months') }}
),

pivoted as (
    select
        month,
        month_start,
        month_index,
        max(case when source = 'civil_affairs' and is_present then 1 else 0 end) = 1
            as has_civil_affairs,
        max(case when source = 'medical_insurance' and is_present then 1 else 0 end) = 1
            as has_medical_insurance,
        max(case when source = 'human_resources' and is_present then 1 else 0 end) = 1
            as has_human_resources,
        max(case when source = 'rural_revitalization' and is_present then 1 else 0 end) = 1
            as has_rural_revitalization
    from source_months
    group by month, month_start, month_index
)

select
    *,
    has_civil_affairs and has_human_resources and has_rural_revitalization as is_income_month,
    has_medical_insurance as is_medical_month
from pivoted
