{#- The staging model of every file of the landing contract, with its source and
    whether its rows carry an ID number. A static list, because dbt must see each ref() while
    it parses; tests/unit/test_contract.py fails when it drifts from the contract. The returned
    work lists are counted after the lead checks (the lead must exist), where rows in = loaded +
    quarantined holds for them. -#}
{% macro staged_extracts() -%}
    {{ return([
        {'source': 'civil_affairs', 'model': 'stg_civil_affairs__assistance_roll', 'has_id': true},
        {'source': 'medical_insurance', 'model': 'stg_medical_insurance__settlements', 'has_id': true},
        {'source': 'human_resources', 'model': 'stg_human_resources__employment', 'has_id': true},
        {'source': 'rural_revitalization', 'model': 'stg_rural_revitalization__households',
            'has_id': false},
        {'source': 'rural_revitalization', 'model': 'stg_rural_revitalization__members', 'has_id': true},
        {'source': 'case_management', 'model': 'verifications_checked', 'has_id': false},
    ]) }}
{%- endmacro %}
