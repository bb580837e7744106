-- The load ledger as the rest of the warehouse reads it: every file load or rejection, newest
-- first per file (recency = 1 is the file in force), history kept.
with

source as (
    select * from {{ source('raw', 'load_ledger') }}
),

ranked as (
    select
        source,
        month,
        {{ month_index('month') }} as month_index,
        file,
        sha256,
        rows,
        status,
        check_name,
        message,
        encoding,
        extra_columns,
        run_id,
        loaded_at,
        row_number() over (partition by source, month, file order by loaded_at desc) as recency,
        row_number() over (
            partition by source, month, file, status order by loaded_at desc
        ) as recency_of_status
    from source
)

select * from ranked
