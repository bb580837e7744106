-- monitoring.case_states: the case loop's state per tracked household and month (one row
-- per household and month while it has an open or just-closed lead, is in care or has a rule
-- suppressed): its open lead
-- of each kind with the latest outcome so far, the leads it closed that month, care (from an
-- outcome or the roster), known risks, suppressions after 排除, and the clean-month run the
-- clearance review counts. Each month of the run is one step from the month before
-- (macros/case_loop.sql); an incremental run starts from the stored month before its window.
-- depends_on: {{ ref('int_months') }}
-- Dialect differences (lists, lambdas) go through macros/lists.sql.
-- Lambda parameters read as table references to sqlfluff:
-- noqa: disable=RF01,RF02,RF03
{%- set months = case_months() %}
{%- set kinds = lead_kinds() %}
{%- set suppression = {'rule_code': 'string', 'until_month': 'date'} %}
{%- set pieces = [] %}

{%- set piece_sql %}
    select
        exclusion_months,
        clearance_months
    from {{ ref('stg_reference__rule_parameters') }}
{%- endset %}
{%- do pieces.append(['parameters', piece_sql, false]) %}

{%- set piece_sql %}
    select
        household_key,
        month_start,
        array_sort(array_agg(rule_code)) as rules,
        max(region_code) as region_code
    from {{ ref('early_warnings') }}
    where {{ in_run('month_start') }}
    group by household_key, month_start
{%- endset %}
{%- do pieces.append(['fired', piece_sql, true]) %}

{%- set piece_sql %}
    select
        household_key,
        month_start,
        is_income_month and is_medical_month as is_evaluated
    from {{ ref('fct_household_months') }}
    where {{ in_run('month_start') }}
{%- endset %}
{%- do pieces.append(['household_months', piece_sql, true]) %}

{%- set piece_sql %}
    -- Already a monitored household in the rural-revitalization system, risk not cleared.
    select distinct
        household_key,
        month_start
    from {{ ref('stg_rural_revitalization__households') }}
    where
        is_valid
        and household_type = '监测户'
        and coalesce(risk_cleared, '') <> '是'
        and {{ in_run('month_start') }}
{%- endset %}
{%- do pieces.append(['roster_care', piece_sql, true]) %}

{%- set piece_sql %}
    -- Per lead and folder month, the outcome that month's files say last (by date, then
    -- delivery); empty outcomes are not verifications yet.
    select
        lead_id,
        month_start,
        outcome,
        verified_date
    from (
        select
            *,
            row_number() over (
                partition by lead_id, month_start
                order by verified_date desc, loaded_at desc, source_row_number desc
            ) as recency
        from {{ ref('stg_case_management__verifications') }}
        where is_valid and outcome is not null and {{ in_run('month_start') }}
    ) as ranked
    where recency = 1
{%- endset %}
{%- do pieces.append(['returned', piece_sql, true]) %}

{%- set piece_sql %}
    -- The state at the end of the month before the run.
    {%- if is_incremental() %}
        select * from {{ this }}
        where month_start = date '{{ run_start(1) }}'
    {%- else %}
        select
            cast(null as string) as household_key,
            cast(null as date) as month_start,
            cast(null as string) as region_code,
            cast(null as {{ list_type('string') }}) as fired_rules,
            cast(null as boolean) as is_in_care,
            cast(null as date) as care_start,
            cast(null as date) as roster_since,
            cast(null as {{ list_type('string') }}) as known_risks,
            cast(null as {{ list_type(suppression) }}) as suppressions,
            cast(null as date) as continued_at,
            cast(null as integer) as clean_months,
            {%- for k in kinds %}
                cast(null as string) as {{ k.prefix }}_lead_id,
                cast(null as date) as {{ k.prefix }}_opened,
                cast(null as {{ list_type('string') }}) as {{ k.prefix }}_rules,
                cast(null as string) as {{ k.prefix }}_outcome,
                cast(null as date) as {{ k.prefix }}_outcome_date,
                cast(null as string) as {{ k.prefix }}_closed_lead_id,
                cast(null as date) as {{ k.prefix }}_closed_opened,
                cast(null as {{ list_type('string') }}) as {{ k.prefix }}_closed_rules,
                cast(null as string) as {{ k.prefix }}_closed_outcome,
                cast(null as date) as {{ k.prefix }}_closed_date
                {%- if not loop.last %},{% endif %}
            {%- endfor %}
        where false
    {%- endif %}
{%- endset %}
{%- do pieces.append(['carried', piece_sql, false]) %}

{%- set piece_sql %}
    select household_key from fired
    union
    select household_key from roster_care
    union
    select household_key from carried
{%- endset %}
{%- do pieces.append(['tracked', piece_sql, false]) %}

