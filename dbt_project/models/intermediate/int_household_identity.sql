{{ config(materialized='table') }}
-- Every household ever seen in a valid row of the roster or the assistance roll, with the
-- department's household id and the latest month it was seen, carried from the previous
-- build (macros/carried_latest.sql), so a month reads its own rows and not every month
-- before it. Restricted: read only by restricted.household_identity.
{%- set rows %}
    select
        household_key,
        'rural_revitalization' as source,
        source_household_id,
        month_start
    from {{ ref('stg_rural_revitalization__households') }}
    where is_valid
    union all
    select
        household_key,
        'civil_affairs' as source,
        source_household_id,
        month_start
    from {{ ref('stg_civil_affairs__assistance_roll') }}
    where is_valid
{%- endset %}

{{ carried_latest(
    rows,
    key='household_key',
    columns=['household_key', 'source', 'source_household_id', 'month_start'],
    order_by='month_start desc'
) }}
