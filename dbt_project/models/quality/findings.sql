-- quality.findings: every quarantined row and every rejected file, with what a data steward
-- needs to send it back (source, month, file, row number, check, reason, masked ID).
with

catalog as (
    select * from {{ ref('check_catalog') }}
),

failed_rows as (
    {% for extract in staged_extracts() %}
        select
            '{{ extract.source }}' as source,
            month,
            source_file as file,
            source_row_number as row_number,
            dq_checks,
            {% if extract.has_id -%}
                {{ mask_id('id_number') }}
            {%- else -%}
                cast(null as string)
            {%- endif %} as masked_id
        from {{ ref(extract.model) }}
        where not is_valid and {{ in_run('month_start') }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

row_findings as (
    select
        failed_rows.source,
        failed_rows.month,
        failed_rows.file,
        failed_rows.row_number,
        catalog.check_name,
        catalog.severity,
        catalog.description as reason,
        failed_rows.masked_id
    from failed_rows
    inner join catalog
        on
            catalog.check_level = 'row'
            and position(
                ',' || catalog.check_name || ',' in ',' || failed_rows.dq_checks || ','
            ) > 0
),

ledger as (
    select * from {{ ref('stg_landing__load_ledger') }}
    where {{ in_run('month', text=true) }}
),

file_findings as (
    select
        ledger.source,
        ledger.month,
        ledger.file,
        cast(null as bigint) as row_number,
        ledger.check_name,
        'blocking' as severity,
        ledger.message as reason,
        cast(null as string) as masked_id
    from ledger
    where ledger.status = 'rejected' and ledger.recency = 1
),

reference_kinds as (
    select 'dibao standard' as missing_reference
    union all
    select 'monitoring line' as missing_reference
    union all
    select 'near-dibao multiplier' as missing_reference
    union all
    select 'previous-year disposable income' as missing_reference
),

reference_gaps_by_kind as (
    select
        household_months.month,
        household_months.county_code,
        reference_kinds.missing_reference,
        count(*) as households
    from {{ ref('fct_household_months') }} as household_months
    cross join reference_kinds
    where
        {{ in_run('household_months.month_start') }}
        and (
            (
                reference_kinds.missing_reference = 'dibao standard'
                and household_months.dibao_standard_monthly is null
            )
            or (
                reference_kinds.missing_reference = 'monitoring line'
                and household_months.monitoring_line_annual is null
            )
            or (
                reference_kinds.missing_reference = 'near-dibao multiplier'
                and household_months.near_dibao_multiplier is null
            )
            or (
                reference_kinds.missing_reference = 'previous-year disposable income'
                and household_months.prior_year_disposable_income is null
            )
        )
    group by
        household_months.month,
        household_months.county_code,
        reference_kinds.missing_reference
),

reference_gaps as (
    select
        'reference' as source,
        month,
        cast(null as string) as file,
        cast(null as bigint) as row_number,
        'no_reference' as check_name,
        'warning' as severity,
        'county ' || county_code || ', ' || substr(month, 1, 4) || ': no '
        || {{ dbt.listagg('missing_reference', "', no '", "order by missing_reference") }}
        || ' (' || cast(max(households) as string)
        || ' households, rules needing it not evaluated)' as reason,
        cast(null as string) as masked_id
    from reference_gaps_by_kind
    group by month, county_code
),

all_findings as (
    select * from row_findings
    union all
    select * from file_findings
    union all
    select * from reference_gaps
)

select
    *,
    {{ month_start('month') }} as month_start
from all_findings
