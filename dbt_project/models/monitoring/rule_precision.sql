{{ config(materialized='table') }}
-- monitoring.rule_precision: per rule, county and opening month, what the townships found:
-- precision = confirmed / (confirmed + excluded + already covered), null while none of those
-- came back. A lead counts for every rule it carries (case-loop.md "Outputs").
with

lead_rules as (
    select
        leads.*,
        carried.rule_code
    from {{ ref('leads') }} as leads
    {{ unnest_rows("split(leads.rules, ',')", 'carried', 'rule_code') }}
    where leads.kind <> 'clearance_review'
),

counted as (
    select
        rule_code,
        county_code,
        opened_month,
        count(*) as leads,
        count(case when status = 'closed' then 1 end) as verified,
        count(case when {{ in_outcomes('outcome', 'confirmed') }} then 1 end) as confirmed,
        count(case when outcome = '排除' then 1 end) as excluded,
        count(case when outcome = '已享受政策' then 1 end) as already_covered,
        count(case when status = 'unreachable' then 1 end) as unreachable,
        count(case when status = 'overdue' then 1 end) as overdue
    from lead_rules
    group by rule_code, county_code, opened_month
)

select
    *,
    {{ month_start('opened_month') }} as opened_month_start,
    case
        when confirmed + excluded + already_covered > 0
            then cast(confirmed as double) / (confirmed + excluded + already_covered)
    end as precision
from counted
