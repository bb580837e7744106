-- monitoring.rule_coverage: per month and rule, households in the rule's population,
-- evaluated, flagged, and not evaluated with the reasons, so a silent gap is visible.
with

evaluations as (
    select * from {{ ref('mon_rule_evaluations') }}
    where {{ in_run('month_start') }}
),

months as (
    select
        month,
        month_start
    from {{ ref('dim_months') }}
    where {{ in_run('month_start') }}
),

rules as (
    select rule_code from {{ ref('rule_catalog') }}
),

counted as (
    select
        month,
        rule_code,
        count(*) as households_in_scope,
        sum(case when is_evaluated then 1 else 0 end) as households_evaluated,
        sum(case when is_fired then 1 else 0 end) as households_flagged,
        sum(case when is_evaluated then 0 else 1 end) as households_not_evaluated
    from evaluations
    group by month, rule_code
),

reasons as (
    select
        month,
        rule_code,
        not_evaluated_reason,
        count(*) as households
    from evaluations
    where not is_evaluated
    group by month, rule_code, not_evaluated_reason
),

reason_lists as (
    select
        month,
        rule_code,
        {{ dbt.listagg("not_evaluated_reason || ': ' || cast(households as string)", "'; '",
            "order by households desc") }} as not_evaluated_reasons
    from reasons
    group by month, rule_code
)

select
    months.month,
    months.month_start,
    rules.rule_code,
    coalesce(counted.households_in_scope, 0) as households_in_scope,
    coalesce(counted.households_evaluated, 0) as households_evaluated,
    coalesce(counted.households_flagged, 0) as households_flagged,
    coalesce(counted.households_not_evaluated, 0) as households_not_evaluated,
    reason_lists.not_evaluated_reasons
from months
cross join rules
left join counted on months.month = counted.month and rules.rule_code = counted.rule_code
left join reason_lists
    on months.month = reason_lists.month and rules.rule_code = reason_lists.rule_code
