with

source as (
    select * from {{ source('raw', 'rural_revitalization__members') }}
    where {{ in_run('_month', text=true) }}
),

households as (
    select distinct
        month,
        source_household_id
    from {{ ref('stg_rural_revitalization__households') }}
    where is_valid and {{ in_run('month_start') }}
),

renamed as (
    select
        _month as month,
        {{ month_start('_month') }} as month_start,
        _file as source_file,
        _row_number as source_row_number,
        _loaded_at as loaded_at,
        _person_key as person_key,
        _household_key as household_key,
        _extra_columns as extra_columns,
        trim({{ header('户编号') }}) as source_household_id,
        upper(trim({{ header('身份证号') }})) as id_number,
        trim({{ header('姓名') }}) as person_name,
        trim({{ header('与户主关系') }}) as relation_to_head,
        trim({{ header('劳动能力') }}) as labour_capacity,
        trim({{ header('残疾等级') }}) as disability_grade,
        trim({{ header('健康状况') }}) as health_status,
        trim({{ header('在校生状况') }}) as schooling,
        -- Optional in the contract: null where the delivery lacks the column or the cell.
        nullif(trim({{ header('残疾类别') }}), '') as disability_type
    from source
),

ranked as (
    select
        renamed.*,
        households.source_household_id is not null as household_exists,
        -- The contract allows one roster household per person and month: later rows are faults.
        row_number() over (
            partition by renamed.month, renamed.id_number order by renamed.source_row_number
        ) as membership_rank
    from renamed
    left join households
        on
            renamed.month = households.month
            and renamed.source_household_id = households.source_household_id
),

checked as (
    select
        *,
        {{ dq_checks([
            ('required_value', "source_household_id is null or id_number is null"),
            ('id_format', "id_number is not null and not " ~ gb11643_has_form('id_number')),
            ('id_checksum', gb11643_has_form('id_number') ~ " and not "
                ~ gb11643_check_matches('id_number')),
            ('enum_value', not_allowed('relation_to_head', '与户主关系')
                ~ " or " ~ not_allowed('labour_capacity', '劳动能力')
                ~ " or " ~ not_allowed('disability_grade', '残疾等级')
                ~ " or " ~ not_allowed('health_status', '健康状况')
                ~ " or " ~ not_allowed('schooling', '在校生状况')
                ~ " or " ~ not_allowed('disability_type', '残疾类别')),
            ('member_household_missing', "source_household_id is not null
                and not household_exists"),
            ('duplicate_roster_membership', "id_number is not null and membership_rank > 1"),
        ]) }} as dq_checks
    from ranked
)

select
    *,
    dq_checks = '' as is_valid
from checked
