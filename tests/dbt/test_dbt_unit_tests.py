"""dbt's own unit tests (hand-computed boundaries of every rule, the measures and the case
loop) on an empty warehouse: no pipeline, no data. Production runs leave them out."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.dbt_args import dbt_environment, dbt_executable
from orchestration.lib.landing.raw_schema import ensure_raw_schema
from orchestration.settings import DBT_PROJECT_DIR, Settings


def dbt(args: list[str], warehouse: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            dbt_executable(),
            *args,
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(warehouse / "dbt_target"),
            "--log-path",
            str(warehouse / "logs"),
        ],
        cwd=DBT_PROJECT_DIR,
        env={**os.environ, **dbt_environment(Settings(warehouse, warehouse, None, "unused"))},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def unit_test_results(tmp_path_factory) -> tuple[dict[str, str], Path]:
    warehouse = tmp_path_factory.mktemp("dbt_unit") / "warehouse"
    warehouse.mkdir()
    with duckdb.connect(str(warehouse / "build.duckdb")) as con:
        ensure_raw_schema(con)  # the sources exist, empty
    # Unit tests need their models' parents to exist (for column types): build them empty.
    empty = dbt(["build", "--empty", "--exclude-resource-type", "test", "unit_test"], warehouse)
    assert empty.returncode == 0, empty.stdout[-4000:]
    result = dbt(["test", "--select", "test_type:unit"], warehouse)
    run = json.loads((warehouse / "dbt_target" / "run_results.json").read_text())
    # The project's on-run hooks (Spark sources and columns, empty on DuckDB) are results too.
    statuses = {
        item["unique_id"]: item["status"]
        for item in run["results"]
        if item["unique_id"].startswith("unit_test.")
    }
    assert result.returncode == 0, result.stdout[-6000:]
    return statuses, warehouse / "dbt_target" / "manifest.json"


def test_every_unit_test_runs_and_passes(unit_test_results):
    statuses, manifest_path = unit_test_results
    manifest = json.loads(manifest_path.read_text())
    declared = set(manifest["unit_tests"])
    assert len(declared) >= 25
    assert set(statuses) == declared
    assert set(statuses.values()) == {"pass"}


@pytest.mark.parametrize(
    "model",
    [
        "mon_income_below_dibao",
        "mon_income_near_dibao",
        "mon_income_below_monitoring_line",
        "mon_income_drop",
        "mon_medical_spike",
        "mon_medical_catastrophic",
        "mon_expenditure_hardship",
        "mon_new_unemployment",
        "mon_dibao_exit_review",
        "fct_household_months",
        "mart_poverty_measures",
        "early_warnings",
        "household_risk",
    ],
)
def test_each_rule_and_measure_has_boundary_tests(model, unit_test_results):
    tested = {uid.split(".")[2] for uid in unit_test_results[0]}
    assert model in tested
