{#- Thresholds are data: the shipped seed, or the same-named CSV in the folder given as
    POVMON_REFERENCE_DIR / --reference (passed in as var reference_dir). -#}
{% macro reference_table(name) -%}
    {%- if var('reference_dir') -%}
        read_csv('{{ var("reference_dir") }}/{{ name }}.csv', header = true, all_varchar = true)
    {%- else -%}
        {{ ref(name) }}
    {%- endif -%}
{%- endmacro %}
