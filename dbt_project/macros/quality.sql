{#- Row-level data-quality checks. `checks` is a list of (check_name, failing_condition);
    the result is a comma-separated list of the failing checks ('' when the row is clean).
    A condition that is null counts as passing, so each one states its own null handling. -#}
{% macro dq_checks(checks) -%}
    concat_ws(','
    {%- for name, condition in checks %},
        case when {{ condition }} then '{{ name }}' end
    {%- endfor %}
    )
{%- endmacro %}

{#- Money as delivered: yuan with up to two decimals, at most ten digits before the point. The
    bound keeps every amount inside the types it is summed and divided in (decimal(18, 2) here,
    a twelfth of a year's income as decimal(20, 10)): a longer one would read as null or stop
    the build. -#}
{% macro is_not_money(column) -%}
    ({{ column }} is not null and not {{ regex_full_match(column, '-?[0-9]{1,10}([.][0-9]{1,2})?') }})
{%- endmacro %}

{% macro is_negative(column) -%}
    (try_cast({{ column }} as decimal(18, 2)) < 0)
{%- endmacro %}

{% macro not_in(column, values, nullable=false) -%}
    (
        {%- if not nullable %}{{ column }} is null or {% endif -%}
        {{ column }} not in ({% for v in values %}'{{ v }}'{% if not loop.last %}, {% endif %}{% endfor %})
    )
{%- endmacro %}
