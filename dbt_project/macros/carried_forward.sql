{#- Valid rows of a staged extract, as of each month: a month the source did not deliver takes
    the rows of the source's last delivered month (int_source_months.membership_month), so a
    missing roster does not dissolve households. `columns`: what to take from the staged rows. -#}
{% macro carried_forward(staged, source_name, columns) -%}
    select
        membership_months.month,
        {%- for column in columns %}
        staged.{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ staged }} as staged
    inner join {{ ref('int_source_months') }} as membership_months
        on
            membership_months.source = '{{ source_name }}'
            and staged.month = membership_months.membership_month
    where staged.is_valid
{%- endmacro %}
