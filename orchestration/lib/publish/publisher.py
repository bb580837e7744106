"""Atomic publish of analytics.duckdb and restricted.duckdb from the build database.

Each file is written under a temporary name next to its target and moved into place with
os.replace: a reader that has the old file open keeps reading the old file (same inode),
a new reader gets the new one, and nobody ever sees a half-built warehouse.

A month's publish costs what that month costs: the temporary file starts as a copy of the
file published before, its month-grained (incremental) tables get only the months the builds
since then rebuilt, and the whole-table models are copied whole. The file replaced is kept
as `.<name>.spare` (a second name for the same inode); the next publish starts from the spare
instead of copying, when no reader still has it open (DuckDB's file lock says so): then not
even the copy grows with history. Without that, or without a publish to start from,
everything is copied.

All or nothing across the two files: both are written to their temporaries first, then both
temporaries get one modification time (the publish's stamp), then restricted.duckdb and then
analytics.duckdb are moved into place. A publish killed between the two moves leaves files
whose times differ from the stamp the last complete publish wrote (`.publish_stamp`, after both
moves): `publish_interrupted` says so from stat() alone (analysts cannot open
restricted.duckdb), readers refuse, and the next run publishes both again (its publish starts
from the last recorded one, raw.publish_runs, which the killed publish never reached).
Everything is written under umask 077: the temporaries are private from their first byte.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from orchestration.lib.publish.file_modes import PRIVATE_UMASK, PUBLISH_STAMP, READABLE_FILE

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


INTERRUPTED = "the last publish was interrupted: run poverty-monitor run again"


class PublishRefused(Exception):
    pass


@dataclass(frozen=True)
class MonthsChanged:
    """What changed since the published files were written: the months from `since` on of
    the month-grained tables (`incremental`, as (schema, table)); `since` None: everything.
    `spare_since`: the same for the spare files (the publish before); None: not used."""

    since: date | None = None
    incremental: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    spare_since: date | None = None


def publish(
    build_db: Path,
    analytics_db: Path,
    restricted_db: Path,
    duckdb_config: dict | None = None,
    changed: MonthsChanged | None = None,
    progress: Callable[[str], None] = lambda line: None,
) -> dict[str, int]:
    config, changed = duckdb_config or {}, changed or MonthsChanged()
    umask, staged = os.umask(PRIVATE_UMASK), []
    try:
        for target, schemas, flatten in (
            (restricted_db, (RESTRICTED_SCHEMA,), True),
            (analytics_db, ANALYTICS_SCHEMAS, False),
        ):
            staged.append(_stage(build_db, target, schemas, flatten, config, changed, progress))
        (restricted_file, restricted_tables), (analytics_file, analytics_tables) = staged
        os.chmod(analytics_file, READABLE_FILE)  # what analysts open; restricted stays 0600
        stamp = time.time_ns()
        for staging_file, _ in staged:
            os.utime(staging_file, ns=(stamp, stamp))
        _move_into_place(restricted_file, restricted_db)
        _move_into_place(analytics_file, analytics_db)
        _write_stamp(analytics_db, stamp)
    except BaseException:
        for staging_file, _ in staged:
            staging_file.unlink(missing_ok=True)
        raise
    finally:
        os.umask(umask)
    return {"analytics_tables": analytics_tables, "restricted_tables": restricted_tables}


def publish_interrupted(analytics_db: Path, restricted_db: Path) -> bool:
    """Whether the two published files are not both from the last complete publish (see the
    module doc). A warehouse published before stamps existed cannot tell: not interrupted."""
    try:
        stamp = int(_stamp_file(analytics_db).read_text())
    except (FileNotFoundError, PermissionError, ValueError):
        return False
    try:
        return {analytics_db.stat().st_mtime_ns, restricted_db.stat().st_mtime_ns} != {stamp}
    except FileNotFoundError:
        return True


def _stamp_file(analytics_db: Path) -> Path:
    return analytics_db.with_name(PUBLISH_STAMP)


def _write_stamp(analytics_db: Path, stamp: int) -> None:
    """After both moves: the time both files carry (a number, readable by whoever may run
    `warnings`)."""
    staging = _stamp_file(analytics_db).with_suffix(f".{os.getpid()}.tmp")
    staging.write_text(str(stamp))
    os.chmod(staging, READABLE_FILE)
    os.replace(staging, _stamp_file(analytics_db))


def _stage(
    build_db: Path,
    target: Path,
    schemas,
    flatten: bool,
    config: dict,
    changed: MonthsChanged,
    progress: Callable[[str], None],
) -> tuple[Path, int]:
    """`target`'s new content, written and closed under a temporary name beside it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{target.name}.*.tmp*"):
        # Left by a publish that was killed (with DuckDB's .wal and spill folder beside it);
        # one run at a time holds the lock.
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    staging_file = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    since = _start_from(target, _spare(target), staging_file, changed, config)
    con = duckdb.connect(str(staging_file), config=config)
    progress(f"publish: writing {target.name}")
    try:
        con.execute("attach ? as build (read_only)", [str(build_db)])
        tables = _tables(con, "build", schemas)
        kept = set(_tables(con, con.execute("select current_database()").fetchone()[0], None))
        for schema, table in tables:
            destination = ("main", table) if flatten else (schema, table)
            if not flatten:
                con.execute(f'create schema if not exists "{schema}"')
                _refuse_identifying_columns(con, schema, table)
            kept.discard(destination)
            months_only = since and (schema, table) in changed.incremental
            if months_only and _columns(con, "build", schema, table) == _columns(
                con, None, *destination
            ):
                _replace_months(con, (schema, table), destination, since)
            else:
                con.execute(
                    f'create or replace table "{destination[0]}"."{destination[1]}" as '
                    f'select * from build."{schema}"."{table}"'
                )
        for schema, table in kept:  # a table dbt no longer builds
            con.execute(f'drop table "{schema}"."{table}"')
        con.execute("detach build")
        con.execute("checkpoint")
    except BaseException:
        con.close()
        staging_file.unlink(missing_ok=True)
        raise
    con.close()
    return staging_file, len(tables)


