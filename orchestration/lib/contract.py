"""The landing contract, read from the one file that states it: the dbt sources of the raw
schema (dbt_project/models/staging/_staging__sources.yml). Files, headers, household-id columns
and allowed values come from there for the loader, the generator and the quality suites."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from orchestration.settings import DBT_PROJECT_DIR

CONTRACT_FILE = DBT_PROJECT_DIR / "models" / "staging" / "_staging__sources.yml"


@dataclass(frozen=True)
class ExtractFile:
    source: str
    name: str  # file name inside <source>/<YYYY-MM>/
    columns: tuple[str, ...]  # the Chinese headers, in delivery order
    household_id_column: str | None = None
    allowed: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    may_be_empty: frozenset[str] = frozenset()
    # Headers a delivery may lack (older than the column): its rows hold null there.
    optional: frozenset[str] = frozenset()
    # The case loop's returned work lists (case_management/): not a department extract, may
    # come as the work list's .xlsx, and columns beyond the contract's are dropped, not kept.
    returned: bool = False

    @property
    def raw_table(self) -> str:
        return f"{self.source}__{self.name.removesuffix('.csv')}"

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.optional)

    def values(self, header: str) -> tuple[str, ...]:
        return self.allowed[header]

    @property
    def accepted_names(self) -> tuple[str, ...]:
        """File names this extract may land under: the work list also comes back as .xlsx."""
        if self.returned:
            return (self.name, self.name.removesuffix(".csv") + ".xlsx")
        return (self.name,)


def _extract_files() -> tuple[ExtractFile, ...]:
    document = yaml.safe_load(CONTRACT_FILE.read_text(encoding="utf-8"))
    [raw] = [source for source in document["sources"] if source["name"] == "raw"]
    files = []
    for table in raw["tables"]:
        landing = (table.get("meta") or {}).get("landing")
        if not landing:
            continue  # the load ledger: written by the loader, not delivered
        metas = {column["name"]: column.get("meta") or {} for column in table["columns"]}
        extract = ExtractFile(
            source=landing["source"],
            name=landing["file"],
            columns=tuple(metas),
            household_id_column=landing.get("household_id"),
            allowed={
                h: tuple(str(v) for v in m["values"]) for h, m in metas.items() if "values" in m
            },
            # An absent optional column is null in every row, so it may be empty too.
            may_be_empty=frozenset(
                h for h, m in metas.items() if m.get("may_be_empty") or m.get("optional")
            ),
            optional=frozenset(h for h, m in metas.items() if m.get("optional")),
            returned=bool(landing.get("returned")),
        )
        if extract.raw_table != table["name"]:
            raise ValueError(f"{CONTRACT_FILE}: {table['name']} should be {extract.raw_table}")
        files.append(extract)
    return tuple(files)


# Everything the loader lands; EXTRACT_FILES are the four departments' (what the generator
# writes and what a month needs), without the case loop's returned work lists.
LANDING_FILES: tuple[ExtractFile, ...] = _extract_files()
EXTRACT_FILES: tuple[ExtractFile, ...] = tuple(f for f in LANDING_FILES if not f.returned)
RETURNED_FILES: tuple[ExtractFile, ...] = tuple(f for f in LANDING_FILES if f.returned)
SOURCES: tuple[str, ...] = tuple(dict.fromkeys(f.source for f in EXTRACT_FILES))
LANDING_SOURCES: tuple[str, ...] = tuple(dict.fromkeys(f.source for f in LANDING_FILES))
BY_NAME: dict[str, ExtractFile] = {f.name: f for f in EXTRACT_FILES}
BY_TABLE: dict[str, ExtractFile] = {f.raw_table: f for f in LANDING_FILES}


def files_of(source: str) -> tuple[ExtractFile, ...]:
    return tuple(f for f in LANDING_FILES if f.source == source)
