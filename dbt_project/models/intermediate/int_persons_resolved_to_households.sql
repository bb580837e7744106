-- Person -> warehouse household per month (landing-contract.md "Household identity"):
-- the roster household when the person is on the roster that month, otherwise the
-- civil-affairs assistance household. Medical/HR-only persons stay unlinked. A month whose
-- roster or roll was not delivered keeps the membership of the source's last delivered month.
with

roster_members as (
    {{ carried_forward(ref('stg_rural_revitalization__members'), 'rural_revitalization',
        ['person_key', 'household_key', 'relation_to_head']) }}
),

assistance_persons as (
    select
        month,
        person_key,
        min(household_key) as household_key,
        min(relation_to_head) as relation_to_head
    from (
        {{ carried_forward(ref('stg_civil_affairs__assistance_roll'), 'civil_affairs',
            ['person_key', 'household_key', 'relation_to_head']) }}
    ) as roll
    group by month, person_key
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
    {{ month_start('month') }} as month_start,
    {{ month_index('month') }} as month_index
from resolved