def _spare(target: Path) -> Path:
    return target.with_name(f".{target.name}.spare")


def _move_into_place(staging_file: Path, target: Path) -> None:
    if target.exists():
        # The file being replaced stays as the spare the next publish starts from.
        spare = _spare(target)
        spare_link = spare.with_name(spare.name + ".tmp")
        spare_link.unlink(missing_ok=True)
        os.link(target, spare_link)
        os.replace(spare_link, spare)
    os.replace(staging_file, target)


def _start_from(target: Path, spare: Path, staging_file: Path, changed, config) -> date | None:
    """Put the file to update at `staging_file`; returns from which month its month-grained
    tables must be replaced (None: it is empty, copy everything)."""
    # Never the published file itself (a publish killed between linking and replacing
    # leaves the spare a second name for it).
    if changed.spare_since and spare.exists() and not _same_file(spare, target):
        os.replace(spare, staging_file)
        try:
            duckdb.connect(str(staging_file), config=config).close()
            return changed.spare_since
        except duckdb.IOException:  # a reader still has it open: leave it to them
            staging_file.unlink()
    if changed.since and target.exists():
        shutil.copyfile(target, staging_file)
        return changed.since
    return None


def _same_file(a: Path, b: Path) -> bool:
    return b.exists() and a.stat().st_ino == b.stat().st_ino


def _replace_months(con, source: tuple[str, str], destination: tuple[str, str], since: date):
    """The months dbt rebuilt (delete_run_months: from the window's first month on)."""
    target = f'"{destination[0]}"."{destination[1]}"'
    con.execute(f"delete from {target} where month_start >= ?", [since])
    con.execute(
        f'insert into {target} select * from build."{source[0]}"."{source[1]}" '
        "where month_start >= ?",
        [since],
    )


def _tables(con, catalog: str, schemas) -> list[tuple[str, str]]:
    """Tables of `catalog`, in `schemas` (None: all)."""
    return con.execute(
        """
        select table_schema, table_name from information_schema.tables
        where table_catalog = ? and (? is null or table_schema in (select unnest(?)))
        order by 1, 2
        """,
        [catalog, schemas and list(schemas), schemas and list(schemas)],
    ).fetchall()


def _columns(con, catalog: str | None, schema: str, table: str) -> list[tuple[str, str]]:
    """Column names and types in order (`catalog` None: the file being written)."""
    return con.execute(
        """
        select column_name, data_type from information_schema.columns
        where table_catalog = coalesce(?, current_database())
          and table_schema = ? and table_name = ?
        order by ordinal_position
        """,
        [catalog, schema, table],
    ).fetchall()


def _refuse_identifying_columns(con, schema: str, table: str) -> None:
    columns = {name for name, _ in _columns(con, "build", schema, table)}
    leaked = columns & FORBIDDEN_ANALYTICS_COLUMNS
    if leaked:
        raise PublishRefused(
            f"{schema}.{table} has identifying column(s) {', '.join(sorted(leaked))}; "
            "not publishing it to analytics.duckdb"
        )
