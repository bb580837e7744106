-- monitoring.lead_status: one row per lead and month k from the month it opened to the month
-- it closed: new (k = the opening month), overdue (no final outcome after that; days overdue
-- = first day of k + 1 - due date), unreachable (latest outcome 无法联系: still open and
-- still counting), closed (with its final outcome) (case-loop.md "Deadlines and status").
{%- set kinds = lead_kinds() %}
with

states as (
    select * from {{ ref('case_states') }}
    where {{ in_run('month_start') }}
),

parameters as (
    select verification_days from {{ ref('stg_reference__rule_parameters') }}
),

leads_in_month as (
    {%- for kind in kinds %}
        {%- set p = kind.prefix %}
        select
            {{ p }}_lead_id as lead_id,
            household_key,
            region_code,
            '{{ kind.kind }}' as kind,
            month_start,
            {{ p }}_opened as opened_start,
            {{ p }}_rules as rule_list,
            case
                when {{ p }}_opened = month_start then 'new'
                when {{ p }}_outcome = '无法联系' then 'unreachable'
                else 'overdue'
            end as status,
            cast(null as string) as outcome,
            cast(null as date) as outcome_date
        from states
        where {{ p }}_lead_id is not null
        union all
        select
            {{ p }}_closed_lead_id as lead_id,
            household_key,
            region_code,
            '{{ kind.kind }}' as kind,
            month_start,
            {{ p }}_closed_opened as opened_start,
            {{ p }}_closed_rules as rule_list,
            'closed' as status,
            {{ p }}_closed_outcome as outcome,
            {{ p }}_closed_date as outcome_date
        from states
        where {{ p }}_closed_lead_id is not null
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

dated as (
    select
        leads_in_month.*,
        -- The list is issued on the first day of the month after the lead opened.
        {{ add_days(add_months('leads_in_month.opened_start', 1), 'parameters.verification_days') }}
            as due_date
    from leads_in_month
    cross join parameters
)

select
    lead_id,
    substr(cast(month_start as string), 1, 7) as month,
    month_start,
    household_key,
    region_code,
    kind,
    substr(cast(opened_start as string), 1, 7) as opened_month,
    {{ join_list('rule_list', ',') }} as rules,
    due_date,
    status,
    case
        when status in ('overdue', 'unreachable')
            then {{ days_between('due_date', add_months('month_start', 1)) }}
    end as days_overdue,
    outcome,
    outcome_date
from dated
