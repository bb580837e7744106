-- quality.file_reconciliation: per file and month, rows in = rows loaded + rows quarantined.
{%- set row_sources = [
    ('civil_affairs', 'stg_civil_affairs__assistance_roll'),
    ('medical_insurance', 'stg_medical_insurance__settlements'),
    ('human_resources', 'stg_human_resources__employment'),
    ('rural_revitalization', 'stg_rural_revitalization__households'),
    ('rural_revitalization', 'stg_rural_revitalization__members'),
] %}
with

ledger as (
    select
        *,
        row_number() over (partition by source, month, file order by loaded_at desc) as recency
    from {{ source('raw', 'load_ledger') }}
    where status = 'loaded'
),

staged as (
    {% for source_name, model in row_sources %}
        select
            '{{ source_name }}' as source,
            month,
            source_file as file,
            cast(sum(case when dq_checks = '' then 1 else 0 end) as bigint) as rows_loaded,
            cast(sum(case when dq_checks = '' then 0 else 1 end) as bigint) as rows_quarantined
        from {{ ref(model) }}
        group by month, source_file
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    ledger.source,
    ledger.month,
    ledger.file,
    ledger.sha256,
    ledger.loaded_at,
    ledger.rows as rows_in,
    coalesce(staged.rows_loaded, 0) as rows_loaded,
    coalesce(staged.rows_quarantined, 0) as rows_quarantined,
    ledger.rows = coalesce(staged.rows_loaded, 0) + coalesce(staged.rows_quarantined, 0)
        as is_balanced
from ledger
left join staged
    on ledger.source = staged.source and ledger.month = staged.month and ledger.file = staged.file
where ledger.recency = 1
