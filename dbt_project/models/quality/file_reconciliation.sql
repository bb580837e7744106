-- quality.file_reconciliation: per file and month, rows in = rows loaded + rows quarantined.
with

ledger as (
    -- The load in force for each file: its latest successful one.
    select * from {{ ref('stg_landing__load_ledger') }}
    where status = 'loaded' and recency_of_status = 1 and {{ in_run('month', text=true) }}
),

staged as (
    {% for extract in staged_extracts() %}
        select
            '{{ extract.source }}' as source,
            month,
            source_file as file,
            cast(sum(case when is_valid then 1 else 0 end) as bigint) as rows_loaded,
            cast(sum(case when is_valid then 0 else 1 end) as bigint) as rows_quarantined
        from {{ ref(extract.model) }}
        where {{ in_run('month_start') }}
        group by month, source_file
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    ledger.source,
    ledger.month,
    {{ month_start('ledger.month') }} as month_start,
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
