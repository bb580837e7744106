"""Load one source-month of extract files into the raw schema of the build database.

Row-level validation happens later in dbt staging; here a file is either loaded whole
(as text, with lineage and keyed pseudonyms) or rejected whole with a one-line reason.
Headers come from the file, so they never reach SQL text: columns are read under names of our
own (by position) and extra columns are kept as a JSON object whose keys are bound values.
"""

from __future__ import annotations

import csv
import json
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.lib.contract import ExtractFile, files_of
from orchestration.lib.landing.decoding import FileRejected, inspect, readable_copy
from orchestration.lib.landing.manifest import check_entry, check_hash, check_rows, read_manifest
from orchestration.lib.landing.pseudonyms import household_key_sql, person_key_sql
from orchestration.lib.landing.raw_schema import ensure_raw_schema, raw_column_list
from orchestration.lib.landing.workbook import XLSX, inspect_workbook, workbook_as_csv


@dataclass(frozen=True)
class FileOutcome:
    source: str
    month: str
    file: str
    status: str  # loaded | rejected | unchanged | absent
    rows: int = 0
    message: str = ""


def load_source_month(
    con: duckdb.DuckDBPyConnection,
    landing_dir: Path,
    source: str,
    month: str,
    pseudonym_key: str,
    run_id: str = "",
) -> list[FileOutcome]:
    ensure_raw_schema(con)
    folder = landing_dir / source / month
    outcomes = []
    for extract in files_of(source):
        delivered = [folder / name for name in extract.accepted_names if (folder / name).exists()]
        if not delivered:
            outcomes.append(FileOutcome(source, month, extract.name, "absent"))
            continue
        outcomes.append(_load_file(con, extract, delivered, month, pseudonym_key, run_id))
    return outcomes


def _load_file(con, extract: ExtractFile, delivered: list[Path], month: str, key: str, run_id):
    """`delivered`: the file as landed (a returned work list may be .csv or .xlsx; both at
    once is refused). The ledger and raw name the contract's file, whatever its format."""
    path = delivered[0]
    label = f"{extract.source}/{month}/{path.name}"
    try:
        manifest_entry = read_manifest(path.parent).get(path.name)
    except FileRejected as rejected:
        manifest_entry, manifest_error = None, rejected
    else:
        manifest_error = None
    fingerprint = json.dumps(manifest_entry, sort_keys=True, ensure_ascii=False)
    state = _file_state(path)
    latest = _latest_entry(con, extract, month)
    # Same size, times and inode as when last looked at: unchanged, without reading it (a
    # month's run does not re-read every earlier month's files).
    if latest is not None and latest[1:] == (fingerprint, state):
        return FileOutcome(extract.source, month, extract.name, "unchanged")
    ledger = dict(
        source=extract.source,
        month=month,
        file=extract.name,
        manifest_entry=fingerprint,
        run_id=run_id,
        file_state=state,
    )
    try:
        if len(delivered) > 1:
            names = " and ".join(p.name for p in delivered)
            raise FileRejected("ambiguous_file", f"{label}: both {names} landed; keep one")
        with path.open("rb") as stream:
            inspected = (
                inspect_workbook(stream) if path.suffix == f".{XLSX}" else inspect(stream, label)
            )
        ledger["sha256"] = inspected.sha256
        if latest is not None and latest[:2] == (inspected.sha256, fingerprint):
            _remember_state(con, extract, month, state)  # touched, not changed
            return FileOutcome(extract.source, month, extract.name, "unchanged")
        ledger["encoding"] = inspected.encoding
        if manifest_error:
            raise manifest_error
        check_entry(manifest_entry, label)
        check_hash(manifest_entry, inspected.sha256, label)
        rows, extras = _replace_month(
            con, extract, path, inspected, key, label, manifest_entry, ledger
        )
    except FileRejected as rejected:
        _write_ledger(
            con,
            **ledger,
            rows=None,
            status="rejected",
            check_name=rejected.check,
            message=str(rejected),
            extra_columns=None,
        )
        return FileOutcome(extract.source, month, extract.name, "rejected", 0, str(rejected))
    return FileOutcome(
        extract.source,
        month,
        extract.name,
        "loaded",
        rows,
        f"extra columns kept: {', '.join(extras)}" if extras else "",
    )


def _file_state(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}"


def _latest_entry(con, extract, month) -> tuple | None:
    return con.execute(
        """
        select sha256, manifest_entry, file_state from raw.load_ledger
        where source = ? and month = ? and file = ?
        order by loaded_at desc limit 1
        """,
        [extract.source, month, extract.name],
    ).fetchone()


def _remember_state(con, extract, month, state: str) -> None:
    con.execute(
        """
        update raw.load_ledger set file_state = ?
        where source = ? and month = ? and file = ? and loaded_at = (
            select max(loaded_at) from raw.load_ledger
            where source = ? and month = ? and file = ?)
        """,
        [state, *[extract.source, month, extract.name] * 2],
    )


