-- monitoring.early_warnings: one row per (month, household_key, rule_code) that fired, with
-- the measured value, its threshold, severity, region, the current unbroken streak and
-- whether it is new this month (monitoring-rules.md "Outputs for each month").
-- Incremental: a streak running into the run's first month continues the streak of the
-- month before (read from this table), so a month's run needs no older history.
with

fired as (
    select
        evaluations.*,
        {{ month_index('evaluations.month') }} as month_index
    from {{ ref('mon_rule_evaluations') }} as evaluations
    where evaluations.is_fired and {{ in_run('evaluations.month_start') }}
),

carried as (
    -- The warnings of the month before the run, whose streaks may go on.
    {%- if is_incremental() %}
        select
            household_key,
            rule_code,
            streak_start,
            streak_length
        from {{ this }}
        where month_start = date '{{ run_start(1) }}'
    {%- else %}
        select
            cast(null as string) as household_key,
            cast(null as string) as rule_code,
            cast(null as string) as streak_start,
            cast(null as bigint) as streak_length
        where false
    {%- endif %}
),

islands as (
    select
        *,
        -- Consecutive months share month_index - position (gaps and islands).
        month_index - row_number() over (
            partition by household_key, rule_code order by month_index
        ) as streak_group
    from fired
),

streaks as (
    select
        *,
        min(month) over (partition by household_key, rule_code, streak_group) as island_start,
        row_number() over (
            partition by household_key, rule_code, streak_group order by month_index
        ) as island_position
    from islands
),

continued as (
    select
        streaks.*,
        -- An island starting in the run's first month continues the month before's streak.
        case
            when streaks.island_start = '{{ run_start()[:7] }}' then carried.streak_start
        end as carried_start,
        case
            when streaks.island_start = '{{ run_start()[:7] }}' then carried.streak_length
        end as carried_length
    from streaks
    left join carried
        on
            streaks.household_key = carried.household_key
            and streaks.rule_code = carried.rule_code
)

select
    continued.month,
    continued.month_start,
    continued.household_key,
    continued.rule_code,
    catalog.rule_name_zh,
    catalog.severity,
    catalog.severity_rank,
    continued.region_code,
    substr(continued.region_code, 1, 6) as county_code,
    continued.measured_value,
    continued.threshold_value,
    coalesce(continued.carried_start, continued.island_start) as streak_start,
    continued.island_position + coalesce(continued.carried_length, 0) as streak_length,
    continued.island_position + coalesce(continued.carried_length, 0) = 1 as is_new
from continued
inner join {{ ref('rule_catalog') }} as catalog on continued.rule_code = catalog.rule_code
