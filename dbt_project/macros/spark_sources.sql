{#- On Spark the raw sources are the Parquet month folders the landing step writes
    (orchestration/lib/landing/parquet_export.py): one view per source table, re-created at
    the start of every run, so a month folder written since is read without registering it.
    On DuckDB the sources are the build database's raw tables and this renders nothing. -#}
{% macro create_spark_sources() -%}
    {%- if target.type == 'spark' and execute -%}
        {%- set landing = env_var('POVMON_SPARK_DIR') ~ '/landing' -%}
        {%- do run_query('create database if not exists raw') -%}
        {%- for source in graph.sources.values() if source.source_name == 'raw' -%}
            {%- do run_query(
                'create or replace view raw.' ~ source.name
                ~ ' as select * from parquet.`' ~ landing ~ '/' ~ source.name ~ '`'
            ) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}

{#- At the end of a Spark run, the columns of every table it holds, as a Parquet table
    (povmon_meta.table_columns): readers outside Spark (the publish step's DuckDB) learn a
    table's columns from it, also for a table with no rows and so no data files. -#}
{% macro record_spark_columns() -%}
    {%- if target.type == 'spark' and execute -%}
        {%- set rows = [] -%}
        {%- for node in graph.nodes.values()
            if node.resource_type in ('model', 'seed')
            and node.config.materialized in ('table', 'incremental', 'seed') -%}
            {%- set relation = adapter.get_relation(node.database, node.schema, node.alias) -%}
            {%- if relation -%}
                {%- for column in adapter.get_columns_in_relation(relation) -%}
                    {%- do rows.append("('" ~ node.schema ~ "', '" ~ node.alias ~ "', "
                        ~ loop.index ~ ", '" ~ column.name ~ "', '" ~ column.dtype ~ "')") -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do run_query('create database if not exists povmon_meta') -%}
        {%- do run_query('drop table if exists povmon_meta.table_columns') -%}
        {%- do run_query(
            'create table povmon_meta.table_columns using parquet as select * from'
            ~ ' values ' ~ rows | join(', ')
            ~ ' as columns (table_schema, table_name, ordinal_position, column_name, data_type)'
        ) -%}
    {%- endif -%}
{%- endmacro %}
