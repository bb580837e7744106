with

source as (
    select * from {{ reference_table('rule_routing') }}
),

typed as (
    select
        cast(rule_code as string) as rule_code,
        cast(department as string) as department,
        cast(measure as string) as measure,
        cast(source as string) as reference_source
    from source
)

select * from typed
