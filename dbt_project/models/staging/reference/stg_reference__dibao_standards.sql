with

source as (
    select * from {{ reference_table('dibao_standards') }}
),

typed as (
    select
        cast(county_code as string) as county_code,
        cast(year as integer) as reference_year,
        cast(urban_monthly as decimal(18, 2)) as urban_monthly,
        cast(rural_monthly as decimal(18, 2)) as rural_monthly,
        cast(source as string) as reference_source
    from source
)

select * from typed
