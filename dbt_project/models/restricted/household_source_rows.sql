-- Restricted lineage: every source row behind a household-month, with what it contributed,
-- so a warning can be explained back to the extracts (`poverty-monitor explain`).
-- Published to restricted.duckdb only: row pointers plus pseudonymous keys.
with

resolved as (
    select
        month,
        person_key,
        household_key
    from {{ ref('int_persons_resolved_to_households') }}
    where {{ in_run('month_start') }}
),

person_rows as (
    select
        'human_resources' as source,
        month,
        source_file,
        source_row_number,
        person_key,
        'wage + unemployment benefit + pension' as item,
        wage_income + unemployment_benefit + pension_income as amount
    from {{ ref('stg_human_resources__employment') }}
    where is_valid and {{ in_run('month_start') }}

    union all

    select
        'civil_affairs' as source,
        month,
        source_file,
        source_row_number,
        person_key,
        assistance_category || ' ' || assistance_status as item,
        assistance_amount as amount
    from {{ ref('stg_civil_affairs__assistance_roll') }}
    where is_valid and {{ in_run('month_start') }}

    union all

    select
        'medical_insurance' as source,
        month,
        source_file,
        source_row_number,
        person_key,
        'out-of-pocket ' || visit_type as item,
        out_of_pocket as amount
    from {{ ref('stg_medical_insurance__settlements') }}
    where is_valid and {{ in_run('month_start') }}

    union all

    select
        'rural_revitalization' as source,
        month,
        source_file,
        source_row_number,
        person_key,
        'roster member' as item,
        cast(null as decimal(18, 2)) as amount
    from {{ ref('stg_rural_revitalization__members') }}
    where is_valid and {{ in_run('month_start') }}
),

household_rows as (
    select
        household_key,
        'rural_revitalization' as source,
        month,
        source_file,
        source_row_number,
        cast(null as string) as person_key,
        'annual operating + property income' as item,
        annual_operating_income + annual_property_income as amount
    from {{ ref('stg_rural_revitalization__households') }}
    where is_valid and {{ in_run('month_start') }}
),

all_rows as (
    select
        resolved.household_key,
        person_rows.source,
        person_rows.month,
        person_rows.source_file,
        person_rows.source_row_number,
        person_rows.person_key,
        person_rows.item,
        person_rows.amount
    from person_rows
    inner join resolved
        on person_rows.month = resolved.month and person_rows.person_key = resolved.person_key

    union all

    select * from household_rows
)

select
    *,
    {{ month_start('month') }} as month_start
from all_rows
