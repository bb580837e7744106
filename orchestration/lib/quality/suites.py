"""Great Expectations suites kept as plain JSON in expectations/ (one per extract + key marts).

GE 1.x's SQL datasource fails on DuckDB (STACK-NOTES 5), so each month's batch is read from the
build database with DuckDB into a pandas DataFrame (ID numbers and names left out, so Data Docs
never show them) and validated with GE's pandas datasource. Row-level flags and quarantine stay
in DuckDB SQL; the suites restate the landing contract and read those flags.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.lib.catalogs import RULES
from orchestration.lib.contract import BY_TABLE
from orchestration.settings import PROJECT_ROOT

SUITES_DIR = PROJECT_ROOT / "expectations"
SEVERITY_TO_GX = {"blocking": "critical", "warning": "warning"}
_PANDAS_FRIENDLY = {"DECIMAL": "double", "DATE": "varchar", "TIMESTAMP": "varchar"}


@dataclass(frozen=True)
class SuiteSpec:
    name: str
    checks_asset: tuple[str, ...]  # the Dagster asset whose check runs this suite
    table: str
    exclude: tuple[str, ...]
    extra_columns: dict[str, str]
    expectations: list[dict] = field(repr=False)

    @property
    def columns(self) -> list[str]:
        """The columns the expectations read (the batch carries nothing else)."""
        named = [e["kwargs"]["column"] for e in self.expectations if "column" in e["kwargs"]]
        return list(dict.fromkeys(named))

    def batch_sql(self, table_columns: dict[str, str]) -> str:
        """The month's rows, only the columns the suite reads: never ID numbers or names (so
        Data Docs cannot show them), decimals as doubles (pandas would hold Decimal objects,
        ten times slower to validate)."""
        select = []
        for column in self.columns:
            if column in self.exclude:
                raise ValueError(f"suite {self.name} reads excluded column {column}")
            if column in self.extra_columns:
                select.append(f"{self.extra_columns[column]} as {column}")
            elif column in table_columns:
                cast = _PANDAS_FRIENDLY.get(table_columns[column].upper().split("(")[0])
                select.append(f"cast({column} as {cast}) as {column}" if cast else column)
        return f"select {', '.join(select)} from {self.table} where month = ?"

    @property
    def batch_asset(self) -> tuple[str, ...]:
        """dbt asset keys are [schema, model], the same as the table name."""
        return tuple(self.table.split("."))


def load_specs(folder: Path = SUITES_DIR) -> list[SuiteSpec]:
    specs = []
    for path in sorted(folder.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        batch = raw["meta"]["batch"]
        specs.append(
            SuiteSpec(
                name=raw["name"],
                checks_asset=tuple(raw["meta"]["checks_asset"]),
                table=batch["table"],
                exclude=tuple(batch.get("exclude", ())),
                extra_columns=dict(batch.get("extra_columns", {})),
                expectations=raw["expectations"],
            )
        )
    return specs


def to_gx_suite(spec: SuiteSpec):
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    import great_expectations.expectations as gxe

    expectations = []
    for entry in spec.expectations:
        meta = entry.get("meta", {})
        extra = {"meta": meta, "severity": SEVERITY_TO_GX[meta.get("severity", "blocking")]}
        if "notes" in entry:
            extra["notes"] = entry["notes"]
        kwargs = {name: resolve_value(value) for name, value in entry["kwargs"].items()}
        expectations.append(getattr(gxe, entry["type"])(**kwargs, **extra))
    return gx.ExpectationSuite(name=spec.name, expectations=expectations)


def resolve_value(value):
    """A suite names allowed values by where they are written once instead of restating them:
    {"$contract": "<raw table>.<header>"} (the landing contract) or {"$rule_catalog": column}.
    Other values (and GE's own {"$PARAMETER": ...}) pass through."""
    if isinstance(value, dict) and "$contract" in value:
        table, _, header = value["$contract"].partition(".")
        return list(BY_TABLE[table].values(header))
    if isinstance(value, dict) and "$rule_catalog" in value:
        return sorted({rule[value["$rule_catalog"]] for rule in RULES})
    return value
