{{ config(materialized='table') }}
-- Which sources delivered usable files for which month: "missing is not zero" starts here.
-- membership_month: the month whose membership stands in for this one (itself if present).
-- A source counts for a month once every one of its files has loaded (a later rejected
-- re-delivery leaves the last good load in place; the ledger keeps both).
with

ledger as (
    select * from {{ ref('stg_landing__load_ledger') }}
),

expected_files as (
    -- Files per source, from the landing contract.
    select *
    from (
        values
        {%- for source_name, files in contract_files_per_source().items() %}
            ('{{ source_name }}', {{ files }}){% if not loop.last %},{% endif %}
        {%- endfor %}
    ) as expected (source, expected_files)  -- noqa: AL05
),

months as (
    select distinct month from ledger
),

loaded as (
    select
        source,
        month,
        count(distinct file) as loaded_files
    from ledger
    where status = 'loaded'
    group by source, month
),

grid as (
    select
        months.month,
        expected_files.source,
        expected_files.expected_files
    from months
    cross join expected_files
),

presence as (
    select
        grid.month,
        {{ month_index('grid.month') }} as month_index,
        grid.source,
        coalesce(loaded.loaded_files, 0) >= grid.expected_files as is_present
    from grid
    left join loaded
        on grid.source = loaded.source and grid.month = loaded.month
),

filled as (
    -- Who belongs to which household is carried forward from the source's last delivered
    -- month, so a missing roster does not dissolve households (their amounts are not).
    select
        month,
        {{ month_start('month') }} as month_start,
        month_index,
        source,
        is_present,
        max(case when is_present then month end) over (
            partition by source
            order by month_index
            rows between unbounded preceding and current row
        ) as membership_month
    from presence
)

select * from filled
