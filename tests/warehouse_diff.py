"""Compare two published DuckDB files table by table: `EXCEPT ALL` both ways must be empty.

Used by the tests that prove two ways of building the same landing agree (incremental against
full refresh) and, from the command line, for before/after checks of a change:
`python tests/warehouse_diff.py BEFORE.duckdb AFTER.duckdb [FLOAT_DIGITS]`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

# Columns that legitimately differ between two builds of the same data.
RUN_COLUMNS = {"loaded_at", "run_id"}


def tables(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, dict[str, str]]:
    """table -> column -> type, in column order."""
    rows = con.execute(
        """
        select table_schema, table_name, column_name, data_type from information_schema.columns
        where table_catalog = ? order by table_schema, table_name, ordinal_position
        """,
        [catalog],
    ).fetchall()
    found: dict[str, dict[str, str]] = {}
    for schema, table, column, kind in rows:
        found.setdefault(f'"{schema}"."{table}"', {})[column] = kind
    return found


def differences(
    before: Path,
    after: Path,
    where: dict[str, str] | None = None,
    float_digits: int | None = None,
) -> dict[str, str]:
    """table -> what differs ({} when every table of `before` is in `after`, equal on the
    columns of `before`). `where` restricts a table of `after` (rows a change added);
    `float_digits` compares DOUBLE columns rounded to that many decimals."""
    where = where or {}
    problems = {}
    with duckdb.connect() as con:
        con.execute(f"attach '{before}' as before_db (read_only)")
        con.execute(f"attach '{after}' as after_db (read_only)")
        old, new = tables(con, "before_db"), tables(con, "after_db")
        for table, columns in old.items():
            if table not in new:
                problems[table] = "missing after"
                continue
            lost = [c for c in columns if c not in new[table]]
            if lost:
                problems[table] = f"columns missing after: {lost}"
                continue
            kept = ", ".join(
                f'round("{c}", {float_digits})'
                if float_digits is not None and kind in ("DOUBLE", "FLOAT")
                else f'"{c}"'
                for c, kind in columns.items()
                if c not in RUN_COLUMNS
            )
            filtered = f" where {where[table]}" if table in where else ""
            a = f"select {kept} from before_db.{table}"
            b = f"select {kept} from after_db.{table}{filtered}"
            only_before = con.execute(f"select count(*) from ({a} except all {b})").fetchone()[0]
            only_after = con.execute(f"select count(*) from ({b} except all {a})").fetchone()[0]
            if only_before or only_after:
                problems[table] = f"{only_before} rows only before, {only_after} only after"
    return problems


if __name__ == "__main__":
    digits = int(sys.argv[3]) if len(sys.argv) > 3 else None
    found = differences(Path(sys.argv[1]), Path(sys.argv[2]), float_digits=digits)
    for table, problem in found.items():
        print(f"{table}: {problem}")
    print("identical" if not found else f"{len(found)} tables differ")
    sys.exit(1 if found else 0)
