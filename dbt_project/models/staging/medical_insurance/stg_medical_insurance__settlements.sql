with

source as (
    select * from {{ source('raw', 'medical_insurance__settlements') }}
    where {{ in_run('_month', text=true) }}
),

renamed as (
    select
        _month as month,
        {{ month_start('_month') }} as month_start,
        _file as source_file,
        _row_number as source_row_number,
        _loaded_at as loaded_at,
        _person_key as person_key,
        _extra_columns as extra_columns,
        trim({{ header('结算编号') }}) as settlement_id,
        upper(trim({{ header('身份证号') }})) as id_number,
        trim({{ header('就诊类型') }}) as visit_type,
        trim({{ header('结算日期') }}) as settlement_date_text,
        {{ parse_date('trim(' ~ header('结算日期') ~ ')') }} as settlement_date,
        trim({{ header('医疗总费用') }}) as total_cost_text,
        trim({{ header('统筹基金支付') }}) as fund_paid_text,
        trim({{ header('大病保险支付') }}) as critical_illness_paid_text,
        trim({{ header('医疗救助支付') }}) as medical_assistance_paid_text,
        trim({{ header('个人自付') }}) as out_of_pocket_text,
        try_cast(trim({{ header('医疗总费用') }}) as decimal(18, 2)) as total_cost,
        try_cast(trim({{ header('统筹基金支付') }}) as decimal(18, 2)) as fund_paid,
        try_cast(trim({{ header('大病保险支付') }}) as decimal(18, 2)) as critical_illness_paid,
        try_cast(trim({{ header('医疗救助支付') }}) as decimal(18, 2)) as medical_assistance_paid,
        try_cast(trim({{ header('个人自付') }}) as decimal(18, 2)) as out_of_pocket,
        trim({{ header('主诊断编码') }}) as diagnosis_code,
        trim({{ header('定点机构编码') }}) as provider_code
    from source
),

earlier_deliveries as (
    -- The newest load of each id in a month before the window: a newer one there wins too.
    select
        trim({{ header('结算编号') }}) as settlement_id,
        max(_loaded_at) as newest_loaded_at
    from {{ source('raw', 'medical_insurance__settlements') }}
    where
        _month < '{{ run_start()[:7] }}'
        and trim({{ header('结算编号') }}) in (select renamed.settlement_id from renamed)
    group by trim({{ header('结算编号') }})
),

ranked as (
    select
        renamed.*,
        -- Within one delivery a repeated id is a fault; across deliveries the newest wins.
        row_number()
            over (
                partition by renamed.settlement_id
                order by renamed.loaded_at desc, renamed.month desc, renamed.source_row_number asc
            )
        + case
            when earlier_deliveries.newest_loaded_at > renamed.loaded_at then 1 else 0
        end as settlement_id_rank
    from renamed
    left join earlier_deliveries on renamed.settlement_id = earlier_deliveries.settlement_id
),

checked as (
    select
        *,
        {{ dq_checks([
            ('required_value', "settlement_id is null or id_number is null
                or settlement_date_text is null or total_cost_text is null
                or fund_paid_text is null or critical_illness_paid_text is null
                or medical_assistance_paid_text is null or out_of_pocket_text is null"),
            ('id_format', "id_number is not null and not " ~ gb11643_has_form('id_number')),
            ('id_checksum', gb11643_has_form('id_number') ~ " and not "
                ~ gb11643_check_matches('id_number')),
            ('enum_value', not_allowed('visit_type', '就诊类型')),
            ('amount_format', is_not_money('total_cost_text') ~ " or "
                ~ is_not_money('fund_paid_text') ~ " or "
                ~ is_not_money('critical_illness_paid_text') ~ " or "
                ~ is_not_money('medical_assistance_paid_text') ~ " or "
                ~ is_not_money('out_of_pocket_text')),
            ('negative_amount', is_negative('total_cost_text') ~ " or "
                ~ is_negative('fund_paid_text') ~ " or "
                ~ is_negative('critical_illness_paid_text') ~ " or "
                ~ is_negative('medical_assistance_paid_text') ~ " or "
                ~ is_negative('out_of_pocket_text')),
            ('oop_balance', "abs(out_of_pocket - (total_cost - fund_paid - critical_illness_paid
                - medical_assistance_paid)) > 0.01"),
            ('date_format', "settlement_date_text is not null and settlement_date is null"),
            ('date_outside_month', "substr(cast(settlement_date as string), 1, 7) <> month"),
            ('duplicate_settlement_id', "settlement_id_rank > 1"),
        ]) }} as dq_checks
    from ranked
)

select
    *,
    dq_checks = '' as is_valid
from checked