{%- set piece_sql %}
    select
        tracked.household_key,
        carried.* except (household_key)
    from tracked
    left join carried on tracked.household_key = carried.household_key
{%- endset %}
{%- do pieces.append(['step_0', piece_sql, false]) %}
{%- for month in months %}
    {%- set k = loop.index %}
    {%- set this_month = "date '" ~ month ~ "'" %}

    {%- set piece_sql %}
    with

    step_{{ k }}_outcomes as (
    -- This month's inputs, and this month's returned outcomes applied to the open leads.
        select
            previous.household_key,
            coalesce(fired.region_code, previous.region_code) as region_code,
            coalesce(fired.rules, {{ empty_list('string') }}) as fired_rules,
            roster_care.household_key is not null as is_roster_care,
            coalesce(household_months.is_evaluated, false) and fired.household_key is null
                as is_clean,
            previous.care_start,
            previous.roster_since,
            case when previous.is_in_care then previous.known_risks else {{ empty_list('string') }} end
                as known_risks,
            filter(
                coalesce(previous.suppressions, {{ empty_list(suppression) }}),
                {{ lambda_expression('s', 's.until_month > ' ~ this_month) }}
            ) as suppressions,
            previous.continued_at,
            case
                when coalesce(household_months.is_evaluated, false) and fired.household_key is null
                    then coalesce(previous.clean_months, 0) + 1
                else 0
            end as clean_months,
            {%- for kind in kinds %}
                {%- set p = kind.prefix %}
                previous.{{ p }}_lead_id,
                previous.{{ p }}_opened,
                previous.{{ p }}_rules,
                -- The latest outcome by date wins; a later folder wins a tie.
                case
                    when {{ p }}_returned.outcome is not null
                        and (
                            previous.{{ p }}_outcome_date is null
                            or {{ p }}_returned.verified_date >= previous.{{ p }}_outcome_date
                        )
                        then {{ p }}_returned.outcome
                    else previous.{{ p }}_outcome
                end as {{ p }}_outcome,
                case
                    when {{ p }}_returned.outcome is not null
                        and (
                            previous.{{ p }}_outcome_date is null
                            or {{ p }}_returned.verified_date >= previous.{{ p }}_outcome_date
                        )
                        then {{ p }}_returned.verified_date
                    else previous.{{ p }}_outcome_date
                end as {{ p }}_outcome_date{% if not loop.last %},{% endif %}
            {%- endfor %}
        from step_{{ k - 1 }} as previous
        left join fired
            on previous.household_key = fired.household_key
                and fired.month_start = {{ this_month }}
        left join roster_care
            on previous.household_key = roster_care.household_key
                and roster_care.month_start = {{ this_month }}
        left join household_months
            on previous.household_key = household_months.household_key
                and household_months.month_start = {{ this_month }}
        {%- for kind in kinds %}
            {%- set p = kind.prefix %}
            left join returned as {{ p }}_returned
                on previous.{{ p }}_lead_id = {{ p }}_returned.lead_id
                    and {{ p }}_returned.month_start = {{ this_month }}
                    -- An outcome of the wrong kind is a finding, not applied.
                    and {{ in_outcomes(p ~ '_returned.outcome', kind.answers) }}
        {%- endfor %}
    ),

    step_{{ k }}_closed as (
    -- Leads with a final outcome close; care, suppressions and reviews follow from them.
        select
            *,
            coalesce({{ in_outcomes('new_outcome', 'final_verification') }}, false) as is_new_final,
            coalesce({{ in_outcomes('risk_outcome', 'final_verification') }}, false)
                as is_risk_final,
            coalesce({{ in_outcomes('review_outcome', 'clearance') }}, false) as is_review_final
        from step_{{ k }}_outcomes
    ),

    step_{{ k }}_care as (
        select
            closed.*,
            case
                when closed.is_review_final and closed.review_outcome = '风险消除' then null
                when
                    (closed.is_new_final and {{ in_outcomes('closed.new_outcome', 'care') }})
                    or (closed.is_risk_final and {{ in_outcomes('closed.risk_outcome', 'care') }})
                    then coalesce(closed.care_start, {{ this_month }})
                else closed.care_start
            end as care_start_now,
            -- The rules of the lead whose outcome brought the household into care are known risks.
            array_distinct(concat(
                closed.known_risks,
                case
                    when closed.is_new_final and {{ in_outcomes('closed.new_outcome', 'care') }}
                        then closed.new_rules
                    else {{ empty_list('string') }}
                end,
                case
                    when closed.is_risk_final and {{ in_outcomes('closed.risk_outcome', 'care') }}
                        then closed.risk_rules
                    else {{ empty_list('string') }}
                end
            )) as known_risks_now,
            -- 排除 suppresses the lead's rules from this folder month for exclusion_months months.
            concat(
                closed.suppressions,
                {%- for p in ['new', 'risk'] %}
                    case
                        when closed.is_{{ p }}_final and closed.{{ p }}_outcome = '排除'
                            then {{ transform_list('closed.' ~ p ~ '_rules', 'r', struct_of({
                                'rule_code': 'r',
                                'until_month': add_months(this_month, 'parameters.exclusion_months'),
                            })) }}
                        else {{ empty_list(suppression) }}
                    end{% if not loop.last %},{% endif %}
                {%- endfor %}
            ) as suppressions_now,
            case
                when closed.is_review_final and closed.review_outcome = '继续监测' then {{ this_month }}
                else closed.continued_at
            end as continued_at_now,
            parameters.clearance_months
        from step_{{ k }}_closed as closed
        cross join parameters
    ),

    step_{{ k }}_opens as (
        select
            *,
            care_start_now is not null or is_roster_care as is_in_care_now,
            {{ list_length('fired_rules') }} > 0
            and (is_new_final or new_lead_id is null)
            and not (care_start_now is not null or is_roster_care)
            -- at least one rule that fired is not suppressed
            and not {{ contains_all(
                transform_list('suppressions_now', 's', 's.rule_code'), 'fired_rules'
            ) }} as opens_new,
            {{ list_length('fired_rules') }} > 0
            and (is_risk_final or risk_lead_id is null)
            and (care_start_now is not null or is_roster_care)
            -- a rule fired that is not one of the household's known risks
            and not {{ contains_all('known_risks_now', 'fired_rules') }} as opens_risk,
            care_start_now is not null
            and (is_review_final or review_lead_id is null)
            and clean_months >= clearance_months
            and care_start_now <= {{ add_months(this_month, '-clearance_months') }}
            and (
                continued_at_now is null
                or {{ this_month }} >= {{ add_months('continued_at_now', 'clearance_months') }}
            ) as opens_review
        from step_{{ k }}_care
    )

        select
            household_key,
            {{ this_month }} as month_start,
            region_code,
            fired_rules,
            is_in_care_now as is_in_care,
            care_start_now as care_start,
            case when is_roster_care then coalesce(roster_since, {{ this_month }}) end
                as roster_since,
            -- Rules that fired while in care become known risks for the months after.
            case
                when
                    is_in_care_now
                    then array_sort(array_distinct(concat(known_risks_now, fired_rules)))
                else {{ empty_list('string') }}
            end as known_risks,
            suppressions_now as suppressions,
            continued_at_now as continued_at,
            clean_months,
            {%- for kind in kinds %}
                {%- set p = kind.prefix %}
                {%- set final = 'is_' ~ p ~ '_final' %}
                case
                    when opens_{{ p }}
                        then '{{ month[:4] }}{{ month[5:7] }}-' || substr(household_key, 1, 16)
                    when {{ final }} then null
                    else {{ p }}_lead_id
                end as {{ p }}_lead_id,
                case
                    when opens_{{ p }} then {{ this_month }}
                    when {{ final }} then null
                    else {{ p }}_opened
                end as {{ p }}_opened,
                case
                    {%- if p == 'review' %}
                        when opens_{{ p }} then {{ empty_list('string') }}
                    {%- else %}
                        when opens_{{ p }} then fired_rules
                    {%- endif %}
                    when {{ final }} then null
                    else {{ p }}_rules
                end as {{ p }}_rules,
                case when opens_{{ p }} or {{ final }} then null else {{ p }}_outcome end
                    as {{ p }}_outcome,
                case when opens_{{ p }} or {{ final }} then null else {{ p }}_outcome_date end
                    as {{ p }}_outcome_date,
                case when {{ final }} then {{ p }}_lead_id end as {{ p }}_closed_lead_id,
                case when {{ final }} then {{ p }}_opened end as {{ p }}_closed_opened,
                case when {{ final }} then {{ p }}_rules end as {{ p }}_closed_rules,
                case when {{ final }} then {{ p }}_outcome end as {{ p }}_closed_outcome,
                case when {{ final }} then {{ p }}_outcome_date end as {{ p }}_closed_date
                {%- if not loop.last %},{% endif %}
            {%- endfor %}
        from step_{{ k }}_opens
    {%- endset %}
    {%- do pieces.append(['step_' ~ k, piece_sql, true]) %}
{%- endfor %}

{%- set stored %}
{%- if months %}
    {%- for month in months %}

        select * from step_{{ loop.index }}
        -- Stored only while the household has state: a household with no lead, no care and
        -- no suppression left starts afresh when it is next warned (the same as never
        -- tracked), so the table grows with what is open, not with everyone ever warned.
        where
            new_lead_id is not null or risk_lead_id is not null or review_lead_id is not null
            or new_closed_lead_id is not null or risk_closed_lead_id is not null
            or review_closed_lead_id is not null
            or is_in_care or {{ list_length('suppressions') }} > 0
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- else %}
    select * from carried where false
{%- endif %}
{%- endset %}

{{ chained_steps(pieces, stored) }}
