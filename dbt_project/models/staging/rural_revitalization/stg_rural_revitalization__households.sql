with

source as (
    select * from {{ source('raw', 'rural_revitalization__households') }}
    where {{ in_run('_month', text=true) }}
),

renamed as (
    select
        _month as month,
        {{ month_start('_month') }} as month_start,
        _file as source_file,
        _row_number as source_row_number,
        _loaded_at as loaded_at,
        _household_key as household_key,
        _extra_columns as extra_columns,
        trim({{ header('统计月份') }}) as reported_month,
        trim({{ header('户编号') }}) as source_household_id,
        trim({{ header('区划代码') }}) as region_code,
        trim({{ header('户类型') }}) as household_type,
        nullif(trim({{ header('监测对象类别') }}), '') as monitoring_class,
        nullif(trim({{ header('主要风险类型') }}), '') as main_risk,
        nullif(trim({{ header('风险是否消除') }}), '') as risk_cleared,
        trim({{ header('年家庭经营净收入') }}) as operating_income_text,
        trim({{ header('年财产性收入') }}) as property_income_text,
        try_cast(trim({{ header('年家庭经营净收入') }}) as decimal(18, 2)) as annual_operating_income,
        try_cast(trim({{ header('年财产性收入') }}) as decimal(18, 2)) as annual_property_income,
        trim({{ header('收入核查年度') }}) as income_check_year
    from source
),

ranked as (
    select
        *,
        row_number() over (
            partition by month, source_household_id order by source_row_number
        ) as household_rank
    from renamed
),

checked as (
    select
        *,
        {{ dq_checks([
            ('required_value', "reported_month is null or source_household_id is null
                or region_code is null or operating_income_text is null
                or property_income_text is null"),
            ('month_mismatch', "reported_month <> month"),
            ('region_code_format', "region_code is not null and not "
                ~ regex_full_match('region_code', '[0-9]{12}')),
            ('enum_value', not_allowed('household_type', '户类型')
                ~ " or " ~ not_allowed('monitoring_class', '监测对象类别')
                ~ " or " ~ not_allowed('main_risk', '主要风险类型')
                ~ " or " ~ not_allowed('risk_cleared', '风险是否消除')),
            ('amount_format', is_not_money('operating_income_text') ~ " or "
                ~ is_not_money('property_income_text')),
            ('negative_amount', is_negative('property_income_text')),
            ('duplicate_household', "household_rank > 1"),
            ('year_format', "income_check_year is not null and not "
                ~ regex_full_match('income_check_year', '[0-9]{4}')),
        ]) }} as dq_checks
    from ranked
)

select
    *,
    dq_checks = '' as is_valid
from checked
