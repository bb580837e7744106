{{ config(materialized='table') }}
-- restricted.worklist_rule_guide: the work list's rule sheet, one row per rule: its Chinese
-- name, what it means in plain Chinese, the lead department and the suggested measure.
select
    catalog.rule_code,
    catalog.rule_name_zh,
    catalog.guide_zh,
    routing.department,
    routing.measure,
    catalog.severity_rank
from {{ ref('rule_catalog') }} as catalog
left join {{ ref('stg_reference__rule_routing') }} as routing
    on catalog.rule_code = routing.rule_code
