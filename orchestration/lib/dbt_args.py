"""dbt command lines and environment, as small pure functions (unit-tested without dbt)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from orchestration.lib.reference import absent_reference
from orchestration.settings import Settings


def build_vars(settings: Settings) -> dict[str, object]:
    """The reference folder and the optional reference files it leaves out: the same from run
    to run, so dbt keeps its parsed project (a change of --vars makes it parse everything)."""
    return {
        "reference_dir": str(settings.reference_dir) if settings.reference_dir else "",
        "reference_absent": absent_reference(settings.reference_dir),
    }


def window_environment(min_date: str, max_date: str) -> dict[str, str]:
    """The months the run rebuilds, half-open [min_date, max_date), for macros/run_window.sql:
    in the environment rather than --vars, which would make dbt parse the project again."""
    return {"POVMON_RUN_MIN_DATE": min_date, "POVMON_RUN_MAX_DATE": max_date}


def build_args(dbt_vars: dict[str, object], full_refresh: bool = False) -> list[str]:
    # dbt's unit tests check the SQL, not the data: CI runs them (tests/dbt), a month does not.
    args = [
        "build",
        "--vars",
        json.dumps(dbt_vars, sort_keys=True),
        "--exclude-resource-type",
        "unit_test",
    ]
    return [*args, "--full-refresh"] if full_refresh else args


DBT_TARGETS = {"duckdb": "build", "spark": "spark"}


def dbt_environment(settings: Settings) -> dict[str, str]:
    """What dbt's profiles.yml reads, so dbt and Dagster write the same file."""
    return {
        "POVMON_BUILD_DB": str(settings.build_db),
        "POVMON_THREADS": str(settings.threads),
        "POVMON_MEMORY_LIMIT": settings.memory_limit,
        "POVMON_SPARK_DIR": str(settings.spark_dir),
        "POVMON_SPARK_MEMORY": settings.spark_memory,
        # profiles.yml's output: `build` is the DuckDB file, `spark` the Spark session.
        "DBT_TARGET": DBT_TARGETS[settings.target],
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }


def dbt_executable() -> str:
    """The dbt next to this interpreter, so an un-activated venv works (STACK-NOTES 1)."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")
