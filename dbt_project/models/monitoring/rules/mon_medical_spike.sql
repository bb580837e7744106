-- MEDICAL_SPIKE 医疗支出骤增: OOP(m) >= spike_factor x mean monthly OOP over the medical
-- months of m-12..m-1, and OOP(m) >= spike_floor. Policy: 004 L75; 001 篇4 L73.
with

household_months as (
    select * from {{ ref('fct_household_months') }}
    where {{ in_run('month_start') }}
),

parameters as (
    select * from {{ ref('stg_reference__rule_parameters') }}
),

evaluated as (
    select
        household_months.month,
        household_months.household_key,
        household_months.region_code,
        household_months.out_of_pocket as measured_value,
        greatest(
            parameters.spike_factor * household_months.oop_history_mean, parameters.spike_floor
        ) as threshold_value,
        case
            when not household_months.is_medical_month then 'medical_source_missing'
            when household_months.oop_history_months = 0 then 'insufficient_history'
        end as not_evaluated_reason,
        household_months.out_of_pocket
        >= {{ exact('parameters.spike_factor * household_months.oop_history_mean') }}
        and household_months.out_of_pocket >= parameters.spike_floor as condition_met
    from household_months
    cross join parameters
)

{{ rule_verdict('MEDICAL_SPIKE') }}
