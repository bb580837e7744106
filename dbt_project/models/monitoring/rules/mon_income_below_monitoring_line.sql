-- INCOME_BELOW_MONITORING_LINE 低于监测线: rural roster household whose per-capita income
-- < the province's monitoring line for m's year. Policy: 004 L73. Civil-affairs-only
-- households are outside this rule's population (the line belongs to the rural roster).
with

household_months as (
    select * from {{ ref('fct_household_months') }}
    where household_source = 'rural_revitalization' and {{ in_run('month_start') }}
),

evaluated as (
    select
        month,
        household_key,
        region_code,
        per_capita_income as measured_value,
        monitoring_line_annual as threshold_value,
        case
            when not is_income_month then 'income_sources_missing'
            when not has_income_history then 'insufficient_history'
            when monitoring_line_annual is null then 'no_reference'
        end as not_evaluated_reason,
        {{ exact('per_capita_income') }} < monitoring_line_annual as condition_met
    from household_months
)

{{ rule_verdict('INCOME_BELOW_MONITORING_LINE') }}
