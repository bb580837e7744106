{{ config(materialized='table') }}
-- monitoring.leads: one row per lead (预警线索) as of the latest month built: who, where,
-- which kind and rules, which departments lead it, its due date, status and final outcome
-- (case-loop.md "Outputs"): the latest row of each lead's status history, carried from the
-- previous build (macros/carried_latest.sql), so a month reads its own status rows only.
{%- set status_rows %}
    select
        lead_id,
        household_key,
        region_code,
        kind,
        opened_month,
        rules,
        due_date,
        status,
        days_overdue,
        outcome,
        outcome_date,
        month as as_of_month
    from {{ ref('lead_status') }}
{%- endset %}
with

latest as (
    {{ carried_latest(
        status_rows,
        key='lead_id',
        columns=['lead_id', 'household_key', 'region_code', 'kind', 'opened_month', 'rules',
            'due_date', 'status', 'days_overdue', 'outcome', 'outcome_date', 'as_of_month'],
        order_by='as_of_month desc',
        month_column='as_of_month',
        text=true
    ) | indent(4) }}
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
    where latest.rules <> ''
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
    latest.as_of_month
from latest
left join departments on latest.lead_id = departments.lead_id
