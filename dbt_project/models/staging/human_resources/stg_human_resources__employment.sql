with

source as (
    select * from {{ source('raw', 'human_resources__employment') }}
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
        trim({{ header('统计月份') }}) as reported_month,
        upper(trim({{ header('身份证号') }})) as id_number,
        trim({{ header('就业状态') }}) as employment_status,
        trim({{ header('月工资收入') }}) as wage_text,
        trim({{ header('失业保险金') }}) as unemployment_benefit_text,
        trim({{ header('养老金') }}) as pension_text,
        try_cast(trim({{ header('月工资收入') }}) as decimal(18, 2)) as wage_income,
        try_cast(trim({{ header('失业保险金') }}) as decimal(18, 2)) as unemployment_benefit,
        try_cast(trim({{ header('养老金') }}) as decimal(18, 2)) as pension_income,
        trim({{ header('养老金类型') }}) as pension_type,
        trim({{ header('参保地区划代码') }}) as region_code
    from source
),

ranked as (
    select
        *,
        -- HR holds one record per person and month; a repeated person would double wages.
        row_number() over (
            partition by month, id_number order by source_row_number
        ) as person_rank
    from renamed
),

checked as (
    select
        *,
        {{ dq_checks([
            ('required_value', "reported_month is null or id_number is null
                or wage_text is null or unemployment_benefit_text is null
                or pension_text is null"),
            ('id_format', "id_number is not null and not " ~ gb11643_has_form('id_number')),
            ('id_checksum', gb11643_has_form('id_number') ~ " and not "
                ~ gb11643_check_matches('id_number')),
            ('month_mismatch', "reported_month <> month"),
            ('region_code_format', "region_code is not null and not "
                ~ regex_full_match('region_code', '[0-9]{12}')),
            ('enum_value', not_allowed('employment_status', '就业状态')
                ~ " or " ~ not_allowed('pension_type', '养老金类型')),
            ('amount_format', is_not_money('wage_text') ~ " or "
                ~ is_not_money('unemployment_benefit_text') ~ " or "
                ~ is_not_money('pension_text')),
            ('duplicate_person_month', "id_number is not null and person_rank > 1"),
            ('negative_amount', is_negative('wage_text') ~ " or "
                ~ is_negative('unemployment_benefit_text') ~ " or "
                ~ is_negative('pension_text')),
        ]) }} as dq_checks
    from ranked
)

select
    *,
    dq_checks = '' as is_valid
from checked
