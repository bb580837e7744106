"""Month strings ('YYYY-MM'): parsing, ranges, and which months the landing folder holds."""

from __future__ import annotations

import re
from pathlib import Path

from orchestration.lib.contract import SOURCES

MONTH_PATTERN = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(text: str) -> str:
    if not MONTH_PATTERN.match(text.strip()):
        raise ValueError(f"not a month: {text!r} (expected YYYY-MM, e.g. 2026-06)")
    return text.strip()


def month_range(start: str, end: str) -> list[str]:
    first, last = _index(parse_month(start)), _index(parse_month(end))
    if last < first:
        raise ValueError(f"month range {start}:{end} ends before it starts")
    return [_from_index(i) for i in range(first, last + 1)]


def parse_month_span(text: str) -> list[str]:
    """'2025-01:2026-06' -> every month in between, inclusive; a single month is allowed."""
    start, _, end = text.partition(":")
    return month_range(start, end or start)


def contiguous_runs(months: list[str]) -> list[list[str]]:
    """Split sorted months into runs without gaps (one Dagster partition range each)."""
    runs: list[list[str]] = []
    for month in sorted(set(months)):
        if runs and _index(month) == _index(runs[-1][-1]) + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    return runs


def next_month(month: str) -> str:
    return _from_index(_index(parse_month(month)) + 1)


def landed_months(landing_dir: Path) -> list[str]:
    """Months some department delivered; returned work lists alone do not make a month (their
    folder month is when the outcomes came back, run with that month's extracts)."""
    found = {
        folder.name
        for source in SOURCES
        for folder in (landing_dir / source).glob("*")
        if folder.is_dir() and MONTH_PATTERN.match(folder.name)
    }
    return sorted(found)


def _index(month: str) -> int:
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def _from_index(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
