-- quality.verifications_checked: the returned outcome rows after the checks that need the
-- leads: the lead id must have been issued (unknown_lead_id) and the outcome must answer its
-- kind (outcome_wrong_kind: 风险消除 / 继续监测 only for clearance reviews). Quarantined rows
-- reach quality.findings; the verifier and the note are not carried here.
with

staged as (
    select * from {{ ref('stg_case_management__verifications') }}
    where {{ in_run('month_start') }}
),

leads as (
    select
        lead_id,
        kind
    from {{ ref('leads') }}
),

checked as (
    select
        staged.month,
        staged.month_start,
        staged.source_file,
        staged.source_row_number,
        staged.loaded_at,
        staged.lead_id,
        leads.kind as lead_kind,
        staged.outcome,
        staged.verified_date_text,
        staged.verified_date,
        staged.issued_date,
        concat_ws(
            ',',
            nullif(staged.dq_checks, ''),
            case
                when staged.issued_date is not null and leads.lead_id is null
                    then 'unknown_lead_id'
            end,
            case
                when
                    (
                        leads.kind = 'clearance_review'
                        and {{ in_outcomes('staged.outcome', 'verification') }}
                    )
                    or (
                        leads.kind <> 'clearance_review'
                        and {{ in_outcomes('staged.outcome', 'clearance') }}
                    )
                    then 'outcome_wrong_kind'
            end
        ) as dq_checks
    from staged
    left join leads on staged.lead_id = leads.lead_id
)

select
    *,
    dq_checks = '' as is_valid
from checked
