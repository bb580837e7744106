"""Find identifying values (ID numbers, names, phone numbers) anywhere a user or operator can
read: the published analytics database, the run logs, Dagster's event log and compute logs,
and the Great Expectations Data Docs."""

from __future__ import annotations

from pathlib import Path

import duckdb


def analytics_text(analytics: Path) -> str:
    """Every distinct text value of every published table."""
    texts = []
    with duckdb.connect(str(analytics), read_only=True) as con:
        columns = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where data_type = 'VARCHAR'"
        ).fetchall()
        for schema, table, column in columns:
            texts += [
                str(value)
                for (value,) in con.execute(
                    f'select distinct "{column}" from "{schema}"."{table}" '
                    f'where "{column}" is not null'
                ).fetchall()
            ]
    return "\n".join(texts)


def files_text(*roots: Path) -> str:
    """All files under the roots (logs, sqlite event logs, HTML), decoded leniently."""
    chunks = []
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file() and path.suffix != ".duckdb":
                chunks.append(path.read_bytes().decode("utf-8", errors="ignore"))
    return "\n".join(chunks)


def leaks(text: str, secrets: set[str]) -> set[str]:
    return {secret for secret in secrets if secret and secret in text}
