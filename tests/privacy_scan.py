"""Find identifying values (ID numbers, names, phone numbers) anywhere a user or operator can
read: the published analytics database, the run logs, Dagster's event log and compute logs,
and the Great Expectations Data Docs."""

from __future__ import annotations

import html
import re
import stat
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
    """All files under the roots (logs, sqlite event logs, HTML, JSON), decoded leniently;
    JSON's \\uXXXX escapes and HTML's entities decoded too (GE writes both). The databases
    themselves (and DuckDB's .wal and spill beside them) are left out."""
    chunks = []
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file() and ".duckdb" not in path.name:
                text = path.read_bytes().decode("utf-8", errors="ignore")
                chunks.append(html.unescape(_JSON_ESCAPE.sub(_unescape, text)))
    return "\n".join(chunks)


_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def _unescape(match: re.Match) -> str:
    return chr(int(match.group(1), 16))


def leaks(text: str, secrets: set[str]) -> set[str]:
    return {secret for secret in secrets if secret and secret in text}


def birth_dates(id_number: str) -> set[str]:
    """The birth date inside a GB 11643 ID number, as YYYYMMDD and as YYYY-MM-DD."""
    day = id_number[6:14]
    return {day, f"{day[:4]}-{day[4:6]}-{day[6:]}"}


def landed_identities(landing: Path) -> tuple[set[str], set[str]]:
    """Every ID number (upper case) and name in the extracts under `landing`."""
    import io

    import pandas as pd

    from orchestration.lib.contract import EXTRACT_FILES
    from orchestration.lib.landing.decoding import to_utf8

    ids, names = set(), set()
    for extract in EXTRACT_FILES:
        for path in landing.glob(f"{extract.source}/*/{extract.name}"):
            data = path.read_bytes()
            _, utf8 = to_utf8(data, path.name)
            frame = pd.read_csv(io.BytesIO(utf8 or data), dtype=str, keep_default_na=False)
            if "身份证号" in frame:
                ids |= {value.upper() for value in frame["身份证号"] if value}
            if "姓名" in frame:
                names |= {value for value in frame["姓名"] if value}
    return ids, names


def delivered_dates(landing: Path) -> set[str]:
    """Dates the extracts deliver as data (settlement, recognition, verification dates): they
    reach analytics.duckdb by design, so a birth date equal to one proves nothing."""
    dates = set()
    for path in landing.rglob("*.csv"):
        data = path.read_bytes()
        text = data.decode("utf-8", errors="ignore") + data.decode("gb18030", errors="ignore")
        dates |= set(re.findall(r"(?<![0-9])[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])", text))
    return dates | {date.replace("-", "") for date in dates}


def identities_in(text: str, ids: set[str], names: set[str], dates: set[str]) -> set[str]:
    """The ID numbers, names and birth dates of the sets that occur in `text` (by tokens:
    digit runs and runs of Chinese characters, so thousands of values scan quickly)."""
    id_like = {token.upper() for token in re.findall(r"[0-9]{17}[0-9Xx]", text)}
    date_like = set(re.findall(r"(?<![0-9])[0-9]{4}-?[0-9]{2}-?[0-9]{2}(?![0-9])", text))
    han_runs = set(re.findall(r"[\u4e00-\u9fff]+", text))
    found = (id_like & ids) | (date_like & dates)
    return found | {name for name in names if any(name in run for run in han_runs)}


def readable_by_others(root: Path) -> set[str]:
    """Paths under `root` (relative) that group or others may read: files they can open,
    folders they can list."""
    readable = set()
    for path in root.rglob("*"):
        if not path.is_symlink() and path.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH):
            readable.add(str(path.relative_to(root)))
    return readable
