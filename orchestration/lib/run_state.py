"""What the warehouse was built with, for the schedule and the sensor: warehouse/run_state.json.

Each successful run's publish writes it (atomically) from raw.load_ledger: per month, each
file's sha256 and whether the run loaded or rejected it. The schedule and sensor read this
file and never build.duckdb: DuckDB allows one writer, and a reader there would make a run
fail with "Could not set lock". It holds no personal data (months, file names, hashes).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from orchestration.lib.landing_state import content_key, missing_sources

STATE_FILE = "run_state.json"
STATE_VERSION = 1

# Each file's latest load or rejection, per month ("unchanged" looks write no row).
LEDGER_STATE = """
select month, source || '/' || file as file, sha256, status
from (
    select *, row_number() over (
        partition by source, month, file order by loaded_at desc
    ) as recency
    from raw.load_ledger
    where status in ('loaded', 'rejected')
)
where recency = 1
order by month, file
"""


@dataclass(frozen=True)
class BuiltFile:
    sha256: str | None  # None: rejected before its bytes were read through (e.g. empty)
    status: str  # loaded | rejected


@dataclass(frozen=True)
class RunState:
    built_at: str
    months: dict[str, dict[str, BuiltFile]]  # month -> '<source>/<file>' -> what was built


def write_run_state(con, warehouse_dir: Path, built_at: datetime) -> Path:
    """From the build database's ledger (`con`), after a successful publish."""
    months: dict[str, dict[str, dict]] = {}
    for month, file, sha256, status in con.execute(LEDGER_STATE).fetchall():
        months.setdefault(month, {})[file] = {"sha256": sha256, "status": status}
    document = {"version": STATE_VERSION, "built_at": built_at.isoformat(), "months": months}
    target = warehouse_dir / STATE_FILE
    # tmp + rename: a reader sees the old file or the new one, never half of one.
    handle, tmp = tempfile.mkstemp(prefix=f".{STATE_FILE}.", dir=warehouse_dir)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(document, stream, indent=1, sort_keys=True)
    os.chmod(tmp, 0o644)  # no personal data: operators may read it
    os.replace(tmp, target)
    return target


def read_run_state(warehouse_dir: Path) -> RunState | None:
    """None: no state file (nothing built yet, or built before this file existed)."""
    path = warehouse_dir / STATE_FILE
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return RunState(
        built_at=document["built_at"],
        months={
            month: {name: BuiltFile(**entry) for name, entry in files.items()}
            for month, files in document["months"].items()
        },
    )


@dataclass(frozen=True)
class MonthPlan:
    """One month as landed, against what the warehouse was built with."""

    month: str
    landed: dict[str, str]  # '<source>/<file>' -> sha256
    built: dict[str, BuiltFile] | None  # None: the month was never run

    @property
    def missing(self) -> list[str]:
        """Departments without an accepted file for the month (a file the last run rejected,
        landed again unchanged, does not count)."""
        rejected = {
            name: f.sha256 for name, f in (self.built or {}).items() if f.status == "rejected"
        }
        return missing_sources(self.landed, rejected)

    @property
    def redelivered(self) -> list[str]:
        """Landed files whose bytes the last run of the month did not see (a first landing
        for a month already run counts: it was not there then)."""
        built = self.built or {}
        return [
            name
            for name, sha256 in self.landed.items()
            if name not in built or built[name].sha256 != sha256
        ]

    @property
    def built_with_these_files(self) -> bool:
        return self.built is not None and not self.redelivered

    @property
    def run_key(self) -> str:
        return content_key(self.month, self.landed)


def plan_month(month: str, landed: dict[str, str], state: RunState | None) -> MonthPlan:
    return MonthPlan(month, landed, state.months.get(month) if state else None)
