{#- Clean staged rows hold only the values the landing contract allows for the header (the
    enum_value row check quarantines the others). The raw table is the staging model's name
    without `stg_` (with a `where` config, `model` is a subquery over that model). -#}
{% test allowed_by_contract(model, column_name, header) %}
    {%- set table = modules.re.search('stg_(\\w+)', model | string).group(1) -%}
    select {{ column_name }}
    from {{ model }}
    where
        {{ column_name }} is not null
        and {{ column_name }} not in (
            {%- for value in allowed_values(header, table) -%}
                '{{ value }}'{% if not loop.last %}, {% endif %}
            {%- endfor -%}
        )
{% endtest %}
