{#- GB 11643 resident IDs. `id_column` must already be trimmed and upper-cased (a lower-case x
    is the same as X). Both checks are total: a value of any shape gives true or false, never
    an error (DuckDB evaluates every operand of AND, so a guard cannot protect a cast). -#}

{#- 17 digits and a check character: the shape the checksum is defined on. -#}
{% macro gb11643_has_form(id_column) -%}
    coalesce({{ regex_full_match(id_column, '[0-9]{17}[0-9X]') }}, false)
{%- endmacro %}

{#- The check character: weights 2^(17-i) mod 11, ISO 7064 MOD 11-2. try_cast: a malformed
    value makes the sum null (never an error), and null counts as not matching. -#}
{% macro gb11643_check_matches(id_column) -%}
    coalesce(substr('10X98765432', (
        {%- for weight in [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] %}
        try_cast(substr({{ id_column }}, {{ loop.index }}, 1) as integer) * {{ weight }}
        {%- if not loop.last %} +{% endif %}
        {%- endfor %}
    ) % 11 + 1, 1) = substr({{ id_column }}, 18, 1), false)
{%- endmacro %}

{#- Masked for findings and messages: 430624********123X. Only a value of an ID's shape shows
    any of its characters: text in the ID column may be a name. -#}
{% macro mask_id(id_column) -%}
    case
        when {{ gb11643_has_form(id_column) }}
            then substr({{ id_column }}, 1, 6) || '********' || substr({{ id_column }}, 15, 4)
        when {{ id_column }} is not null then '****'
    end
{%- endmacro %}