def _replace_month(con, extract, path, inspected, key, label, manifest_entry, ledger):
    """Straight from the CSV into raw (no staging copy), in one transaction with the ledger."""
    month = ledger["month"]
    with tempfile.TemporaryDirectory(prefix="povmon-") as tmp:
        if inspected.encoding == XLSX:
            readable = workbook_as_csv(path, Path(tmp) / f"{extract.name}", label)
        else:
            readable = readable_copy(path, inspected, Path(tmp), label)
        headers = _headers(con, readable, label)
        _refuse_duplicate_headers(readable, label)
        # An optional column may be absent (a delivery older than it): loaded as null.
        missing = [c for c in extract.required_columns if c not in headers]
        if missing:
            raise FileRejected(
                "missing_column", f"{label}: missing required column {', '.join(missing)}"
            )
        # A returned work list carries names and masked IDs beside its outcome columns: dropped.
        extras = [] if extract.returned else [c for c in headers if c not in extract.columns]
        sql, params = _insert_sql(extract, headers, extras, key)
        con.execute("begin transaction")
        try:
            con.execute(f"delete from raw.{extract.raw_table} where _month = ?", [month])
            try:
                rows = con.execute(
                    sql,
                    [
                        month,
                        extract.name,
                        ledger["sha256"],
                        *params,
                        str(readable),
                        _names(headers),
                    ],
                ).fetchone()[0]
            except duckdb.Error as err:
                raise _unreadable(err, label) from None
            check_rows(manifest_entry, rows, label)
            _write_ledger(
                con,
                **ledger,
                rows=rows,
                status="loaded",
                check_name=None,
                message=None,
                extra_columns=json.dumps(extras, ensure_ascii=False) if extras else None,
            )
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    return rows, extras


_CSV_OPTIONS = (
    "header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"', "
    "null_padding = true, auto_detect = true"
)


def _headers(con, path: Path, label: str) -> list[str]:
    """The header as DuckDB reads it (a repeated name comes back with a suffix)."""
    try:
        described = con.execute(
            f"describe select * from read_csv(?, {_CSV_OPTIONS})", [str(path)]
        ).fetchall()
    except duckdb.Error as err:
        raise _unreadable(err, label) from None
    return [row[0] for row in described]


def _refuse_duplicate_headers(path: Path, label: str) -> None:
    """Two columns of one name (DuckDB would keep them as `name` and `name_1`, and names
    differing only in case clash the same way): which one is meant is unknown."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        try:
            header = next(csv.reader(handle), [])
        except csv.Error as err:
            raise _unreadable(err, label) from None
    seen: set[str] = set()
    for name in header:
        if name.casefold() in seen:
            raise FileRejected(
                "duplicate_column", f"{label}: column {name} appears twice in the header"
            )
        seen.add(name.casefold())


def _names(headers: list[str]) -> list[str]:
    """Our own names for the file's columns, by position: `c0`, `c1`, ..."""
    return [f"c{position}" for position in range(len(headers))]


def _unreadable(err: duckdb.Error | csv.Error, label: str) -> FileRejected:
    # DuckDB quotes the offending line, which may hold an ID number: keep only its number.
    line = re.search(r"Line: (\d+)", str(err))
    where = f" near line {line.group(1)}" if line else ""
    return FileRejected("unreadable_csv", f"{label}: not a readable CSV{where}")


def _insert_sql(
    extract: ExtractFile, headers: list[str], extras: list[str], key: str
) -> tuple[str, list]:
    """Columns are named by position (`_names`), so no header is SQL text; extra columns'
    names are bound values, the keys of the row's `_extra_columns` JSON object."""
    name = dict(zip(headers, _names(headers), strict=True))
    # Every contract column, null where an optional one is absent from this delivery.
    columns = ", ".join(name.get(c, "null") for c in extract.columns)
    params: list = []
    extra_json = "null"
    if extras:
        extra_json = "json_object(" + ", ".join(f"?, {name[c]}" for c in extras) + ")::varchar"
        params += extras
    # Keyed pseudonyms are computed here with the key's HMAC pads as bound parameters, so the
    # key never appears in SQL text, dbt's compiled files or logs.
    person_key, pads = person_key_sql(extract, key, column=name.get)
    params += pads
    household_key, pads = household_key_sql(extract, key, column=name.get)
    params += pads
    # Parameters in order: month, file name, sha256, the extra names, the pads, then the file
    # to read and our names for its columns.
    # By name: a warehouse older than an optional column has it added at the table's end.
    sql = f"""
        insert into raw.{extract.raw_table} ({raw_column_list(extract)})
        select {columns}, ?, ?, ordinality, ?, current_timestamp, {extra_json},
               {person_key}, {household_key}
        from read_csv(?, {_CSV_OPTIONS}, names = ?) with ordinality
    """
    return sql, params


def _write_ledger(con, **row) -> None:
    row["loaded_at"] = datetime.now(UTC).replace(tzinfo=None)
    names = ", ".join(row)
    placeholders = ", ".join("?" for _ in row)
    con.execute(
        f"insert into raw.load_ledger ({names}) values ({placeholders})", list(row.values())
    )
