-- monitoring.household_risk: one row per flagged or just-resolved household and month.
-- status: new (nothing fired in m-1), continuing (something fired in m-1 too), resolved
-- (flagged in m-1, evaluated in m and nothing fires).
with

warnings as (
    select
        warnings.*,
        catalog.score_weight,
        {{ month_index('warnings.month') }} as month_index
    from {{ ref('early_warnings') }} as warnings
    inner join {{ ref('rule_catalog') }} as catalog on warnings.rule_code = catalog.rule_code
    -- The run's months and the month before (a household's status compares with m-1).
    where {{ in_run('warnings.month_start', 1) }}
),

flagged as (
    select
        month,
        month_index,
        household_key,
        min(region_code) as region_code,
        {{ dbt.listagg('rule_code', "','", "order by rule_code") }} as rules_fired,
        count(*) as rules_fired_count,
        max(severity_rank) as highest_severity_rank,
        sum(score_weight) as risk_score
    from warnings
    group by month, month_index, household_key
),

evaluated_household_months as (
    select
        month,
        household_key,
        min(region_code) as region_code,
        {{ month_index('month') }} as month_index
    from {{ ref('mon_rule_evaluations') }}
    where is_evaluated and {{ in_run('month_start') }}
    group by month, household_key
),

resolved as (
    select
        evaluated.month,
        evaluated.month_index,
        evaluated.household_key,
        evaluated.region_code,
        '' as rules_fired,
        0 as rules_fired_count,
        cast(null as integer) as highest_severity_rank,
        0 as risk_score
    from evaluated_household_months as evaluated
    inner join flagged as previous
        on
            evaluated.household_key = previous.household_key
            and evaluated.month_index - 1 = previous.month_index
    left join flagged as current_month
        on
            evaluated.household_key = current_month.household_key
            and evaluated.month_index = current_month.month_index
    where current_month.household_key is null
),

severities as (
    select distinct
        severity,
        severity_rank
    from {{ ref('rule_catalog') }}
),

combined as (
    select
        flagged.*,
        case when previous.household_key is null then 'new' else 'continuing' end as status
    from flagged
    left join flagged as previous
        on
            flagged.household_key = previous.household_key
            and flagged.month_index - 1 = previous.month_index

    union all

    select
        *,
        'resolved' as status
    from resolved
)

select
    combined.month,
    {{ month_start('combined.month') }} as month_start,
    combined.household_key,
    combined.region_code,
    substr(combined.region_code, 1, 6) as county_code,
    combined.rules_fired,
    combined.rules_fired_count,
    severities.severity as highest_severity,
    combined.risk_score,
    combined.status
from combined
left join severities
    on combined.highest_severity_rank = severities.severity_rank
where {{ in_run('combined.month', text=true) }}
