"""Why a run failed, as people read it: the real cause of a dbt stop, and the status file."""

from __future__ import annotations

import json

from orchestration.lib.dbt_results import stopped_summary
from orchestration.lib.run_status import failure_text, month_results, record_result

DBT_LOCK_ERROR = (
    'Encountered an error:\nIO Error: Could not set lock on file "/w/build.duckdb": '
    "Conflicting lock is held in /usr/bin/python3.11 (PID 27285)."
)


def test_a_dbt_stop_names_the_databases_cause_not_the_traceback_after_it():
    summary = stopped_summary([DBT_LOCK_ERROR, "Traceback (most recent call last):\n  File x"])
    assert summary.startswith("dbt build stopped before it finished: IO Error: Could not set lock")
    assert "another process has the build database open" in summary
    assert "\n" not in summary and "Traceback" not in summary
    assert stopped_summary([]).startswith("dbt build stopped before it finished (the run's log")


def test_the_status_file_keeps_each_months_latest_run_without_quoted_values(tmp_path):
    status = tmp_path / "status.json"
    assert month_results(status) == {}
    record_result(status, ["2026-05", "2026-06"], "success", run_id="r1", door="cli")
    cause = "Could not convert string '43062419800101123X' to INT32"
    record_result(status, ["2026-06"], "failed", step="raw_extracts", cause=cause, run_id="r2")
    results = month_results(status)
    assert results["2026-05"]["result"] == "success"
    assert results["2026-06"] | {"at": None} == {
        "month": "2026-06",
        "result": "failed",
        "step": "raw_extracts",
        "cause": "Could not convert string '…' to INT32",
        "at": None,
        "run_id": "r2",
        "door": "",
    }
    assert "43062419800101123X" not in status.read_text()
    assert json.loads(status.read_text())["months"].keys() == {"2026-05", "2026-06"}
    status.write_text("{not json")  # a damaged file reads as no runs, not a crash
    assert month_results(status) == {}


def test_the_alert_is_one_line_naming_the_months_step_and_cause():
    text = failure_text(
        ["2026-04", "2026-06"], "warehouse_models", "name 'Zhang San' bad", "abcdef123"
    )
    assert text == (
        "poverty-monitor: the monthly run for 2026-04..2026-06 failed in warehouse_models: "
        "name '…' bad (Dagster run abcdef12)"
    )
