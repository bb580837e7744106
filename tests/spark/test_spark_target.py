"""The same dbt models on Spark (local mode), through the user's door: `poverty-monitor run
--target spark` on a generated sample builds with every dbt test passing, and the published
early warnings, household risk and rule coverage equal the DuckDB run's on the same landing,
row for row and column for column; again after a corrected re-delivery of one month (the
incremental path on both engines: delete+insert on DuckDB, month partitions on Spark)."""

from __future__ import annotations

import resource
from pathlib import Path

import duckdb
import pytest
from extract_edits import correct_oop, spike_in_the_middle
from user_door import cli, last_build

MONTHS = "2025-01:2026-06"  # 18 months
COMPARED = ("monitoring.early_warnings", "monitoring.household_risk", "monitoring.rule_coverage")


def differences(duckdb_warehouse: Path, spark_warehouse: Path) -> dict[str, tuple[int, int]]:
    """table -> (rows only on DuckDB, rows only on Spark), every column compared as stored."""
    found = {}
    with duckdb.connect() as con:
        con.execute(f"attach '{duckdb_warehouse / 'analytics.duckdb'}' as on_duckdb (read_only)")
        con.execute(f"attach '{spark_warehouse / 'analytics.duckdb'}' as on_spark (read_only)")
        for table in COMPARED:
            columns = [row[0] for row in con.execute(f"describe on_duckdb.{table}").fetchall()]
            listed = ", ".join(f'"{c}"' for c in columns)  # by name: Spark puts partitions last
            a, b = (f"select {listed} from {side}.{table}" for side in ("on_duckdb", "on_spark"))
            found[table] = (
                con.execute(f"select count(*) from ({a} except all {b})").fetchone()[0],
                con.execute(f"select count(*) from ({b} except all {a})").fetchone()[0],
            )
            assert con.execute(f"select count(*) from on_duckdb.{table}").fetchone()[0] > 0
    return found


def run_both(landing: Path, warehouses: dict[str, Path], root: Path) -> None:
    for target, warehouse in warehouses.items():
        cli(
            "run",
            "--landing",
            str(landing),
            "--warehouse",
            str(warehouse),
            "--target",
            target,
            home=root / f"home_{target}",
            timeout=3600,
        )


@pytest.fixture(scope="module")
def both_engines(tmp_path_factory):
    root = tmp_path_factory.mktemp("spark_target")
    landing, on_duckdb, on_spark = root / "raw_landing", root / "duckdb", root / "spark"
    cli(
        "generate",
        "--households",
        "300",
        "--months",
        MONTHS,
        "--out",
        str(landing),
        "--seed",
        "11",
        home=root / "home",
    )
    warehouses = {"duckdb": on_duckdb, "spark": on_spark}
    run_both(landing, warehouses, root)
    first = differences(on_duckdb, on_spark)
    # The medical department corrects a month that had a spike: both rebuild from it on.
    month, household = spike_in_the_middle(on_duckdb, "2025-06", "2026-03")
    correct_oop(landing, month, household)
    run_both(landing, warehouses, root)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(f"peak RSS of a child (CLI, dbt or Spark's JVM): {peak_mb} MB")
    return on_duckdb, on_spark, first, differences(on_duckdb, on_spark), month


def test_spark_equals_duckdb_on_the_same_landing(both_engines):
    *_, first, _, _ = both_engines
    assert first == {table: (0, 0) for table in COMPARED}


def test_spark_equals_duckdb_after_a_corrected_redelivery(both_engines):
    on_duckdb, on_spark, _, after, month = both_engines
    assert after == {table: (0, 0) for table in COMPARED}
    # Both took the incremental path: from the corrected month to the last, not everything.
    assert last_build(on_spark / "build.duckdb") == last_build(on_duckdb / "build.duckdb")
    assert last_build(on_spark / "build.duckdb") == (month, "2026-06", False)


def test_spark_tables_are_spark_tables(both_engines):
    _, on_spark, *_ = both_engines
    tables = on_spark / "spark" / "tables"
    # Month-grained models are Parquet tables partitioned by month; the raw landing is Parquet
    # by source and month.
    partitions = sorted(
        p.name for p in (tables / "marts.db" / "fct_household_months").iterdir() if p.is_dir()
    )
    assert len(partitions) == 18
    assert partitions[0] == "month_start=2025-01-01" and partitions[-1] == "month_start=2026-06-01"
    landing = on_spark / "spark" / "landing"
    assert (landing / "medical_insurance__settlements" / "_month=2025-01").is_dir()
    assert not (on_spark / "build.duckdb.wal").exists()
    with duckdb.connect(str(on_spark / "build.duckdb"), read_only=True) as con:
        built = {
            row[0]
            for row in con.execute(
                "select distinct table_schema from information_schema.tables"
            ).fetchall()
        }
    assert built == {"raw"}  # dbt's tables are on Spark; DuckDB only landed the extracts
