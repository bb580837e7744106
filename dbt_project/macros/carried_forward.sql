{#- Valid rows of a staged extract, as of each month of the run: a month the source did not
    deliver takes the rows of the source's last delivered month (int_source_months.
    membership_month), so a missing roster does not dissolve households. `columns`: what to
    take from the staged rows. Staged rows are read from the earliest month any run month
    takes its membership from, not from the beginning of history. -#}
{% macro carried_forward(staged, source_name, columns) -%}
    {%- set first_needed = run_start() -%}
    {%- if execute -%}
        {%- set found = run_query(
            "select min(membership_month) from " ~ ref('int_source_months')
            ~ " where source = '" ~ source_name ~ "' and " ~ in_run('month_start')
        ).columns[0].values()[0] -%}
        {%- if found -%}{%- set first_needed = found ~ '-01' -%}{%- endif -%}
    {%- endif %}
    select
        membership_months.month,
        membership_months.month_start,
        {%- for column in columns %}
        staged.{{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ staged }} as staged
    inner join {{ ref('int_source_months') }} as membership_months
        on
            membership_months.source = '{{ source_name }}'
            and staged.month = membership_months.membership_month
    where
        staged.is_valid
        and {{ in_run('membership_months.month_start') }}
        and staged.month_start >= date '{{ first_needed }}'
{%- endmacro %}
