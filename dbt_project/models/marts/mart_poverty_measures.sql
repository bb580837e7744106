-- Poverty measures per county and month for analysts (policy-sources.md "Measures for
-- analysts"): FGT headcount, gap and severity (alpha = 0, 1, 2) of per-capita income against
-- the dibao line and the monitoring line, SDG 3.8.2 catastrophic health spending shares, and
-- household counts by type and monitoring class. Measures are over persons: each household
-- weighs its members. Poor means y < z (strict, as the rules compare); spending shares are
-- strict too (OOP > 10 % / 25 % of income).
with

household_months as (
    select * from {{ ref('fct_household_months') }}
    where {{ in_run('month_start') }}
),

lines as (
    select
        county_code,
        month,
        household_key,
        household_source,
        household_type,
        monitoring_class,
        members,
        is_income_month,
        is_medical_month,
        has_income_history,
        trailing_annual_income,
        trailing_oop_sum,
        per_capita_income,
        household_source = 'rural_revitalization' as is_roster,
        cast(dibao_line_annual as double) as dibao_line,
        cast(monitoring_line_annual as double) as monitoring_line
    from household_months
),

evaluated as (
    select
        *,
        coalesce(has_income_history and dibao_line > 0, false) as is_dibao_evaluated,
        coalesce(
            is_roster and has_income_history and monitoring_line > 0, false
        ) as is_monitoring_evaluated,
        coalesce(
            has_income_history
            and is_medical_month
            and trailing_annual_income is not null
            and trailing_oop_sum is not null,
            false
        ) as is_sdg_evaluated
    from lines
),

poor as (
    select
        *,
        is_dibao_evaluated
        and {{ exact('per_capita_income') }} < dibao_line as is_below_dibao_line,
        is_monitoring_evaluated
        and {{ exact('per_capita_income') }} < monitoring_line as is_below_monitoring_line,
        is_sdg_evaluated
        and {{ exact('trailing_oop_sum') }}
        > {{ exact('0.10 * trailing_annual_income') }} as is_oop_above_10,
        is_sdg_evaluated
        and {{ exact('trailing_oop_sum') }}
        > {{ exact('0.25 * trailing_annual_income') }} as is_oop_above_25
    from evaluated
),

gaps as (
    select
        *,
        -- Normalised shortfall (z - y) / z for the poor, 0 for the others evaluated, null for
        -- the excluded; an income below zero counts as zero income (the gap is at most 1).
        case
            when is_below_dibao_line
                then least((dibao_line - per_capita_income) / dibao_line, 1.0)
            when is_dibao_evaluated then 0.0
        end as dibao_gap,
        case
            when is_below_monitoring_line
                then least((monitoring_line - per_capita_income) / monitoring_line, 1.0)
            when is_monitoring_evaluated then 0.0
        end as monitoring_gap
    from poor
),

aggregated as (
    -- Each county, and all counties together (person-weighted, so summed here, not averaged
    -- from the county rows).
    {%- for grain in ['county', 'all'] %}
        select
            '{{ grain }}' as grain,
            {% if grain == 'county' %}county_code{% else %}cast(null as string) as county_code{% endif %},
            month,
            count(*) as households,
            sum(members) as persons,
            sum(case when household_type = '脱贫户' then 1 else 0 end) as households_formerly_poor,
            sum(case when household_type = '监测户' then 1 else 0 end) as households_monitored,
            sum(case when household_type = '一般农户' then 1 else 0 end) as households_ordinary,
            sum(case when not is_roster then 1 else 0 end) as households_civil_affairs,
            sum(
                case when monitoring_class = '脱贫不稳定户' then 1 else 0 end
            ) as households_unstable_formerly_poor,
            sum(
                case when monitoring_class = '边缘易致贫户' then 1 else 0 end
            ) as households_marginal_at_risk,
            sum(
                case when monitoring_class = '突发严重困难户' then 1 else 0 end
            ) as households_sudden_hardship,
            sum(case when is_dibao_evaluated then 1 else 0 end) as households_dibao_evaluated,
            sum(case when not is_dibao_evaluated then 1 else 0 end) as households_dibao_excluded,
            sum(case when is_dibao_evaluated then members else 0 end) as persons_dibao_evaluated,
            sum(case when is_below_dibao_line then members else 0 end) as persons_below_dibao_line,
            {{ exact_sum('members * dibao_gap') }} as dibao_gap_weighted,
            {{ exact_sum('members * dibao_gap * dibao_gap') }} as dibao_severity_weighted,
            sum(case when is_roster then 1 else 0 end) as households_monitoring_in_scope,
            sum(
                case when is_roster and not is_monitoring_evaluated then 1 else 0 end
            ) as households_monitoring_excluded,
            sum(
                case when is_monitoring_evaluated then members else 0 end
            ) as persons_monitoring_evaluated,
            sum(
                case when is_below_monitoring_line then members else 0 end
            ) as persons_below_monitoring_line,
            {{ exact_sum('members * monitoring_gap') }} as monitoring_gap_weighted,
            {{ exact_sum('members * monitoring_gap * monitoring_gap') }}
                as monitoring_severity_weighted,
            sum(case when not is_sdg_evaluated then 1 else 0 end) as households_sdg_excluded,
            sum(case when is_sdg_evaluated then members else 0 end) as persons_sdg_evaluated,
            sum(case when is_oop_above_10 then members else 0 end) as persons_oop_above_10,
            sum(case when is_oop_above_25 then members else 0 end) as persons_oop_above_25
        from gaps
        group by {% if grain == 'county' %}county_code, {% endif %}month
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

measured as (
    select
        grain,
        county_code,
        month,
        {{ month_start('month') }} as month_start,
        cast(households as bigint) as households,
        cast(persons as bigint) as persons,
        cast(households_formerly_poor as bigint) as households_formerly_poor,
        cast(households_monitored as bigint) as households_monitored,
        cast(households_ordinary as bigint) as households_ordinary,
        cast(households_civil_affairs as bigint) as households_civil_affairs,
        cast(households_unstable_formerly_poor as bigint) as households_unstable_formerly_poor,
        cast(households_marginal_at_risk as bigint) as households_marginal_at_risk,
        cast(households_sudden_hardship as bigint) as households_sudden_hardship,
        cast(households_dibao_evaluated as bigint) as households_dibao_evaluated,
        cast(households_dibao_excluded as bigint) as households_dibao_excluded,
        cast(persons_dibao_evaluated as bigint) as persons_dibao_evaluated,
        cast(persons_below_dibao_line as bigint) as persons_below_dibao_line,
        cast(persons_below_dibao_line as double)
        / nullif(persons_dibao_evaluated, 0) as fgt0_dibao,
        dibao_gap_weighted / nullif(persons_dibao_evaluated, 0) as fgt1_dibao,
        dibao_severity_weighted / nullif(persons_dibao_evaluated, 0) as fgt2_dibao,
        cast(households_monitoring_in_scope as bigint) as households_monitoring_in_scope,
        cast(households_monitoring_excluded as bigint) as households_monitoring_excluded,
        cast(persons_monitoring_evaluated as bigint) as persons_monitoring_evaluated,
        cast(persons_below_monitoring_line as bigint) as persons_below_monitoring_line,
        cast(persons_below_monitoring_line as double)
        / nullif(persons_monitoring_evaluated, 0) as fgt0_monitoring,
        monitoring_gap_weighted / nullif(persons_monitoring_evaluated, 0) as fgt1_monitoring,
        monitoring_severity_weighted
        / nullif(persons_monitoring_evaluated, 0) as fgt2_monitoring,
        cast(households_sdg_excluded as bigint) as households_sdg_excluded,
        cast(persons_sdg_evaluated as bigint) as persons_sdg_evaluated,
        cast(persons_oop_above_10 as bigint) as persons_oop_above_10,
        cast(persons_oop_above_25 as bigint) as persons_oop_above_25,
        cast(persons_oop_above_10 as double)
        / nullif(persons_sdg_evaluated, 0) as sdg382_share_above_10,
        cast(persons_oop_above_25 as double)
        / nullif(persons_sdg_evaluated, 0) as sdg382_share_above_25
    from aggregated
)

select * from measured
