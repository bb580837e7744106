{#- The run's months: the half-open window [min_date, max_date) ('YYYY-MM-01') from the load
    ledger (the earliest month that changed up to the latest month). A month-grained model
    reads its inputs over the window (plus `lookback_months` of history where a rule looks
    back) and writes only the window's months: incremental models delete those months first
    (delete_run_months), then append. The pipeline passes the window in the environment
    (POVMON_RUN_MIN_DATE, POVMON_RUN_MAX_DATE), read only when SQL is rendered for execution:
    dbt does not record it at parse time, so a new month does not make dbt re-parse the whole
    project as a change of --vars would. Vars of the same names win (unit tests, a hand-run
    `dbt build --vars`); without either the window is every month. -#}

{% macro shifted_month(date_text, months) -%}
    {%- set year, month = date_text[:4] | int, date_text[5:7] | int -%}
    {%- set index = year * 12 + month - 1 + months -%}
    {{- return('%04d-%02d-01' | format(index // 12, index % 12 + 1)) -}}
{%- endmacro %}

{% macro run_bound(name, unbounded) -%}
    {%- set value = var(name, '') | string -%}
    {%- if not value and execute -%}
        {%- set value = env_var('POVMON_RUN_' ~ (name | upper), '') -%}
    {%- endif -%}
    {{- return(value or unbounded) -}}
{%- endmacro %}

{#- First and end (exclusive) month of the window as 'YYYY-MM-01'. -#}
{% macro run_start(lookback_months=0) -%}
    {{- return(shifted_month(run_bound('min_date', '1900-01-01'), -(lookback_months | int))) -}}
{%- endmacro %}

{% macro run_end() -%}
    {{- return(shifted_month(run_bound('max_date', '2999-12-01'), 0)) -}}
{%- endmacro %}

{#- A filter on a DATE month column, or (text=true) on a 'YYYY-MM' text column, which compares
    correctly as text because both sides are zero-padded YYYY-MM. -#}
{% macro in_run(column, lookback_months=0, text=false) -%}
    {%- if text -%}
        ({{ column }} >= '{{ run_start(lookback_months)[:7] }}'
        and {{ column }} < '{{ run_end()[:7] }}')
    {%- else -%}
        ({{ column }} >= date '{{ run_start(lookback_months) }}'
        and {{ column }} < date '{{ run_end() }}')
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook of every month-grained incremental model: its window months are rebuilt. -#}
{% macro delete_run_months() -%}
    {{- return(adapter.dispatch('delete_run_months')()) -}}
{%- endmacro %}

{% macro default__delete_run_months() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ in_run('month_start') }}
    {%- endif -%}
{%- endmacro %}

{#- Spark's Parquet tables have no DELETE: the window's month partitions are dropped, then
    insert_overwrite writes the months the run has rows for (a month left with no rows, say
    after a corrected re-delivery, must not keep its old ones). -#}
{% macro spark__delete_run_months() -%}
    {%- if is_incremental() and execute -%}
        {%- set stale = [] -%}
        {%- for row in run_query('show partitions ' ~ this) -%}
            {%- set month = row[0].split('=')[1] -%}
            {%- if run_start() <= month < run_end() -%}
                {%- do stale.append("partition (month_start = '" ~ month ~ "')") -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if stale -%}
            alter table {{ this }} drop if exists {{ stale | join(', ') }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- On Spark every month-grained (incremental) model is partitioned by its month, the unit
    a run rewrites; whole-table models are not partitioned. -#}
{% macro spark__partition_cols(label, required=false) -%}
    {%- if config.get('materialized') == 'incremental' -%}
        {{ label }} (month_start)
    {%- endif -%}
{%- endmacro %}

{#- 'YYYY-MM' text to the DATE month key. -#}
{% macro month_start(month_column) -%}
    cast({{ month_column }} || '-01' as date)
{%- endmacro %}

{#- dbt data tests on a month-grained model look at the run's months only (the others did
    not change); everything else as dbt does it. -#}
{% macro default__get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set tested = graph.nodes.get(model.attached_node) if model.attached_node else none -%}
    {%- if tested and tested.config.materialized == 'incremental' -%}
        {%- set window = in_run('month_start') -%}
        {%- set where = window ~ (' and (' ~ where ~ ')' if where else '') -%}
    {%- endif -%}
    {%- if where -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}
