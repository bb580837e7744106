-- The returned work lists' outcome rows, checked on their own (format, allowed outcome, dates
-- against the lead's opening month in its id and the folder month). Whether the lead exists
-- and the outcome fits its kind needs the leads: quality.verifications_checked adds that.
-- The verifier and the note stay here, in the build database (restricted, never published).
with

source as (
    select * from {{ source('raw', 'case_management__verifications') }}
    where {{ in_run('_month', text=true) }}
),

renamed as (
    select
        _month as month,
        {{ month_start('_month') }} as month_start,
        _file as source_file,
        _row_number as source_row_number,
        _loaded_at as loaded_at,
        nullif(trim({{ header('线索编号') }}), '') as lead_id,
        nullif(trim({{ header('核实结果') }}), '') as outcome,
        nullif(trim({{ header('核实日期') }}), '') as verified_date_text,
        {{ parse_date("nullif(trim(" ~ header('核实日期') ~ "), '')") }} as verified_date,
        nullif(trim({{ header('核实人') }}), '') as verifier,
        nullif(trim({{ header('说明') }}), '') as note
    from source
),

dated as (
    select
        *,
        -- The list of a lead opened in month m is issued on the first day of m + 1 (try_cast:
        -- a month 13 in the id is a lead_id_format finding, not an error).
        case
            when {{ regex_full_match('lead_id', '[0-9]{6}-[0-9a-f]{16}') }}
                then {{ add_months(
                    "try_cast(substr(lead_id, 1, 4) || '-' || substr(lead_id, 5, 2) || '-01' as date)", 1
                ) }}
        end as issued_date
    from renamed
),

checked as (
    select
        *,
        {{ dq_checks([
            ('required_value', "lead_id is null"),
            ('lead_id_format', "lead_id is not null and issued_date is null"),
            ('enum_value', not_allowed('outcome', '核实结果', 'case_management__verifications')),
            ('date_format', "outcome is not null and verified_date is null"),
            ('verified_before_issue', "verified_date < issued_date"),
            ('verified_after_folder_month', "verified_date >= " ~ add_months('month_start', 1)),
        ]) }} as dq_checks
    from dated
)

select
    *,
    dq_checks = '' as is_valid
from checked
