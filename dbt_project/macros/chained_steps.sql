{#- A query built as a chain of steps, each reading the ones before it (the case loop's months):
    pieces are [name, sql, materialize] in order, `final` selects from them. -#}
{% macro chained_steps(pieces, final) -%}
    {{- return(adapter.dispatch('chained_steps')(pieces, final)) -}}
{%- endmacro %}

{#- DuckDB: one statement of CTEs, the ones read more than once materialized. -#}
{% macro default__chained_steps(pieces, final) -%}
with
{% for name, sql, materialize in pieces %}
{{ name }} as {{ 'materialized ' if materialize }}(
{{ sql }}
){{ ',' if not loop.last }}
{% endfor %}
{{ final }}
{%- endmacro %}

{#- Spark inlines every CTE into the plan that reads it, so month k's plan would hold all the
    months before it (the analyzer gives up, or the broadcasts run out of memory): each step is
    written to a working table of the model's schema (<model>__<step>, replaced every run) and
    read back through a temporary view of the step's name, so each plan is one step deep. -#}
{% macro spark__chained_steps(pieces, final) -%}
    {%- if execute -%}
        {%- for name, sql, materialize in pieces -%}
            {%- set table = this.schema ~ '.' ~ this.identifier ~ '__' ~ name -%}
            {%- do run_query('drop table if exists ' ~ table) -%}
            {%- do run_query('create table ' ~ table ~ ' using parquet as ' ~ sql) -%}
            {%- do run_query(
                'create or replace temporary view ' ~ name ~ ' as select * from ' ~ table
            ) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ final }}
{%- endmacro %}
