{#- Thresholds are data: the shipped seed, or the same-named CSV in the folder given as
    POVMON_REFERENCE_DIR / --reference (passed in as var reference_dir). The seed is a
    dependency either way, so the graph dbt runs is the graph Dagster loaded from the
    manifest, whichever folder is given (a dependency that comes and goes with a variable
    made dbt yield assets out of the order Dagster expects). An optional file the folder
    leaves out (regions.csv) reads as no rows. -#}
{% macro reference_table(name) -%}
    {%- set shipped = ref(name) -%}
    {%- if var('reference_dir') and name in var('reference_absent') -%}
        (select * from {{ shipped }} where false)
    {%- elif var('reference_dir') -%}
        {{ read_reference_csv(var('reference_dir') ~ '/' ~ name ~ '.csv', name) }}
    {%- else -%}
        {{ shipped }}
    {%- endif -%}
{%- endmacro %}

{#- The folder's CSV as text columns named by its header. -#}
{% macro read_reference_csv(path, name) -%}
    {{- return(adapter.dispatch('read_reference_csv')(path, name)) -}}
{%- endmacro %}

{% macro default__read_reference_csv(path, name) -%}
    read_csv('{{ path }}', header = true, all_varchar = true)
{%- endmacro %}

{#- Spark SQL reads a CSV with its header only through a table definition: a temporary view
    of the session dbt runs in, made when the model runs. -#}
{% macro spark__read_reference_csv(path, name) -%}
    {%- set view = 'reference_csv__' ~ name -%}
    {%- if execute -%}
        {%- do run_query(
            'create or replace temporary view ' ~ view
            ~ " using csv options (path '" ~ path ~ "', header 'true')"
        ) -%}
    {%- endif -%}
    {{ view }}
{%- endmacro %}
