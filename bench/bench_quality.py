"""Benchmark: the Great Expectations checks at 100k households x 1 month, and one suite on a
10-million-row batch.

    .venv/bin/python bench/bench_quality.py [households]

Generates 12 months (the generator's minimum), runs the pipeline for the last month only, then
times every suite on that month (the same call the Dagster asset check makes) and the
settlements suite on 10M rows made by repeating the month's staged settlements in DuckDB.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from orchestration.cli.pipeline import run_months
from orchestration.lib.months import month_range
from orchestration.lib.quality.runner import run_suites
from orchestration.settings import load_settings
from synthetic import generate_landing

MONTHS = month_range("2025-07", "2026-06")
STRESS_ROWS = 10_000_000


def main() -> None:
    households = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    root = Path(tempfile.mkdtemp(prefix="povmon-bench-quality-"))
    home = root / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    os.environ.update(
        POVMON_LANDING_DIR=str(root / "raw_landing"),
        POVMON_WAREHOUSE_DIR=str(root / "warehouse"),
        POVMON_PSEUDONYM_KEY="bench-key",
        DAGSTER_HOME=str(home),
    )
    try:
        generate_landing(root / "raw_landing", households, MONTHS, seed=42, dirty_rate=0.02)
        settings = load_settings()
        run_months(settings, [[MONTHS[-1]]])

        started = time.perf_counter()
        outcomes = run_suites(settings.build_db, settings.warehouse_dir, [MONTHS[-1]])
        all_suites = time.perf_counter() - started
        rows = sum(o.rows for o in outcomes)

        stress = root / "stress.duckdb"
        with duckdb.connect(str(stress)) as con:
            con.execute(f"attach '{settings.build_db}' as build (read_only)")
            con.execute("create schema staging")
            month_rows = con.execute(
                "select count(*) from build.staging.stg_medical_insurance__settlements "
                "where month = ?",
                [MONTHS[-1]],
            ).fetchone()[0]
            copies = -(-STRESS_ROWS // month_rows)
            con.execute(
                "create table staging.stg_medical_insurance__settlements as "
                "select s.* replace (s.settlement_id || '-' || r.range as settlement_id) "
                "from build.staging.stg_medical_insurance__settlements as s, range(?) as r "
                "where s.month = ? limit ?",
                [copies, MONTHS[-1], STRESS_ROWS],
            )
        started = time.perf_counter()
        stress_outcomes = [
            o
            for o in run_suites(
                stress,
                root / "stress_warehouse",
                [MONTHS[-1]],
                only=["medical_insurance__settlements"],
            )
        ]
        stress_seconds = time.perf_counter() - started

        print(f"\nhouseholds={households}, month={MONTHS[-1]} (dirty rate 0.02)")
        for outcome in outcomes:
            print(
                f"  {outcome.suite:<36} rows={outcome.rows:>9,}  "
                f"blocking failures={outcome.blocking_failures}  warnings={outcome.warnings}"
            )
        print(
            f"all {len(outcomes)} suites, {rows:,} rows: {all_suites:6.1f} s "
            "(includes importing great_expectations and building Data Docs)"
        )
        print(f"settlements suite on {stress_outcomes[0].rows:,} rows: {stress_seconds:6.1f} s")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
