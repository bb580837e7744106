with

source as (
    select * from {{ reference_table('rule_routing') }}
),

typed as (
    select
        cast(rule_code as varchar) as rule_code,
        cast(department as varchar) as department,
        cast(measure as varchar) as measure,
        cast(source as varchar) as reference_source
    from source
)

select * from typed
