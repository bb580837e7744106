with

source as (
    select * from {{ reference_table('rule_parameters') }}
),

pivoted as (
    -- One row, one column per tunable, so rules can cross join it.
    select
        max(case when parameter = 'income_drop_ratio' then cast(value as decimal(18, 4)) end)
            as income_drop_ratio,
        max(case when parameter = 'income_drop_floor' then cast(value as decimal(18, 2)) end)
            as income_drop_floor,
        max(case when parameter = 'spike_factor' then cast(value as decimal(18, 4)) end)
            as spike_factor,
        max(case when parameter = 'spike_floor' then cast(value as decimal(18, 2)) end)
            as spike_floor,
        max(case when parameter = 'exit_review_months' then cast(value as integer) end)
            as exit_review_months,
        max(case when parameter = 'min_income_months' then cast(value as integer) end)
            as min_income_months,
        max(case when parameter = 'verification_days' then cast(value as integer) end)
            as verification_days,
        max(case when parameter = 'exclusion_months' then cast(value as integer) end)
            as exclusion_months,
        max(case when parameter = 'clearance_months' then cast(value as integer) end)
            as clearance_months
    from source
)

select * from pivoted
