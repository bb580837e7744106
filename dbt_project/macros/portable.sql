{#- Small dialect shims, so the models also run on a distributed engine (a later issue). -#}

{% macro regex_full_match(column, pattern) -%}
    {%- if target.type == 'spark' -%}
        ({{ column }} rlike '^{{ pattern }}$')
    {%- else -%}
        regexp_full_match({{ column }}, '{{ pattern }}')
    {%- endif -%}
{%- endmacro %}

{#- 'YYYY-MM' to a month number that windows can count on (RANGE frames, m-11..m). -#}
{% macro month_index(month_column) -%}
    (cast(substr({{ month_column }}, 1, 4) as integer) * 12
     + cast(substr({{ month_column }}, 6, 2) as integer) - 1)
{%- endmacro %}

{% macro month_year(month_column) -%}
    cast(substr({{ month_column }}, 1, 4) as integer)
{%- endmacro %}

{#- Per-capita and mean figures come out of a division as floating point; rounding at 1e-6
    keeps them unrounded to the cent while making exact boundaries (== 12 x standard) compare
    equal. Distinct real values differ by far more than 1e-6 (denominators are <= 12 x size). -#}
{% macro exact(expression) -%}
    round({{ expression }}, 6)
{%- endmacro %}

{#- A sum of floating-point terms that does not depend on the order rows arrive in (parallel
    aggregation adds them in any order, which changes the last bits from run to run): each
    term is fixed to 1e-15 as a decimal, summed exactly, and turned back into a double. -#}
{% macro exact_sum(expression) -%}
    cast(sum(cast({{ expression }} as decimal(38, 15))) as double)
{%- endmacro %}

{#- A DATE n months later (n may be a column or negative), and whole days from one DATE to
    another. -#}
{% macro add_months(date_expression, months) -%}
    {%- if target.type == 'spark' -%}
        add_months({{ date_expression }}, {{ months }})
    {%- else -%}
        cast({{ date_expression }} + to_months(cast({{ months }} as integer)) as date)
    {%- endif -%}
{%- endmacro %}

{% macro days_between(start_date, end_date) -%}
    {%- if target.type == 'spark' -%}
        datediff({{ end_date }}, {{ start_date }})
    {%- else -%}
        date_diff('day', {{ start_date }}, {{ end_date }})
    {%- endif -%}
{%- endmacro %}

{% macro add_days(date_expression, days) -%}
    {%- if target.type == 'spark' -%}
        date_add({{ date_expression }}, {{ days }})
    {%- else -%}
        cast({{ date_expression }} + cast({{ days }} as integer) as date)
    {%- endif -%}
{%- endmacro %}

{#- A delivered (Chinese) column header as an identifier: DuckDB reads it bare, Spark only
    quoted (`结算编号`); adapter.quote gives each engine its own quotes. -#}
{% macro header(name) -%}
    {{- adapter.quote(name) -}}
{%- endmacro %}

{#- A quotient as a double on both engines: DuckDB divides decimals as doubles, Spark would keep
    a decimal cut to 6 places. -#}
{% macro divide(numerator, denominator) -%}
    (cast({{ numerator }} as double) / {{ denominator }})
{%- endmacro %}

{#- A delivered date text as a DATE, null unless it is YYYY-MM-DD (the contract) and a real day:
    both engines' casts also take '2026/5/10' or '2026-5-10', Spark's '2025-01' or a trailing
    time too. try_cast: '2026-02-30' is null, never an error. -#}
{% macro parse_date(text) -%}
    case when {{ regex_full_match(text, '[0-9]{4}-[0-9]{2}-[0-9]{2}') }} then try_cast({{ text }} as date) end
{%- endmacro %}
