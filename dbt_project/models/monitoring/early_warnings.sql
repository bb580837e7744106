-- monitoring.early_warnings: one row per (month, household_key, rule_code) that fired, with
-- the measured value, its threshold, severity, region, the current unbroken streak and
-- whether it is new this month (monitoring-rules.md "Outputs for each month").
with

fired as (
    select
        evaluations.*,
        {{ month_index('evaluations.month') }} as month_index
    from {{ ref('mon_rule_evaluations') }} as evaluations
    where evaluations.is_fired
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
        min(month) over (partition by household_key, rule_code, streak_group) as streak_start,
        row_number() over (
            partition by household_key, rule_code, streak_group order by month_index
        ) as streak_length
    from islands
)

select
    streaks.month,
    streaks.household_key,
    streaks.rule_code,
    catalog.rule_name_zh,
    catalog.severity,
    catalog.severity_rank,
    streaks.region_code,
    substr(streaks.region_code, 1, 6) as county_code,
    streaks.measured_value,
    streaks.threshold_value,
    streaks.streak_start,
    streaks.streak_length,
    streaks.streak_length = 1 as is_new
from streaks
inner join {{ ref('rule_catalog') }} as catalog on streaks.rule_code = catalog.rule_code
