"""`poverty-monitor status`: per month, which departments have landed, whether the month is
complete, its last run and result, and which landed files its last build has not seen. Reads
the landing folder, the status file and analytics.duckdb, never the build database (a reader
there would block a run's writer)."""

from __future__ import annotations

import argparse
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from orchestration.lib.contract import LANDING_FILES, SOURCES, ExtractFile
from orchestration.lib.run_status import month_results
from orchestration.settings import Settings, load_settings


@dataclass
class MonthStatus:
    month: str
    landed: list[str]  # departments (of SOURCES) whose every extract has landed
    missing: list[str]
    complete: bool
    last_run_at: str | None = None
    result: str | None = None  # success or failed
    step: str | None = None
    cause: str | None = None
    stale: list[str] = field(default_factory=list)  # "<source>/<file> (new|changed)"


def command_status(args: argparse.Namespace) -> int:
    statuses = month_statuses(load_settings())
    if args.format == "json":
        print(json.dumps([asdict(status) for status in statuses], ensure_ascii=False, indent=1))
    else:
        print_table(statuses)
    return 0


def month_statuses(settings: Settings) -> list[MonthStatus]:
    landed = _landed_files(settings.landing_dir)
    loaded, rejected = _built_files(settings.analytics_db)
    built_at = settings.analytics_db.stat().st_mtime if settings.analytics_db.exists() else 0.0
    runs = month_results(settings.run_status_file)
    statuses = []
    for month in sorted(set(landed) | set(runs) | {month for _, month, _ in loaded}):
        files = landed.get(month, {})
        departments = [
            source
            for source in SOURCES
            if all((e.source, e.name) in files for e in LANDING_FILES if e.source == source)
        ]
        run = runs.get(month, {})
        stale = []
        for (source, name), path in sorted(files.items()):
            sha256 = loaded.get((source, month, name))
            if sha256 is None and not (
                (source, month, name) in rejected and path.stat().st_mtime <= built_at
            ):
                stale.append(f"{source}/{path.name} (new)")
            elif sha256 is not None and sha256 != _sha256(path):
                stale.append(f"{source}/{path.name} (changed)")
        statuses.append(
            MonthStatus(
                month=month,
                landed=departments,
                missing=[source for source in SOURCES if source not in departments],
                complete=len(departments) == len(SOURCES),
                last_run_at=run.get("at"),
                result=run.get("result"),
                step=run.get("step"),
                cause=run.get("cause"),
                stale=stale,
            )
        )
    return statuses


def print_table(statuses: list[MonthStatus]) -> None:
    if not statuses:
        print("nothing landed and nothing run yet")
        return
    print(f"{'month':<8} {'landed':<7} {'complete':<9} {'last run':<26} {'result':<8} stale")
    for status in statuses:
        landed = f"{len(status.landed)}/{len(SOURCES)}"
        print(
            f"{status.month:<8} {landed:<7} {'yes' if status.complete else 'no':<9} "
            f"{status.last_run_at or '-':<26} {status.result or '-':<8} "
            f"{', '.join(status.stale) or '-'}"
        )
        if status.missing:
            print(f"{'':<8} missing: {', '.join(status.missing)}")
        if status.result == "failed":
            print(f"{'':<8} failed in {status.step}: {status.cause}")


def _landed_files(landing_dir: Path) -> dict[str, dict[tuple[str, str], Path]]:
    """month -> (source, contract file name) -> the landed file (a returned work list may
    come back as .xlsx; the ledger names it by the contract's name)."""
    landed: dict[str, dict[tuple[str, str], Path]] = {}
    for folder in sorted(landing_dir.glob("*/*")):
        for extract in LANDING_FILES:
            if folder.parent.name == extract.source and (path := _delivered(folder, extract)):
                landed.setdefault(folder.name, {})[(extract.source, extract.name)] = path
    return landed


def _delivered(folder: Path, extract: ExtractFile) -> Path | None:
    return next((folder / n for n in extract.accepted_names if (folder / n).is_file()), None)


def _built_files(analytics_db: Path):
    """(source, month, file) -> sha256 of the loads in force, and the files last rejected."""
    if not analytics_db.exists():
        return {}, set()
    with duckdb.connect(str(analytics_db), read_only=True) as con:
        loaded = con.execute(
            "select source, month, file, sha256 from quality.file_reconciliation"
        ).fetchall()
        rejected = con.execute(
            "select distinct source, month, file from quality.findings "
            "where row_number is null and source <> 'reference'"
        ).fetchall()
    return {(s, m, f): sha for s, m, f, sha in loaded}, set(rejected)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
