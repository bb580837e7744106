"""Read the reference threshold CSVs (the dbt seeds, or a replacement folder of the same shape).

Money is held as integer cents and ratios as exact fractions, so that planted scenarios can
sit exactly on a boundary.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path


def cents(text: str) -> int:
    """'580.00' -> 58000 (exact; raises on more than 2 decimals)."""
    value = Decimal(text.strip()) * 100
    if value != value.to_integral_value():
        raise ValueError(f"amount {text!r} has more than 2 decimals")
    return int(value)


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise ValueError(f"reference file not found: {path}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True)
class Reference:
    dibao: dict[tuple[str, int], tuple[int, int]]  # (county, year) -> (urban, rural) cents/month
    lines: dict[tuple[str, int], tuple[int, Fraction]]  # (province, year) -> (line cents, mult)
    disposable: dict[tuple[str, int], int]  # (county, year) -> cents per person per year
    params: dict[str, Fraction]

    @property
    def counties(self) -> list[str]:
        return sorted({county for county, _ in self.dibao})

    def rural(self, county: str, year: int) -> int | None:
        row = self.dibao.get((county, year))
        return None if row is None else row[1]

    def urban(self, county: str, year: int) -> int | None:
        row = self.dibao.get((county, year))
        return None if row is None else row[0]

    def line(self, county: str, year: int) -> int | None:
        row = self.lines.get((county[:2], year))
        return None if row is None else row[0]

    def multiplier(self, county: str, year: int) -> Fraction | None:
        row = self.lines.get((county[:2], year))
        return None if row is None else row[1]

    def standard_nearest(self, county: str, year: int, urban: bool) -> int:
        """Background-only helper: the county's standard of the nearest year that has a row."""
        years = sorted(y for c, y in self.dibao if c == county)
        nearest = min(years, key=lambda y: (abs(y - year), -y))
        urban_c, rural_c = self.dibao[(county, nearest)]
        return urban_c if urban else rural_c

    def multiplier_nearest(self, county: str, year: int) -> Fraction:
        years = sorted(y for p, y in self.lines if p == county[:2])
        if not years:
            return Fraction(3, 2)
        nearest = min(years, key=lambda y: (abs(y - year), -y))
        return self.lines[(county[:2], nearest)][1]


def load_reference(reference_dir: Path) -> Reference:
    reference_dir = Path(reference_dir)
    dibao = {
        (row["county_code"].strip(), int(row["year"])): (
            cents(row["urban_monthly"]),
            cents(row["rural_monthly"]),
        )
        for row in _rows(reference_dir / "dibao_standards.csv")
    }
    lines = {
        (row["province_code"].strip(), int(row["year"])): (
            cents(row["monitoring_line_annual"]),
            Fraction(Decimal(row["near_dibao_multiplier"].strip())),
        )
        for row in _rows(reference_dir / "monitoring_lines.csv")
    }
    disposable = {
        (row["county_code"].strip(), int(row["year"])): cents(row["per_capita_disposable_income"])
        for row in _rows(reference_dir / "disposable_income.csv")
    }
    params = {
        row["parameter"].strip(): Fraction(Decimal(row["value"].strip()))
        for row in _rows(reference_dir / "rule_parameters.csv")
    }
    missing = {
        "income_drop_ratio",
        "income_drop_floor",
        "spike_factor",
        "spike_floor",
        "exit_review_months",
        "min_income_months",
    } - set(params)
    if missing:
        raise ValueError(f"rule_parameters.csv lacks: {', '.join(sorted(missing))}")
    if not dibao:
        raise ValueError("dibao_standards.csv has no rows")
    return Reference(dibao=dibao, lines=lines, disposable=disposable, params=params)
