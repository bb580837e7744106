-- Person -> warehouse household per month (landing-contract.md "Household identity"):
-- the roster household when the person is on the roster that month, otherwise the
-- civil-affairs assistance household. Medical/HR-only persons stay unlinked. A month whose
-- roster or roll was not delivered keeps the membership of the source's last delivered month.
with

membership_months as (
    select
        source,
        month,
        membership_month
    from {{ ref('int_source_months') }}
    where membership_month is not null
),

roster_members as (
    select
        membership_months.month,
        members.person_key,
        members.household_key,
        members.relation_to_head
    from {{ ref('stg_rural_revitalization__members') }} as members
    inner join membership_months
        on
            membership_months.source = 'rural_revitalization'
            and members.month = membership_months.membership_month
    where members.dq_checks = ''
),

assistance_persons as (
    select
        membership_months.month,
        roll.person_key,
        min(roll.household_key) as household_key,
        min(roll.relation_to_head) as relation_to_head
    from {{ ref('stg_civil_affairs__assistance_roll') }} as roll
    inner join membership_months
        on
            membership_months.source = 'civil_affairs'
            and roll.month = membership_months.membership_month
    where roll.dq_checks = ''
    group by membership_months.month, roll.person_key
),

resolved as (
    select
        month,
        person_key,
        household_key,
        'rural_revitalization' as household_source,
        relation_to_head
    from roster_members

    union all

    select
        assistance_persons.month,
        assistance_persons.person_key,
        assistance_persons.household_key,
        'civil_affairs' as household_source,
        assistance_persons.relation_to_head
    from assistance_persons
    left join roster_members
        on
            assistance_persons.month = roster_members.month
            and assistance_persons.person_key = roster_members.person_key
    where roster_members.person_key is null
)

select
    *,
    {{ month_index('month') }} as month_index
from resolved
