with

source as (
    select * from {{ reference_table('disposable_income') }}
),

typed as (
    select
        cast(county_code as string) as county_code,
        cast(year as integer) as reference_year,
        cast(per_capita_disposable_income as decimal(18, 2)) as per_capita_disposable_income,
        cast(source as string) as reference_source
    from source
)

select * from typed
