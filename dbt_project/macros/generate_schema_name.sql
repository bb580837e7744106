{#- Use the folder's schema name as is (raw, staging, marts, monitoring, quality), not
    <target>_<schema>: analysts and other systems rely on these names (interfaces.md). -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name if custom_schema_name else target.schema }}
{%- endmacro %}
