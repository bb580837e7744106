{#- The case loop (../shared/spec/case-loop.md) as SQL. Whether a lead opens in month k depends
    on the leads, outcomes, care and suppressions of the months before, so the state is carried
    month by month: monitoring.case_states holds one row per tracked household and month, and
    each of the run's months is one step from the month before (unrolled here at compile time,
    so it needs no recursive SQL and runs the same on both engines). -#}

{#- The outcome codes, by the kind of lead they answer and what they do (case-loop.md). -#}
{% macro case_outcomes(group) -%}
    {%- set groups = {
        'verification': ['纳入监测', '纳入救助', '已享受政策', '排除', '无法联系'],
        'clearance': ['风险消除', '继续监测'],
        'care': ['纳入监测', '纳入救助', '已享受政策'],
        'confirmed': ['纳入监测', '纳入救助'],
        'final_verification': ['纳入监测', '纳入救助', '已享受政策', '排除'],
    } -%}
    {{- return(groups[group]) -}}
{%- endmacro %}

{% macro in_outcomes(column, group) -%}
    ({{ column }} in ({% for code in case_outcomes(group) %}'{{ code }}'{% if not loop.last %}, {% endif %}{% endfor %}))
{%- endmacro %}

{#- The three kinds of lead, each with its own open lead per household (state column prefix). -#}
{% macro lead_kinds() -%}
    {{- return([
        {'kind': 'new', 'prefix': 'new', 'answers': 'verification'},
        {'kind': 'new_risk', 'prefix': 'risk', 'answers': 'verification'},
        {'kind': 'clearance_review', 'prefix': 'review', 'answers': 'clearance'},
    ]) -}}
{%- endmacro %}

{#- The run's months as 'YYYY-MM-01' texts, in order: from the window's vars when they are a
    real window, else (a plain `dbt build`) the months the warehouse holds. -#}
{% macro case_months() -%}
    {%- if not execute -%}
        {#- Parsing (and sqlfluff): two steps show the shape; the months matter at run time. -#}
        {{- return([run_start(), shifted_month(run_start(), 1)]) -}}
    {%- endif -%}
    {%- set first, last = run_start(), run_end() -%}
    {%- set span = (last[:4] | int - first[:4] | int) * 12 + last[5:7] | int - first[5:7] | int -%}
    {%- if span <= 600 -%}
        {%- set months = [] -%}
        {%- for offset in range(span) -%}
            {%- do months.append(shifted_month(first, offset)) -%}
        {%- endfor -%}
        {{- return(months) -}}
    {%- endif -%}
    {%- set found = run_query('select cast(month_start as string) from '
        ~ ref('int_months') ~ ' order by 1') -%}
    {{- return(found.columns[0].values() | list) -}}
{%- endmacro %}
