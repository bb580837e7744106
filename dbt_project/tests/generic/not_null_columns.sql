{#- None of the listed columns holds a null: one query per model, where one dbt test node per
    column would cost dbt tens of milliseconds each, whatever the data. A failure is one row
    per column with nulls, naming the column. -#}
{% test not_null_columns(model, columns) %}
    with null_counts as (
        select
        {%- for column in columns %}
            count(*) - count({{ column }}) as nulls_{{ loop.index }}{{ ',' if not loop.last }}
        {%- endfor %}
        from {{ model }}
    )

    {% for column in columns -%}
        select '{{ column }}' as column_name, nulls_{{ loop.index }} as nulls
        from null_counts
        where nulls_{{ loop.index }} > 0
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
{% endtest %}
