-- monitoring.warning_marks: each early warning with where its household stands in the case
-- loop that month: `lead` (an open lead the township still owes an answer for), `in_care`
-- (a monitored household: verified into care, or a roster 监测户), `suppressed` (the rule
-- was excluded by an 排除 within exclusion_months), or null (none of these).
with

warnings as (
    select
        month,
        month_start,
        household_key,
        rule_code
    from {{ ref('early_warnings') }}
    where {{ in_run('month_start') }}
),

states as (
    select
        case_states.household_key,
        case_states.month_start,
        case_states.is_in_care,
        coalesce(case_states.new_lead_id, case_states.risk_lead_id) as open_lead_id,
        {{ transform_list('case_states.suppressions', 'suppressed', 'suppressed.rule_code') }}
            as suppressed_rules
    from {{ ref('case_states') }} as case_states
    where {{ in_run('case_states.month_start') }}
)

select
    warnings.month,
    warnings.month_start,
    warnings.household_key,
    warnings.rule_code,
    case
        when states.open_lead_id is not null then 'lead'
        when states.is_in_care then 'in_care'
        when array_contains(states.suppressed_rules, warnings.rule_code) then 'suppressed'
    end as case_mark,
    states.open_lead_id as lead_id
from warnings
left join states
    on
        warnings.household_key = states.household_key
        and warnings.month_start = states.month_start
