with

source as (
    select * from {{ source('raw', 'civil_affairs__assistance_roll') }}
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
        _household_key as household_key,
        _extra_columns as extra_columns,
        trim({{ header('统计月份') }}) as reported_month,
        trim({{ header('区划代码') }}) as region_code,
        trim({{ header('救助户编号') }}) as source_household_id,
        trim({{ header('城乡类别') }}) as urban_rural,
        upper(trim({{ header('身份证号') }})) as id_number,
        trim({{ header('姓名') }}) as person_name,
        trim({{ header('与户主关系') }}) as relation_to_head,
        trim({{ header('救助类别') }}) as assistance_category,
        trim({{ header('保障状态') }}) as assistance_status,
        trim({{ header('月救助金额') }}) as assistance_amount_text,
        try_cast(trim({{ header('月救助金额') }}) as decimal(18, 2)) as assistance_amount,
        trim({{ header('认定日期') }}) as recognised_date_text,
        {{ parse_date('trim(' ~ header('认定日期') ~ ')') }} as recognised_date
    from source
),

checked as (
    select
        *,
        {{ dq_checks([
            ('required_value', "reported_month is null or region_code is null
                or source_household_id is null or id_number is null
                or assistance_amount_text is null"),
            ('id_format', "id_number is not null and not " ~ gb11643_has_form('id_number')),
            ('id_checksum', gb11643_has_form('id_number') ~ " and not "
                ~ gb11643_check_matches('id_number')),
            ('month_mismatch', "reported_month <> month"),
            ('region_code_format', "region_code is not null and not "
                ~ regex_full_match('region_code', '[0-9]{12}')),
            ('enum_value', not_allowed('urban_rural', '城乡类别')
                ~ " or " ~ not_allowed('assistance_category', '救助类别')
                ~ " or " ~ not_allowed('assistance_status', '保障状态')
                ~ " or " ~ not_allowed('relation_to_head', '与户主关系')),
            ('amount_format', is_not_money('assistance_amount_text')),
            ('negative_amount', is_negative('assistance_amount_text')),
            ('date_format', "recognised_date_text is not null and recognised_date is null"),
        ]) }} as dq_checks
    from renamed
)

select
    *,
    dq_checks = '' as is_valid
from checked
