"""The Spark target's tables, read by DuckDB: a small DuckDB file of views over the Parquet
files of Spark's tables (local mode keeps them under <spark_dir>/tables/<schema>.db/<table>),
typed from the columns dbt recorded at the end of its run (povmon_meta.table_columns: dbt's
models and seeds, not the case loop's working tables), so a table with no rows (no data files)
reads as empty. The warning counts and the publish step
read the build through it as they read build.duckdb on the DuckDB target."""

from __future__ import annotations

from pathlib import Path

import duckdb

COLUMNS_TABLE = "povmon_meta.db/table_columns"
# Spark's type names that DuckDB spells differently (decimal(p,s), date, double, ... agree).
SPARK_TO_DUCKDB = {
    "string": "varchar",
    "int": "integer",
    "tinyint": "tinyint",
    "smallint": "smallint",
    "timestamp_ntz": "timestamp",
    "array<string>": "varchar[]",
}


def tables_dir(spark_dir: Path) -> Path:
    return spark_dir / "tables"


def write_views(spark_dir: Path, views_db: Path) -> int:
    """Replace views_db with one view per Spark table; returns how many."""
    root = tables_dir(spark_dir)
    views_db.unlink(missing_ok=True)
    with duckdb.connect(str(views_db)) as con:
        columns = con.execute(
            "select table_schema, table_name, column_name, data_type "
            f"from read_parquet('{root / COLUMNS_TABLE}/*.parquet') "
            "order by table_schema, table_name, ordinal_position"
        ).fetchall()
        tables: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for schema, table, column, kind in columns:
            tables.setdefault((schema, table), []).append((column, _duckdb_type(kind)))
        for (schema, table), typed in tables.items():
            if any("<" in kind for _, kind in typed):
                continue  # nested types only in the case loop's working state (not read here)
            con.execute(f'create schema if not exists "{schema}"')
            view = _select(root, schema, table, typed)
            con.execute(f'create view "{schema}"."{table}" as {view}')
        return con.execute("select count(*) from duckdb_views() where not internal").fetchone()[0]


def _duckdb_type(spark_type: str) -> str:
    return SPARK_TO_DUCKDB.get(spark_type, spark_type)


def _select(root: Path, schema: str, table: str, typed: list[tuple[str, str]]) -> str:
    folder = root / f"{schema}.db" / table
    if not any(folder.rglob("*.parquet")):
        nulls = ", ".join(f'cast(null as {kind}) as "{column}"' for column, kind in typed)
        return f"select {nulls} where false"
    casts = ", ".join(f'cast("{column}" as {kind}) as "{column}"' for column, kind in typed)
    # Month partitions are folders month_start=YYYY-MM-DD; their values are read as text and
    # cast with the rest.
    return (
        f"select {casts} from read_parquet('{folder}/**/*.parquet', "
        "hive_partitioning = true, hive_types_autocast = false)"
    )
