{#- The landing contract lives in models/staging/_staging__sources.yml (sources of `raw`); these
    macros read it from dbt's graph, so allowed values and files are written only there. While
    dbt parses (and when sqlfluff renders a model) the graph is empty: a placeholder keeps the
    SQL well-formed. -#}

{% macro contract_table(table) -%}
    {%- if not (execute and graph is defined and graph.sources) -%}{{ return(none) }}{%- endif -%}
    {%- set node = graph.sources.get('source.' ~ project_name ~ '.raw.' ~ table) -%}
    {%- if node is none -%}
        {{ exceptions.raise_compiler_error('no raw table ' ~ table ~ ' in the landing contract') }}
    {%- endif -%}
    {{ return(node) }}
{%- endmacro %}

{#- Allowed values of a header of a raw table (default: the staging model's own table). -#}
{% macro allowed_values(header, table=none) -%}
    {%- set node = contract_table(table or this.name | replace('stg_', '', 1)) -%}
    {%- if node is none -%}{{ return(['?']) }}{%- endif -%}
    {%- set meta = node.columns[header].meta -%}
    {%- if 'values' not in meta -%}
        {{ exceptions.raise_compiler_error(header ~ ' has no allowed values in the contract') }}
    {%- endif -%}
    {{ return(meta['values'] | map('string') | list) }}
{%- endmacro %}

{#- A row check: the column holds a value the contract does not allow (or is empty where the
    contract requires a value). An optional column is null when a delivery lacks it. -#}
{% macro not_allowed(column, header, table=none) -%}
    {%- set node = contract_table(table or this.name | replace('stg_', '', 1)) -%}
    {%- set meta = node.columns[header].meta if node is not none else {} -%}
    {%- set may_be_empty = meta.get('may_be_empty') or meta.get('optional') -%}
    {{ not_in(column, allowed_values(header, table), nullable=may_be_empty) }}
{%- endmacro %}

{#- How many files each department delivers a month: (source, files) rows for a values clause.
    The case loop's returned work lists are not a department's delivery (case-loop.md). -#}
{% macro contract_files_per_source() -%}
    {%- set counts = {} -%}
    {%- if execute and graph is defined and graph.sources -%}
        {%- for node in graph.sources.values()
            if node.source_name == 'raw' and node.meta.landing and not node.meta.landing.returned -%}
            {%- do counts.update({node.meta.landing.source:
                counts.get(node.meta.landing.source, 0) + 1}) -%}
        {%- endfor -%}
    {%- else -%}
        {%- do counts.update({'?': 1}) -%}
    {%- endif -%}
    {{ return(counts) }}
{%- endmacro %}
