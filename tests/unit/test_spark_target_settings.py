"""The Spark target's settings and its landing Parquet (no Spark needed)."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.lib.dbt_args import dbt_environment
from orchestration.lib.landing.parquet_export import SCHEMA_PARTITION, export_raw_months
from orchestration.lib.landing.raw_schema import ensure_raw_schema
from orchestration.settings import SettingsError, load_settings

TABLE = "medical_insurance__settlements"


def test_the_target_picks_the_dbt_output_and_the_files_dagster_reads(monkeypatch, tmp_path):
    monkeypatch.setenv("POVMON_WAREHOUSE_DIR", str(tmp_path))
    duck = load_settings()
    assert dbt_environment(duck)["DBT_TARGET"] == "build"
    assert duck.built_tables_db == tmp_path / "build.duckdb"
    monkeypatch.setenv("POVMON_TARGET", "spark")
    spark = load_settings()
    assert dbt_environment(spark)["DBT_TARGET"] == "spark"
    assert dbt_environment(spark)["POVMON_SPARK_DIR"] == str(tmp_path / "spark")
    assert spark.built_tables_db == tmp_path / "spark" / "views.duckdb"


@pytest.mark.parametrize(
    ("variable", "value"), [("POVMON_TARGET", "postgres"), ("POVMON_SPARK_MEMORY", "2 GB")]
)
def test_bad_spark_settings_are_one_line_errors(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=variable):
        load_settings()


def _land(con, month: str, rows: int) -> None:
    con.execute(f"delete from raw.{TABLE} where _month = ?", [month])
    con.execute(
        f"insert into raw.{TABLE} (结算编号, _month, _row_number) "
        "select 'S' || i, ?, i from range(?) as r(i)",
        [month, rows],
    )


def _rows(folder) -> int:
    with duckdb.connect() as con:
        return con.execute(f"select count(*) from read_parquet('{folder}/*.parquet')").fetchone()[0]


def test_a_redelivered_month_replaces_its_parquet_and_nothing_earlier(tmp_path):
    con = duckdb.connect()
    ensure_raw_schema(con)
    _land(con, "2025-01", 3)
    _land(con, "2025-02", 5)
    export_raw_months(con, tmp_path, None)
    table = tmp_path / "landing" / TABLE
    january = sorted((table / "_month=2025-01").iterdir())
    assert _rows(table / "_month=2025-01") == 3 and _rows(table / "_month=2025-02") == 5
    _land(con, "2025-02", 2)  # the corrected re-delivery has fewer rows
    export_raw_months(con, tmp_path, "2025-02")
    assert _rows(table / "_month=2025-02") == 2
    assert sorted((table / "_month=2025-01").iterdir()) == january  # not rewritten
    # Every table has its columns in a zero-row file, also before its source delivers.
    assert _rows(table / SCHEMA_PARTITION) == 0
    empty = tmp_path / "landing" / "case_management__verifications" / SCHEMA_PARTITION
    assert _rows(empty) == 0
    assert _rows(tmp_path / "landing" / "load_ledger") == 0
    assert tmp_path.stat().st_mode & 0o077 == 0  # raw rows carry ID numbers
