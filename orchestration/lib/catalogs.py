"""The product's catalogs as the seeds hold them (dbt_project/seeds/*_catalog.csv): the one
list of rules and of data-quality checks that models, tests, the generator and the CLI read."""

from __future__ import annotations

import csv

from orchestration.settings import DBT_PROJECT_DIR

SEEDS_DIR = DBT_PROJECT_DIR / "seeds"


def _rows(name: str) -> list[dict[str, str]]:
    with (SEEDS_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


RULES: tuple[dict[str, str], ...] = tuple(_rows("rule_catalog"))
RULE_CODES: tuple[str, ...] = tuple(rule["rule_code"] for rule in RULES)
CHECKS: tuple[dict[str, str], ...] = tuple(_rows("check_catalog"))
CHECK_NAMES: tuple[str, ...] = tuple(check["check_name"] for check in CHECKS)
