"""The Dagster code location: it loads, and one partition materializes idempotently."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
from conftest import point_settings_at

from orchestration.lib.dbt_args import dbt_environment
from orchestration.lib.dbt_manifest import ensure_manifest
from orchestration.settings import PROJECT_ROOT, SHIPPED_REFERENCE_DIR
from synthetic import generate_landing

MONTHS = [f"2025-{m:02d}" for m in range(1, 13)] + ["2026-01", "2026-02", "2026-03"]


def test_definitions_validate(tmp_path, monkeypatch):
    settings = point_settings_at(monkeypatch, tmp_path / "landing", tmp_path / "warehouse")
    ensure_manifest(settings)
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "dagster"),
            "definitions",
            "validate",
            "-m",
            "orchestration.definitions",
        ],
        cwd=PROJECT_ROOT,
        env={**os.environ, **dbt_environment(settings)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Validation successful" in result.stderr + result.stdout


def test_definitions_hold_the_job_schedule_sensor_and_graph(tmp_path, monkeypatch):
    point_settings_at(monkeypatch, tmp_path / "landing", tmp_path / "warehouse")
    from orchestration.definitions import defs

    definitions = defs()
    job = definitions.resolve_job_def("monthly_early_warning")
    assert job.partitions_def is not None
    assert definitions.resolve_schedule_def("monthly_early_warning_schedule")
    assert definitions.resolve_sensor_def("landed_extracts_sensor")
    graph = definitions.resolve_asset_graph()
    upstream = graph.get(
        next(
            k
            for k in graph.get_all_asset_keys()
            if k.path == ["staging", "stg_medical_insurance__settlements"]
        )
    ).parent_keys
    assert {k.to_user_string() for k in upstream} == {"raw/medical_insurance__settlements"}
    publish_parents = {
        k.path[0]
        for k in graph.get(
            next(k for k in graph.get_all_asset_keys() if k.path == ["published_warehouse"])
        ).parent_keys
    }
    assert publish_parents == {"marts", "monitoring", "quality", "restricted"}


def _digest(analytics: Path) -> dict[str, str]:
    with duckdb.connect(str(analytics), read_only=True) as con:
        tables = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables order by 1"
        ).fetchall()
        return {
            table: hashlib.sha256(
                con.execute(f"select * from {table} order by all").df().to_csv().encode()
            ).hexdigest()
            for (table,) in tables
        }


def test_one_partition_materializes_twice_with_identical_results(tmp_path, monkeypatch):
    landing = tmp_path / "landing"
    generate_landing(
        landing, households=60, months=MONTHS, seed=3, reference_dir=SHIPPED_REFERENCE_DIR
    )
    settings = point_settings_at(monkeypatch, landing, tmp_path / "warehouse")
    os.environ.update(dbt_environment(settings))
    ensure_manifest(settings)
    from orchestration.definitions import defs

    job = defs().resolve_job_def("monthly_early_warning")
    digests = []
    for _ in range(2):
        result = job.execute_in_process(partition_key="2026-03-01")
        assert result.success
        digests.append(_digest(settings.analytics_db))
    # Each rule model's materialization carries its warning count (the UI plots the trend).
    spike = next(
        event
        for event in result.get_asset_materialization_events()
        if event.asset_key.path == ["rules", "mon_medical_spike"]
    )
    metadata = spike.step_materialization_data.materialization.metadata
    with duckdb.connect(str(settings.analytics_db), read_only=True) as con:
        flagged = con.execute(
            "select count(*) from monitoring.early_warnings "
            "where rule_code = 'MEDICAL_SPIKE' and month = '2026-03'"
        ).fetchone()[0]
    assert metadata["warnings_last_month"].value == flagged
    # dbt's data tests of the model ride on its materialization (not one asset check each).
    assert re.fullmatch(r"\d+ pass", metadata["dbt_tests"].value)
    assert metadata["dbt_tests_not_passed"].value == "none"
    assert "monitoring.early_warnings" in digests[0]
    assert digests[0] == digests[1]
    with duckdb.connect(str(settings.build_db), read_only=True) as con:
        ledger = con.execute("select count(*), count(distinct month) from raw.load_ledger")
        assert ledger.fetchone() == (5, 1)  # the second run loaded nothing again
