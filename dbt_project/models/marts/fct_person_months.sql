-- One row per person and month seen in any extract: pseudonymous person key, the household
-- it resolved to (null = unlinked: only in medical or HR data) and its figures.
select
    person_key,
    month,
    month_start,
    month_index,
    household_key,
    is_unlinked,
    has_employment_record,
    employment_status,
    wage_income,
    unemployment_benefit,
    pension_income,
    resident_basic_pension,
    assistance_amount,
    on_dibao_or_tekun,
    on_any_roll,
    on_dibao_active,
    out_of_pocket,
    settlements
from {{ ref('int_person_months') }}
where {{ in_run('month_start') }}
