{#- GB 11643 check character: weights 2^(17-i) mod 11, ISO 7064 MOD 11-2. `id_column` must
    already be trimmed and upper-cased (a lower-case x is the same as X). -#}
{% macro gb11643_is_valid(id_column) -%}
    (
        {{ regex_full_match(id_column, '[0-9]{17}[0-9X]') }}
        and substr('10X98765432', (
            {%- for weight in [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] %}
            cast(substr({{ id_column }}, {{ loop.index }}, 1) as integer) * {{ weight }}
            {%- if not loop.last %} +{% endif %}
            {%- endfor %}
        ) % 11 + 1, 1) = substr({{ id_column }}, 18, 1)
    )
{%- endmacro %}

{#- Masked for findings and messages: 430624********123X. -#}
{% macro mask_id(id_column) -%}
    case
        when length({{ id_column }}) = 18
            then substr({{ id_column }}, 1, 6) || '********' || substr({{ id_column }}, 15, 4)
        when {{ id_column }} is not null then '****'
    end
{%- endmacro %}
