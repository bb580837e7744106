"""Fail fast, in one line, on an unusable --reference folder (before any work starts).

Each message names the file and says what to do, so a province can fix its folder without
reading code: the shipped seeds in dbt_project/seeds/ are the template for every file.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import yaml

from orchestration.settings import SHIPPED_REFERENCE_DIR

REFERENCE_CONTRACT = SHIPPED_REFERENCE_DIR / "_seeds.yml"
_FORMATS = {
    "county_code": (re.compile(r"\d{6}"), "a 6-digit county code"),
    "province_code": (re.compile(r"\d{2}"), "a 2-digit province code"),
    "region_code": (re.compile(r"\d{6}|\d{9}|\d{12}"), "a 6-, 9- or 12-digit region code"),
    "integer": (re.compile(r"-?\d+"), "a whole number"),
    "decimal": (re.compile(r"-?\d+(\.\d+)?"), "a number"),
}


def _seeds() -> list[dict]:
    return yaml.safe_load(REFERENCE_CONTRACT.read_text(encoding="utf-8"))["seeds"]


def _reference_columns() -> dict[str, dict[str, str | None]]:
    """file -> column -> format (None: free text), from the seeds' properties and types."""
    files = {}
    for seed in _seeds():
        types = seed["config"]["column_types"]
        files[seed["name"]] = {
            column["name"]: (column.get("meta") or {}).get("format")
            or next(
                (kind for kind in ("integer", "decimal") if kind in types[column["name"]]), None
            )
            for column in seed["columns"]
        }
    return files


# The replaceable reference files, their columns and keys (dbt_project/seeds/_seeds.yml).
REFERENCE_COLUMNS: dict[str, dict[str, str | None]] = _reference_columns()
REFERENCE_KEYS: dict[str, list[str]] = {seed["name"]: seed["meta"]["key"] for seed in _seeds()}
# Files a reference folder may leave out (region names): the shipped rows are not used then.
OPTIONAL_REFERENCE: frozenset[str] = frozenset(
    seed["name"] for seed in _seeds() if seed["meta"].get("optional")
)


class ReferenceFolderError(ValueError):
    """One line naming the file and what to do."""


def check_reference_dir(folder: Path) -> None:
    if not folder.is_dir():
        raise ReferenceFolderError(
            f"reference folder {folder} does not exist (make it a copy of {SHIPPED_REFERENCE_DIR})"
        )
    for name, columns in REFERENCE_COLUMNS.items():
        if name in OPTIONAL_REFERENCE and not (folder / f"{name}.csv").exists():
            continue
        rows = _read(folder / f"{name}.csv", columns)
        _check_key(folder / f"{name}.csv", rows, REFERENCE_KEYS[name])
        if name == "rule_parameters":
            _check_parameters(folder / f"{name}.csv", rows)


def _read(path: Path, columns: dict[str, str | None]) -> list[dict[str, str]]:
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
            if kind is None:
                continue
            pattern, meaning = _FORMATS[kind]
            if not pattern.fullmatch(row.get(column, "")):
                raise ReferenceFolderError(
                    f"reference file {path} line {line}: {column} must be {meaning}, "
                    f"got {row.get(column, '')!r}"
                )
    return rows


def _check_key(path: Path, rows: list[dict[str, str]], key: list[str]) -> None:
    first_line: dict[tuple, int] = {}
    for line, row in enumerate(rows, start=2):
        value = tuple(row[column] for column in key)
        if value in first_line:
            raise ReferenceFolderError(
                f"reference file {path} line {line}: {', '.join(key)} {' '.join(value)} "
                f"repeats line {first_line[value]}; keep one row"
            )
        first_line[value] = line


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


def absent_reference(folder: Path | None) -> list[str]:
    """The optional files a replacement folder leaves out (none for the shipped seeds)."""
    if folder is None:
        return []
    return sorted(name for name in OPTIONAL_REFERENCE if not (folder / f"{name}.csv").exists())


def reference_files(folder: Path | None) -> list[Path]:
    """The reference CSVs in force: the given folder's, or the shipped seeds."""
    absent = absent_reference(folder)
    return [
        (folder or SHIPPED_REFERENCE_DIR) / f"{name}.csv"
        for name in REFERENCE_COLUMNS
        if name not in absent
    ]
