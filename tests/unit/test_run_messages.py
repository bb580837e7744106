"""What a person reads when a run fails: one line, the failing dbt nodes, no class names."""

from __future__ import annotations

from types import SimpleNamespace

from orchestration.cli.pipeline import _user_message
from orchestration.lib.dbt_results import failure_summary


def result(unique_id, status, message=""):
    return {"unique_id": unique_id, "status": status, "message": message}


def test_dbt_failures_name_the_nodes_in_one_line():
    run = {
        "results": [
            result("model.poverty_monitor.fct_household_months", "success"),
            result("test.poverty_monitor.unique_x.ec94081cf0", "fail", "Got 1 result, configured"),
            result("model.poverty_monitor.early_warnings", "error", "Binder Error: x\nmore"),
            result("test.poverty_monitor.not_null_y.0a1b2c3d4e", "pass"),
        ]
    }
    assert failure_summary(run) == (
        "dbt build failed: 2 of 4 nodes (test unique_x: Got 1 result, configured; "
        "model early_warnings: Binder Error: x)"
    )


def test_many_failures_are_counted_not_listed():
    run = {"results": [result(f"model.p.m{i}", "error", "boom") for i in range(5)]}
    assert failure_summary(run).endswith("model m2: boom; 2 more)")


def error(cls_name, message, cause=None):
    return SimpleNamespace(cls_name=cls_name, message=message, cause=cause)


def test_step_errors_lose_the_wrapper_and_the_class_name():
    inner = error(
        "ReferenceFolderError",
        "orchestration.lib.reference.ReferenceFolderError: reference file x.csv is missing\n",
    )
    wrapped = error("DagsterExecutionStepExecutionError", "Error occurred while executing", inner)
    assert _user_message(wrapped) == "reference file x.csv is missing"
    assert _user_message(error("Failure", "dagster.Failure: dbt build failed: 1 of 2")) == (
        "dbt build failed: 1 of 2"
    )
    assert _user_message(error("KeyError", "'a': b")) == "'a': b"
