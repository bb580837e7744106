"""Atomic publish of analytics.duckdb and restricted.duckdb from the build database.

Each file is written under a temporary name next to its target and moved into place with
os.replace: a reader that has the old file open keeps reading the old file (same inode),
a new reader gets the new one, and nobody ever sees a half-built warehouse.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

ANALYTICS_SCHEMAS = ("marts", "monitoring", "quality")
RESTRICTED_SCHEMA = "restricted"
# Defence in depth: the analytics copy must never carry these columns (interfaces.md).
FORBIDDEN_ANALYTICS_COLUMNS = {
    "id_number",
    "name",
    "person_name",
    "source_household_id",
    "verifier",
    "note",
}


class PublishRefused(Exception):
    pass


def publish(
    build_db: Path, analytics_db: Path, restricted_db: Path, duckdb_config: dict | None = None
) -> dict[str, int]:
    config = duckdb_config or {}
    analytics_tables = _copy(
        build_db, analytics_db, ANALYTICS_SCHEMAS, flatten=False, config=config
    )
    restricted_tables = _copy(
        build_db, restricted_db, (RESTRICTED_SCHEMA,), flatten=True, mode=0o600, config=config
    )
    return {"analytics_tables": analytics_tables, "restricted_tables": restricted_tables}


def _copy(
    build_db: Path, target: Path, schemas, *, flatten: bool, mode: int = 0o644, config: dict
) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        stale.unlink()  # left by a publish that was killed; one run at a time holds the lock
    staging_file = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    con = duckdb.connect(str(staging_file), config=config)
    try:
        con.execute("attach ? as build (read_only)", [str(build_db)])
        tables = con.execute(
            """
            select table_schema, table_name from information_schema.tables
            where table_catalog = 'build' and table_schema in (select unnest(?))
            order by 1, 2
            """,
            [list(schemas)],
        ).fetchall()
        for schema, table in tables:
            destination = f'"{table}"' if flatten else f'"{schema}"."{table}"'
            if not flatten:
                con.execute(f'create schema if not exists "{schema}"')
                _refuse_identifying_columns(con, schema, table)
            con.execute(f'create table {destination} as select * from build."{schema}"."{table}"')
        con.execute("detach build")
        con.execute("checkpoint")
    except BaseException:
        con.close()
        staging_file.unlink(missing_ok=True)
        raise
    con.close()
    os.chmod(staging_file, mode)
    os.replace(staging_file, target)
    return len(tables)


def _refuse_identifying_columns(con, schema: str, table: str) -> None:
    columns = {
        row[0]
        for row in con.execute(
            """
            select column_name from information_schema.columns
            where table_catalog = 'build' and table_schema = ? and table_name = ?
            """,
            [schema, table],
        ).fetchall()
    }
    leaked = columns & FORBIDDEN_ANALYTICS_COLUMNS
    if leaked:
        raise PublishRefused(
            f"{schema}.{table} has identifying column(s) {', '.join(sorted(leaked))}; "
            "not publishing it to analytics.duckdb"
        )
