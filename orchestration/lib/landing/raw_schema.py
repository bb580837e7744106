"""DDL of the raw schema in the build database: one table per extract file + the load ledger."""

from __future__ import annotations

import duckdb

from orchestration.lib.contract import LANDING_FILES, ExtractFile
from orchestration.lib.landing.pseudonyms import HEX_DIGITS

# Lineage and pseudonyms added to every raw row; the Chinese columns stay text as delivered.
LINEAGE_COLUMNS = {
    "_month": "varchar",
    "_file": "varchar",
    "_row_number": "bigint",
    "_file_sha256": "varchar",
    "_loaded_at": "timestamp",
    "_extra_columns": "varchar",
    "_person_key": "varchar",
    "_household_key": "varchar",
}

LEDGER_DDL = """
create table if not exists raw.load_ledger (
    source varchar not null,
    month varchar not null,
    file varchar not null,
    sha256 varchar,
    rows bigint,
    status varchar not null,        -- loaded | rejected
    check_name varchar,             -- why a file was rejected
    message varchar,
    encoding varchar,
    extra_columns varchar,
    manifest_entry varchar,
    run_id varchar,
    loaded_at timestamp not null,
    file_state varchar              -- size:mtime:ctime:inode when last looked at
)
"""
# Warehouses built before the column existed get it on their next run.
LEDGER_MIGRATION = "alter table raw.load_ledger add column if not exists file_state varchar"


def raw_table_ddl(extract: ExtractFile) -> str:
    columns = [f'"{name}" varchar' for name in extract.columns]
    columns += [f"{name} {kind}" for name, kind in LINEAGE_COLUMNS.items()]
    return f"create table if not exists raw.{extract.raw_table} ({', '.join(columns)})"


def raw_column_migrations(extract: ExtractFile) -> list[str]:
    """A raw table created before a column joined the contract (an optional one, say) gets
    it on the next run; its earlier rows hold null there, as a delivery without it would."""
    return [
        f'alter table raw.{extract.raw_table} add column if not exists "{name}" varchar'
        for name in extract.columns
    ]


def raw_column_list(extract: ExtractFile) -> str:
    """The raw table's columns in the loader's select order (the table's own order may differ
    once a column was added by a migration)."""
    return ", ".join([f'"{name}"' for name in extract.columns] + list(LINEAGE_COLUMNS))


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every raw table up front so dbt sources exist even before a source delivers."""
    con.execute("create schema if not exists raw")
    con.execute(LEDGER_DDL)
    con.execute(LEDGER_MIGRATION)
    for extract in LANDING_FILES:
        con.execute(raw_table_ddl(extract))
        for migration in raw_column_migrations(extract):
            con.execute(migration)
    _shorten_old_keys(con)


def _shorten_old_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Rows landed while pseudonyms were 64 hex digits get their first HEX_DIGITS, which is
    what they are now: the same households and persons (and lead ids), no re-landing. Once
    per warehouse; raw.key_format says it is done."""
    con.execute("create table if not exists raw.key_format (hex_digits integer not null)")
    if con.execute("select count(*) from raw.key_format").fetchone()[0]:
        return
    for extract in LANDING_FILES:
        con.execute(
            f"update raw.{extract.raw_table} "
            f"set _person_key = left(_person_key, {HEX_DIGITS}), "
            f"_household_key = left(_household_key, {HEX_DIGITS}) "
            f"where length(_person_key) > {HEX_DIGITS} or length(_household_key) > {HEX_DIGITS}"
        )
    con.execute("insert into raw.key_format values (?)", [HEX_DIGITS])
