{{ config(materialized='table') }}
-- monitoring.leads: one row per lead (预警线索) as of the latest month built: who, where,
-- which kind and rules, which departments lead it, its due date, status and final outcome
-- (case-loop.md "Outputs"). A whole table: the latest row of each lead's status history.
with

latest as (
    select
        *,
        row_number() over (partition by lead_id order by month_start desc) as recency
    from {{ ref('lead_status') }}
),

routing as (
    select * from {{ ref('stg_reference__rule_routing') }}
),

lead_rules as (
    select
        latest.lead_id,
        lead_rules.rule_code
    from latest
    {{ unnest_rows("split(latest.rules, ',')", 'lead_rules', 'rule_code') }}
    where latest.recency = 1 and latest.rules <> ''
),

departments as (
    -- The departments of a lead's rules, each once, in a fixed order.
    select
        lead_rules.lead_id,
        {{ join_list('array_sort(array_distinct(array_agg(routing.department)))', ',') }}
            as departments
    from lead_rules
    inner join routing on lead_rules.rule_code = routing.rule_code
    group by lead_rules.lead_id
)

select
    latest.lead_id,
    latest.household_key,
    latest.region_code,
    substr(latest.region_code, 1, 6) as county_code,
    substr(latest.region_code, 1, 9) as township_code,
    latest.kind,
    latest.opened_month,
    latest.rules,
    departments.departments,
    latest.due_date,
    latest.status,
    latest.days_overdue,
    latest.outcome,
    latest.outcome_date,
    {{ days_between(
        add_months(month_start('latest.opened_month'), 1), 'latest.outcome_date'
    ) }} as days_to_outcome,
    latest.month as as_of_month
from latest
left join departments on latest.lead_id = departments.lead_id
where latest.recency = 1
