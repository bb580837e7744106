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
        read_csv('{{ var("reference_dir") }}/{{ name }}.csv', header = true, all_varchar = true)
    {%- else -%}
        {{ shipped }}
    {%- endif -%}
{%- endmacro %}
