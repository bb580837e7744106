-- A month's run reads var history_months of history before its first month: enough for every
-- rule's look back (INCOME_DROP's m-14 is checked where the window is defined; here the
-- tunable DIBAO_EXIT_REVIEW run). A province raising exit_review_months past it fails here.
select exit_review_months
from {{ ref('stg_reference__rule_parameters') }}
where exit_review_months - 1 > {{ var('history_months') }}
