{#- The closing select of every rule model (monitoring/rules/mon_<rule>.sql): one row per
    household-month of the rule's population with the rule's verdict. `evaluated` must have
    month, household_key, region_code, measured_value, threshold_value, not_evaluated_reason
    (null = evaluated) and condition_met. rule_catalog.csv lists the same codes (a test
    checks that every catalogued rule has its model and every model its catalog row). -#}
{% macro rule_verdict(rule_code, evaluated='evaluated') -%}
select
    month,
    {{ month_start('month') }} as month_start,
    household_key,
    '{{ rule_code }}' as rule_code,
    region_code,
    measured_value,
    threshold_value,
    not_evaluated_reason,
    not_evaluated_reason is null as is_evaluated,
    coalesce(not_evaluated_reason is null and condition_met, false) as is_fired
from {{ evaluated }}
{%- endmacro %}
