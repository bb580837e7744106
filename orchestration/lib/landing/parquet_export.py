"""The raw month partitions as Parquet for the Spark target: DuckDB still decodes, validates
and pseudonymises; Spark reads <spark_dir>/landing/<raw table>/_month=YYYY-MM/*.parquet as
its sources (dbt_project/macros/spark_sources.sql)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from orchestration.lib.contract import LANDING_FILES

LEDGER_TABLE = "load_ledger"
# A zero-row file in a month no extract has, so Spark can read a table's columns before its
# source has delivered anything (an empty folder has no schema to infer).
SCHEMA_PARTITION = "_month=0000-00"


def landing_parquet_dir(spark_dir: Path) -> Path:
    return spark_dir / "landing"


def export_raw_months(
    con: duckdb.DuckDBPyConnection, spark_dir: Path, since_month: str | None
) -> None:
    """Rewrite the month folders from since_month ('YYYY-MM'; None: every month) on, so a
    re-delivered month replaces its Parquet files as it replaced its raw rows."""
    # Like build.duckdb, the folder holds ID numbers (raw rows, Spark's staging tables).
    spark_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(spark_dir, 0o700)
    root = landing_parquet_dir(spark_dir)
    for extract in LANDING_FILES:
        table_dir = root / extract.raw_table
        table_dir.mkdir(parents=True, exist_ok=True)
        for month_dir in table_dir.glob("_month=*"):
            if since_month is None or month_dir.name[len("_month=") :] >= since_month:
                shutil.rmtree(month_dir)
        rows = f"select * from raw.{extract.raw_table}"
        if since_month is not None:
            rows += f" where _month >= '{since_month}'"
        con.execute(
            f"copy ({rows}) to '{table_dir}' (format parquet, partition_by (_month), "
            "overwrite_or_ignore true, filename_pattern 'part_{uuid}')"
        )
        (table_dir / SCHEMA_PARTITION).mkdir(exist_ok=True)
        con.execute(
            f"copy (select * exclude (_month) from raw.{extract.raw_table} limit 0) "
            f"to '{table_dir / SCHEMA_PARTITION / 'schema.parquet'}' (format parquet)"
        )
    ledger_dir = root / LEDGER_TABLE
    ledger_dir.mkdir(parents=True, exist_ok=True)
    con.execute(f"copy raw.{LEDGER_TABLE} to '{ledger_dir / 'ledger.parquet'}' (format parquet)")
