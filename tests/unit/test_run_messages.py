"""What a person reads when a run fails: one line, the failing dbt nodes, no class names."""

from __future__ import annotations

from types import SimpleNamespace

from orchestration.lib.dbt_results import DataTestResults, failure_summary
from orchestration.lib.run_failures import user_message as _user_message


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


def test_data_test_results_ride_on_the_tested_model():
    manifest = {
        "nodes": {
            "model.p.early_warnings": {"resource_type": "model"},
            "test.p.unique_w.1": {
                "resource_type": "test",
                "attached_node": "model.p.early_warnings",
            },
            "test.p.not_null_w.2": {
                "resource_type": "test",
                "attached_node": None,
                "depends_on": {"nodes": ["model.p.early_warnings"]},
            },
            "test.p.accepted_w.3": {
                "resource_type": "test",
                "attached_node": "model.p.early_warnings",
            },
        }
    }
    tests = DataTestResults(manifest)

    def event(unique_id, status):
        return {"data": {"node_info": {"unique_id": unique_id, "node_status": status}}}

    assert not tests.record(event("model.p.early_warnings", "success"))  # a model: not kept
    assert tests.record(event("test.p.unique_w.1", "pass"))
    assert tests.record(event("test.p.not_null_w.2", "pass"))
    assert tests.record(event("test.p.accepted_w.3", "warn"))
    assert tests.metadata_for("model.p.early_warnings") == {
        "dbt_tests": "2 pass, 1 warn",
        "dbt_tests_not_passed": "accepted_w",
    }
    assert tests.metadata_for("model.p.other") == {}
    assert tests.warned() == ["dbt test accepted_w warned (model early_warnings)"]


def test_a_model_error_shows_the_databases_cause_with_what_to_do_and_no_value():
    run = {
        "results": [
            result(
                "model.poverty_monitor.case_states",
                "error",
                "Runtime Error in model case_states (models/monitoring/case_states.sql)\n"
                "  Out of Memory Error: failed to allocate data of size 16.0 MiB (3.0 MiB/3.0 MiB "
                "used)",
            ),
            result(
                "model.poverty_monitor.stg_x",
                "error",
                "Runtime Error in model stg_x (models/stg_x.sql)\n"
                "  Conversion Error: Could not convert string '43062419800101123X' to INT32",
            ),
        ]
    }
    summary = failure_summary(run)
    assert "model case_states: Out of Memory Error: failed to allocate" in summary
    assert "(raise POVMON_MEMORY_LIMIT (or lower POVMON_THREADS))" in summary
    assert "Could not convert string '…' to INT32" in summary
    assert "43062419800101123X" not in summary
    assert "Runtime Error in" not in summary
