-- Every rule's verdict for every household-month in its population: evaluated or not (and
-- why), fired or not. early_warnings and rule_coverage both read from here.
{%- set rule_models = [
    'mon_income_below_dibao', 'mon_income_near_dibao', 'mon_income_below_monitoring_line',
    'mon_income_drop', 'mon_medical_spike', 'mon_medical_catastrophic',
    'mon_expenditure_hardship', 'mon_new_unemployment', 'mon_dibao_exit_review',
] %}
{% for model in rule_models %}
    select
        month,
        month_start,
        household_key,
        rule_code,
        region_code,
        cast(measured_value as double) as measured_value,
        cast(threshold_value as double) as threshold_value,
        not_evaluated_reason,
        is_evaluated,
        is_fired
    from {{ ref(model) }}
    where {{ in_run('month_start') }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
