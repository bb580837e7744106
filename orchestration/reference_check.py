"""Fail fast, in one line, on an unusable --reference folder (before any work starts).

Each message names the file and says what to do, so a province can fix its folder without
reading code: the shipped seeds in dbt_project/seeds/ are the template for every file.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from orchestration.settings import SHIPPED_REFERENCE_DIR

_PATTERNS = {
    "county": (re.compile(r"\d{6}"), "a 6-digit county code"),
    "province": (re.compile(r"\d{2}"), "a 2-digit province code"),
    "year": (re.compile(r"\d{4}"), "a year (YYYY)"),
    "number": (re.compile(r"-?\d+(\.\d+)?"), "a number"),
    "text": (re.compile(r".*", re.S), "text"),
}

# file -> column -> kind of value (what the staging models cast each column to).
REFERENCE_COLUMNS: dict[str, dict[str, str]] = {
    "dibao_standards": {
        "county_code": "county",
        "year": "year",
        "urban_monthly": "number",
        "rural_monthly": "number",
        "source": "text",
    },
    "monitoring_lines": {
        "province_code": "province",
        "year": "year",
        "monitoring_line_annual": "number",
        "near_dibao_multiplier": "number",
        "source": "text",
    },
    "disposable_income": {
        "county_code": "county",
        "year": "year",
        "per_capita_disposable_income": "number",
        "source": "text",
    },
    "rule_parameters": {"parameter": "text", "value": "number", "description": "text"},
}


class ReferenceFolderError(ValueError):
    """One line naming the file and what to do."""


def check_reference_dir(folder: Path) -> None:
    if not folder.is_dir():
        raise ReferenceFolderError(
            f"reference folder {folder} does not exist (make it a copy of {SHIPPED_REFERENCE_DIR})"
        )
    for name, columns in REFERENCE_COLUMNS.items():
        rows = _read(folder / f"{name}.csv", columns)
        if name == "rule_parameters":
            _check_parameters(folder / f"{name}.csv", rows)


def _read(path: Path, columns: dict[str, str]) -> list[dict[str, str]]:
    template = SHIPPED_REFERENCE_DIR / path.name
    if not path.is_file():
        raise ReferenceFolderError(
            f"reference file {path} is missing: copy {template} into {path.parent} and edit it"
        )
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip() for name in reader.fieldnames or []]
            missing = [c for c in columns if c not in header]
            if missing:
                raise ReferenceFolderError(
                    f"reference file {path} lacks column(s) {', '.join(sorted(missing))}: "
                    f"give it the header of {template}"
                )
            rows = [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in reader]
    except UnicodeDecodeError:
        raise ReferenceFolderError(
            f"reference file {path} is not UTF-8: save it as UTF-8 (CSV UTF-8 in a spreadsheet)"
        ) from None
    for line, row in enumerate(rows, start=2):
        for column, kind in columns.items():
            pattern, meaning = _PATTERNS[kind]
            if kind != "text" and not pattern.fullmatch(row.get(column, "")):
                raise ReferenceFolderError(
                    f"reference file {path} line {line}: {column} must be {meaning}, "
                    f"got {row.get(column, '')!r}"
                )
    return rows


def _check_parameters(path: Path, rows: list[dict[str, str]]) -> None:
    with (SHIPPED_REFERENCE_DIR / path.name).open(encoding="utf-8-sig", newline="") as handle:
        required = {row["parameter"] for row in csv.DictReader(handle)}
    given = {row["parameter"] for row in rows}
    missing = sorted(required - given)
    if missing:
        raise ReferenceFolderError(
            f"reference file {path} lacks parameter(s) {', '.join(missing)}: copy their rows "
            f"from {SHIPPED_REFERENCE_DIR / path.name}"
        )
