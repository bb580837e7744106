"""Each fact is written once; where a tool needs its own copy, these tests fail when it drifts:
the landing contract against the spec, the staged-extract list, the rule and check catalogs
against the models, the GE suites' references, the reference files' shape."""

from __future__ import annotations

import csv
import re

import pytest

from orchestration.lib.catalogs import CHECK_NAMES, RULE_CODES
from orchestration.lib.contract import EXTRACT_FILES, RETURNED_FILES, SOURCES
from orchestration.lib.quality.suites import load_specs, resolve_value
from orchestration.lib.reference import REFERENCE_COLUMNS
from orchestration.settings import DBT_PROJECT_DIR, PROJECT_ROOT, SHIPPED_REFERENCE_DIR

SPEC = PROJECT_ROOT.parent / "shared" / "spec" / "landing-contract.md"
MODELS = DBT_PROJECT_DIR / "models"


def spec_tables() -> dict[str, list[tuple[str, str]]]:
    """file name -> (header, rules cell) of each table in landing-contract.md."""
    tables, current = {}, None
    for line in SPEC.read_text(encoding="utf-8").splitlines():
        named = re.findall(r"`(\w+\.csv)`", line)
        if line.startswith("## ") or (named and not line.startswith("|")):
            current = named[-1] if named else None
        elif current and line.startswith("| ") and not line.startswith("| header"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            tables.setdefault(current, []).append((cells[0], cells[-1]))
    return tables


@pytest.mark.skipif(not SPEC.exists(), reason="../shared/spec is not beside the checkout")
def test_contract_headers_and_allowed_values_follow_the_spec():
    tables = spec_tables()
    assert {f.name for f in EXTRACT_FILES} == set(tables)
    for extract in EXTRACT_FILES:
        assert list(extract.columns) == [h for h, _ in tables[extract.name]], extract.name
        # A column the spec marks **optional** may be absent from a delivery; the contract
        # marks the same columns, and only those.
        optional = {h for h, rules in tables[extract.name] if "**optional**" in rules}
        assert set(extract.optional) == optional, extract.name
        assert set(extract.required_columns) == set(extract.columns) - optional, extract.name
        for header, rules in tables[extract.name]:
            listed = re.findall(r"`([^`]+)`", rules)
            if header in extract.allowed and listed:
                assert set(extract.allowed[header]) <= set(listed) | set("01234"), header
            elif len(listed) >= 2 and " / " in rules:
                pytest.fail(f"{extract.name} {header}: the spec lists values {listed}")


def test_sources_and_household_ids():
    assert SOURCES == (
        "civil_affairs",
        "medical_insurance",
        "human_resources",
        "rural_revitalization",
    )
    for extract in EXTRACT_FILES:
        if extract.household_id_column:
            assert extract.household_id_column in extract.columns


def test_staged_extracts_macro_lists_every_extract_of_the_contract():
    macro = (DBT_PROJECT_DIR / "macros" / "staged_extracts.sql").read_text(encoding="utf-8")
    listed = re.findall(r"'source': '(\w+)', 'model': 'stg_(\w+)',\s*'has_id': (true|false)", macro)
    assert [(source, table) for source, table, _ in listed] == [
        (f.source, f.raw_table) for f in EXTRACT_FILES
    ]
    for (_, _, has_id), extract in zip(listed, EXTRACT_FILES, strict=True):
        assert (has_id == "true") == ("身份证号" in extract.columns)
    for extract in EXTRACT_FILES:
        assert list(MODELS.glob(f"staging/*/stg_{extract.raw_table}.sql")), extract.raw_table


def test_every_catalogued_rule_has_its_model_and_every_model_its_row():
    rule_models = {p.stem for p in (MODELS / "monitoring" / "rules").glob("mon_*.sql")}
    assert {f"mon_{code.lower()}" for code in RULE_CODES} == rule_models
    for model in rule_models:
        sql = (MODELS / "monitoring" / "rules" / f"{model}.sql").read_text(encoding="utf-8")
        assert re.findall(r"rule_verdict\('(\w+)'\)", sql) == [model.removeprefix("mon_").upper()]
    union = (MODELS / "monitoring" / "mon_rule_evaluations.sql").read_text(encoding="utf-8")
    assert set(re.findall(r"'(mon_\w+)'", union)) == rule_models


def test_every_check_the_pipeline_raises_is_in_the_check_catalog():
    raised = set()
    for sql in MODELS.glob("staging/*/stg_*.sql"):
        raised |= set(re.findall(r"^\s+\('(\w+)',", sql.read_text(encoding="utf-8"), re.M))
    # The checks that need the leads are named in their model's case expressions.
    lead_checks = (MODELS / "quality" / "verifications_checked.sql").read_text(encoding="utf-8")
    raised |= set(re.findall(r"then '(\w+)'$", lead_checks, re.M))
    for module in (PROJECT_ROOT / "orchestration" / "lib" / "landing").glob("*.py"):
        raised |= set(re.findall(r'FileRejected\(\s*"(\w+)"', module.read_text()))
    raised.add("no_reference")
    assert raised == set(CHECK_NAMES)


def test_suites_name_contract_values_instead_of_restating_them():
    for spec in load_specs():
        for entry in spec.expectations:
            value_set = entry["kwargs"].get("value_set")
            if isinstance(value_set, list) and not all(isinstance(v, bool) for v in value_set):
                pytest.fail(f"{spec.name} restates {value_set}: use $contract or $rule_catalog")
            if isinstance(value_set, dict) and "$PARAMETER" not in value_set:
                assert resolve_value(value_set), (spec.name, value_set)


def test_reference_contract_is_the_shape_of_the_shipped_files():
    for name, columns in REFERENCE_COLUMNS.items():
        with (SHIPPED_REFERENCE_DIR / f"{name}.csv").open(encoding="utf-8-sig") as handle:
            assert next(csv.reader(handle)) == list(columns), name


def test_no_allowed_value_list_is_restated_in_sql():
    """The models take a column's whole list of allowed values from the contract (rules name
    the few values they are about; docs may describe them)."""
    for extract in EXTRACT_FILES:
        for values in extract.allowed.values():
            if len(values) < 3:
                continue
            needle = re.compile(r"\W+".join(re.escape(v) for v in values))
            for path in MODELS.rglob("*.sql"):
                code = [
                    line
                    for line in path.read_text(encoding="utf-8").splitlines()
                    if not line.lstrip().startswith("--")
                ]
                assert not needle.search("\n".join(code)), (path, values)


def test_the_returned_work_list_is_landed_but_is_not_a_department():
    [returned] = RETURNED_FILES
    assert (returned.source, returned.accepted_names) == (
        "case_management",
        ("verifications.csv", "verifications.xlsx"),
    )
    assert returned.columns == ("线索编号", "核实结果", "核实日期", "核实人", "说明")
    assert returned not in EXTRACT_FILES and returned.source not in SOURCES
    macro = (DBT_PROJECT_DIR / "macros" / "staged_extracts.sql").read_text(encoding="utf-8")
    assert "{'source': 'case_management', 'model': 'verifications_checked'" in macro
