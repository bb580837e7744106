{#- Lists (DuckDB) and arrays (Spark): the few operations the case loop needs that the two
    engines spell differently. Common spellings are used directly in the models: array_agg,
    array_sort, array_distinct, array_contains, concat, filter, split. -#}

{#- A lambda for filter() and transform_list(): `lambda s: s.x` / `s -> s.x`. -#}
{% macro lambda_expression(parameter, body) -%}
    {{- return(adapter.dispatch('lambda_expression')(parameter, body)) -}}
{%- endmacro %}
{% macro default__lambda_expression(parameter, body) -%}
    lambda {{ parameter }}: {{ body }}
{%- endmacro %}
{% macro spark__lambda_expression(parameter, body) -%}
    {{ parameter }} -> {{ body }}
{%- endmacro %}

{% macro transform_list(list, parameter, body) -%}
    {{- return(adapter.dispatch('transform_list')(list, parameter, body)) -}}
{%- endmacro %}
{% macro default__transform_list(list, parameter, body) -%}
    list_transform({{ list }}, {{ lambda_expression(parameter, body) }})
{%- endmacro %}
{% macro spark__transform_list(list, parameter, body) -%}
    transform({{ list }}, {{ lambda_expression(parameter, body) }})
{%- endmacro %}

{#- Every element of `subset` is in `list`. -#}
{% macro contains_all(list, subset) -%}
    {{- return(adapter.dispatch('contains_all')(list, subset)) -}}
{%- endmacro %}
{% macro default__contains_all(list, subset) -%}
    list_has_all({{ list }}, {{ subset }})
{%- endmacro %}
{% macro spark__contains_all(list, subset) -%}
    (size(array_except({{ subset }}, {{ list }})) = 0)
{%- endmacro %}

{% macro list_length(list) -%}
    {{- return(adapter.dispatch('list_length')(list)) -}}
{%- endmacro %}
{% macro default__list_length(list) -%}
    len({{ list }})
{%- endmacro %}
{% macro spark__list_length(list) -%}
    size({{ list }})
{%- endmacro %}

{% macro join_list(list, separator) -%}
    {{- return(adapter.dispatch('join_list')(list, separator)) -}}
{%- endmacro %}
{% macro default__join_list(list, separator) -%}
    array_to_string({{ list }}, '{{ separator }}')
{%- endmacro %}
{% macro spark__join_list(list, separator) -%}
    array_join({{ list }}, '{{ separator }}')
{%- endmacro %}

{#- A struct value from {field: expression} (in that order). -#}
{% macro struct_of(fields) -%}
    {{- return(adapter.dispatch('struct_of')(fields)) -}}
{%- endmacro %}
{% macro default__struct_of(fields) -%}
    { {%- for name, expression in fields.items() %}'{{ name }}': {{ expression }}{% if not loop.last %}, {% endif %}{% endfor -%} }
{%- endmacro %}
{% macro spark__struct_of(fields) -%}
    named_struct({%- for name, expression in fields.items() %}'{{ name }}', {{ expression }}{% if not loop.last %}, {% endif %}{% endfor -%})
{%- endmacro %}

{#- The type of a list of `element` ('string', or a struct of {field: type}). -#}
{% macro list_type(element) -%}
    {{- return(adapter.dispatch('list_type')(element)) -}}
{%- endmacro %}
{% macro default__list_type(element) -%}
    {%- if element is mapping -%}
        struct({% for name, kind in element.items() %}{{ name }} {{ kind }}{% if not loop.last %}, {% endif %}{% endfor %})[]
    {%- else -%}
        {{ element }}[]
    {%- endif -%}
{%- endmacro %}
{% macro spark__list_type(element) -%}
    {%- if element is mapping -%}
        array<struct<{% for name, kind in element.items() %}{{ name }}: {{ kind }}{% if not loop.last %}, {% endif %}{% endfor %}>>
    {%- else -%}
        array<{{ element }}>
    {%- endif -%}
{%- endmacro %}

{% macro empty_list(element) -%}
    {{- return(adapter.dispatch('empty_list')(element)) -}}
{%- endmacro %}
{% macro default__empty_list(element) -%}
    cast([] as {{ list_type(element) }})
{%- endmacro %}
{% macro spark__empty_list(element) -%}
    cast(array() as {{ list_type(element) }})
{%- endmacro %}

{#- One row per element of `list` beside the row it came from: `from t {{ unnest_rows(...) }}`. -#}
{% macro unnest_rows(list, alias, column) -%}
    {{- return(adapter.dispatch('unnest_rows')(list, alias, column)) -}}
{%- endmacro %}
{% macro default__unnest_rows(list, alias, column) -%}
    cross join unnest({{ list }}) as {{ alias }} ({{ column }})
{%- endmacro %}
{% macro spark__unnest_rows(list, alias, column) -%}
    lateral view explode({{ list }}) {{ alias }} as {{ column }}
{%- endmacro %}

{#- CTEs read more than once: DuckDB computes them once when asked to (Spark decides itself). -#}
{% macro materialized_cte() -%}
    {{- return(adapter.dispatch('materialized_cte')()) -}}
{%- endmacro %}
{% macro default__materialized_cte() -%}
    materialized
{%- endmacro %}
{% macro spark__materialized_cte() -%}
{%- endmacro %}

{#- string_agg in a fixed order (optionally of distinct values, then ordered by themselves). -#}
{% macro ordered_string_agg(expression, separator, order_by, distinct=false) -%}
    {{- return(adapter.dispatch('ordered_string_agg')(expression, separator, order_by, distinct)) -}}
{%- endmacro %}
{% macro default__ordered_string_agg(expression, separator, order_by, distinct) -%}
    string_agg({{ 'distinct ' if distinct }}{{ expression }}, '{{ separator }}' order by {{ order_by }})
{%- endmacro %}
{% macro spark__ordered_string_agg(expression, separator, order_by, distinct) -%}
    string_agg({{ 'distinct ' if distinct }}{{ expression }}, '{{ separator }}')
    within group (order by {{ order_by }})
{%- endmacro %}
