{{ config(materialized='table') }}
-- quality.source_months: which department delivered usable files for which month; a missing
-- source means the rules that need it are not evaluated that month (missing is not zero).
select
    month,
    source,
    is_present,
    case
        when is_present then 'delivered'
        when membership_month is not null
            then 'missing (membership carried from '
                || membership_month || ')'
        else 'missing'
    end as status
from {{ ref('int_source_months') }}
