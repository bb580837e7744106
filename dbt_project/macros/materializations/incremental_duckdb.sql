{#- Month-grained models on DuckDB: the pre-hook deletes the run's months (delete_run_months),
    then one INSERT writes them straight from the model's query. dbt-duckdb's own incremental
    materialization first stages the rows in an in-memory TEMP table and copies them over
    (STACK-NOTES 12): twice the writing, and a province's month held in memory. The first
    build and a full refresh create the table from the query. A changed model changes the
    project's hash, which makes the next run a full refresh, so columns cannot drift here;
    INSERT BY NAME would fail loudly if they did. -#}
{% materialization incremental, adapter='duckdb' -%}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set rebuild = existing_relation is none or existing_relation.is_view
        or should_full_refresh() -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- if rebuild and existing_relation is not none %}
        {{ drop_relation_if_exists(existing_relation) }}
    {%- endif %}
    {%- call statement('main') -%}
        {%- if rebuild -%}
            {{ create_table_as(False, target_relation, compiled_code) }}
        {%- else -%}
            insert into {{ target_relation }} by name ({{ compiled_code }})
        {%- endif -%}
    {%- endcall %}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {% do adapter.commit() %}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({'relations': [target_relation]}) }}
{%- endmaterialization %}
