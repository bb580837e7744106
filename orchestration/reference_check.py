"""Fail fast, in one line, on an unusable --reference folder (before any work starts)."""

from __future__ import annotations

import csv
from pathlib import Path

REFERENCE_COLUMNS = {
    "dibao_standards": {"county_code", "year", "urban_monthly", "rural_monthly", "source"},
    "monitoring_lines": {
        "province_code",
        "year",
        "monitoring_line_annual",
        "near_dibao_multiplier",
        "source",
    },
    "disposable_income": {"county_code", "year", "per_capita_disposable_income", "source"},
    "rule_parameters": {"parameter", "value", "description"},
}


def check_reference_dir(folder: Path) -> None:
    if not folder.is_dir():
        raise ValueError(f"reference folder {folder} does not exist")
    for name, required in REFERENCE_COLUMNS.items():
        path = folder / f"{name}.csv"
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                header = set(next(csv.reader(handle), []))
        except (OSError, UnicodeDecodeError) as err:
            raise ValueError(
                f"cannot read reference file {path}: {err.__class__.__name__}"
            ) from None
        missing = sorted(required - header)
        if missing:
            raise ValueError(f"reference file {path} lacks column(s) {', '.join(missing)}")
