"""A generated sample with injected faults: the run completes and publishes, every injected
fault is a finding under the expected check, and every file balances."""

from __future__ import annotations

import json

import duckdb
import pytest
from conftest import pipeline_environment

from orchestration.cli.pipeline import run_months
from orchestration.lib.months import contiguous_runs, landed_months, month_range
from orchestration.settings import SHIPPED_REFERENCE_DIR
from synthetic import generate_landing


@pytest.fixture(scope="module")
def dirty_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("dirty")
    landing = root / "raw_landing"
    generate_landing(
        landing,
        households=200,
        months=month_range("2025-04", "2026-06"),
        seed=5,
        dirty_rate=0.02,
        reference_dir=SHIPPED_REFERENCE_DIR,
    )
    with pipeline_environment(landing, root / "warehouse", key="dirty-key") as settings:
        run_months(settings, contiguous_runs(landed_months(landing)))
    faults = json.loads((landing / "_faults.json").read_text())["faults"]
    return settings, faults


def test_every_injected_fault_is_a_finding_under_its_check(dirty_run):
    settings, faults = dirty_run
    assert len(faults) > 50
    with duckdb.connect(str(settings.analytics_db), read_only=True) as con:
        findings = {
            (source, month, file, row_number, check)
            for source, month, file, row_number, check in con.execute(
                "select source, month, file, row_number, check_name from quality.findings"
            ).fetchall()
        }
    missing = [
        fault
        for fault in faults
        if (
            fault["source"],
            fault["month"],
            fault["file"],
            fault["row_number"],
            fault["expected_check"],
        )
        not in findings
    ]
    assert not missing, missing[:5]


def test_rejected_file_is_named_with_its_column_and_rows_balance(dirty_run):
    settings, faults = dirty_run
    [dropped] = [f for f in faults if f["kind"] == "missing_column"]
    with duckdb.connect(str(settings.analytics_db), read_only=True) as con:
        reason = con.execute(
            "select reason from quality.findings where check_name = 'missing_column'"
        ).fetchone()[0]
        unbalanced = con.execute(
            "select count(*) from quality.file_reconciliation where not is_balanced"
        ).fetchone()[0]
        delivered = con.execute(
            "select source from quality.source_months where month = ? and is_present",
            [dropped["month"]],
        ).fetchall()
        coverage = con.execute(
            "select rule_code, households_evaluated from monitoring.rule_coverage where month = ?",
            [dropped["month"]],
        ).fetchall()
    assert reason == (
        f"{dropped['source']}/{dropped['month']}/{dropped['file']}: "
        f"missing required column {dropped['column']}"
    )
    assert unbalanced == 0
    others = {"civil_affairs", "medical_insurance", "human_resources", "rural_revitalization"}
    assert {source for (source,) in delivered} == others - {dropped["source"]}
    needs = {
        "medical_insurance": {"MEDICAL_SPIKE"},
        "human_resources": {"INCOME_BELOW_DIBAO", "NEW_UNEMPLOYMENT"},
        "civil_affairs": {"INCOME_BELOW_DIBAO"},
    }[dropped["source"]]
    assert {rule for rule, evaluated in coverage if evaluated == 0} >= needs
