with

source as (
    select * from {{ reference_table('monitoring_lines') }}
),

typed as (
    select
        cast(province_code as string) as province_code,
        cast(year as integer) as reference_year,
        cast(monitoring_line_annual as decimal(18, 2)) as monitoring_line_annual,
        cast(near_dibao_multiplier as decimal(6, 3)) as near_dibao_multiplier,
        cast(source as string) as reference_source
    from source
)

select * from typed
