-- restricted.worklist_rows: per month M, one row per lead still open as of M (new, new_risk,
-- overdue, unreachable, clearance reviews): what the township work list of M prints
-- (case-loop.md "Outputs"). `poverty-monitor worklist` only renders these rows; the ID is
-- masked here, and the whole table lives in restricted.duckdb only.
{#- A row of the household's as of a list's month: its latest month up to the list's month,
    within the months the rules look back on. -#}
{%- set lookback_start = add_months('open_leads.month_start', -(var('history_months') | int)) %}
{%- set as_of_list_month = (
    "open_leads.household_key = {0}.household_key"
    ~ " and open_leads.month_start >= {0}.month_start"
    ~ " and " ~ lookback_start ~ " <= {0}.month_start"
).format %}
with

open_leads as (
    select * from {{ ref('lead_status') }}
    where status <> 'closed' and {{ in_run('month_start') }}
),

catalog as (
    select * from {{ ref('rule_catalog') }}
),

routing as (
    select * from {{ ref('stg_reference__rule_routing') }}
),

opening_rules as (
    -- Each rule of a lead as it fired in the opening month: Chinese name, value, threshold.
    select
        open_leads.lead_id,
        open_leads.month_start,
        {{ ordered_string_agg(
            "catalog.rule_name_zh || '：测得 ' || coalesce(printf('%.2f', warnings.measured_value), '-')"
            ~ " || '，阈值 ' || coalesce(printf('%.2f', warnings.threshold_value), '-')",
            '；', 'warnings.rule_code'
        ) }} as rules_text,
        {{ ordered_string_agg('routing.department', '、', 'routing.department', distinct=true) }}
            as departments,
        {{ ordered_string_agg('routing.measure', '；', 'warnings.rule_code') }} as measures
    from open_leads
    inner join {{ ref('early_warnings') }} as warnings
        on
            open_leads.household_key = warnings.household_key
            and open_leads.opened_month = warnings.month
            and array_contains(split(open_leads.rules, ','), warnings.rule_code)
    inner join catalog on warnings.rule_code = catalog.rule_code
    left join routing on warnings.rule_code = routing.rule_code
    group by open_leads.lead_id, open_leads.month_start
),

latest_household_month as (
    -- Members as of the list's month: the household's latest month up to it, within the
    -- months the rules look back on (so a month's list is the same whichever run built it).
    select
        open_leads.lead_id,
        open_leads.month_start,
        household_months.members
    from open_leads
    inner join {{ ref('fct_household_months') }} as household_months
        on {{ as_of_list_month('household_months') }}
    where {{ in_run('household_months.month_start', var('history_months')) }}
    qualify row_number() over (
            partition by open_leads.lead_id, open_leads.month_start
            order by household_months.month_start desc
        ) = 1
),

heads as (
    -- The head of household as of the list's month, the same way.
    select
        open_leads.lead_id,
        open_leads.month_start,
        identity.name as head_name,
        {{ mask_id('identity.id_number') }} as masked_id
    from open_leads
    inner join {{ ref('int_persons_resolved_to_households') }} as persons
        on {{ as_of_list_month('persons') }}
    inner join {{ ref('person_identity') }} as identity on persons.person_key = identity.person_key
    where
        persons.relation_to_head = '户主'
        and {{ in_run('persons.month_start', var('history_months')) }}
    qualify row_number() over (
            partition by open_leads.lead_id, open_leads.month_start
            order by persons.month_start desc, persons.person_key asc
        ) = 1
),

regions as (
    select * from {{ ref('stg_reference__regions') }}
),

households as (
    select
        household_key,
        min(source_household_id) as source_household_id
    from {{ ref('household_identity') }}
    group by household_key
)

select
    open_leads.month,
    open_leads.month_start,
    substr(open_leads.region_code, 1, 9) as township_code,
    -- A name where the reference folder knows one, the code always.
    coalesce(
        townships.region_name || '（' || substr(open_leads.region_code, 1, 9) || '）',
        substr(open_leads.region_code, 1, 9)
    ) as township_label,
    coalesce(
        villages.region_name || '（' || open_leads.region_code || '）', open_leads.region_code
    ) as village_label,
    open_leads.lead_id,
    open_leads.kind,
    case open_leads.kind
        when 'new' then '新线索'
        when 'new_risk' then '新增风险'
        when 'clearance_review' then '风险消除复核'
    end as kind_zh,
    open_leads.region_code as village_code,
    households.source_household_id,
    heads.head_name,
    heads.masked_id,
    latest_household_month.members,
    case
        when open_leads.kind = 'clearance_review'
            then '连续平稳，无预警：复核风险是否消除（填 风险消除 或 继续监测）'
        else opening_rules.rules_text
    end as rules_text,
    open_leads.opened_month as first_warned_month,
    open_leads.due_date,
    open_leads.status,
    case open_leads.status
        when 'new' then '待核实'
        when 'overdue' then '已超期'
        when 'unreachable' then '无法联系，待再核实'
    end as status_zh,
    open_leads.days_overdue,
    case when open_leads.kind = 'clearance_review' then '乡村振兴' else opening_rules.departments end
        as departments,
    case
        when open_leads.kind = 'clearance_review' then '入户核实收入与支出，评估是否稳定'
        else opening_rules.measures
    end as measures
from open_leads
left join opening_rules
    on open_leads.lead_id = opening_rules.lead_id
        and open_leads.month_start = opening_rules.month_start
left join regions as townships on substr(open_leads.region_code, 1, 9) = townships.region_code
left join regions as villages on open_leads.region_code = villages.region_code
left join households on open_leads.household_key = households.household_key
left join heads
    on open_leads.lead_id = heads.lead_id and open_leads.month_start = heads.month_start
left join latest_household_month
    on
        open_leads.lead_id = latest_household_month.lead_id
        and open_leads.month_start = latest_household_month.month_start
