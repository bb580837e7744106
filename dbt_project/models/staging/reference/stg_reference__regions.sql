with

source as (
    select * from {{ reference_table('regions') }}
),

typed as (
    select
        cast(region_code as string) as region_code,
        case length(cast(region_code as string))
            when 6 then 'county'
            when 9 then 'township'
            when 12 then 'village'
        end as region_level,
        cast(name as string) as region_name,
        cast(source as string) as reference_source
    from source
)

select * from typed
