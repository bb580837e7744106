"""Synthetic monthly extracts that follow the landing contract (shared/spec/landing-contract.md).

``generate_landing`` writes, for every month, the four departments' CSV files with manifests,
plus ``_scenarios.json`` (planted households and the months in which each rule must / must not
fire) and ``_faults.json`` (every injected data-quality fault and the check that must catch it).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np

from orchestration.settings import SHIPPED_REFERENCE_DIR

from . import faults as fault_module
from .labour import LabourMarket
from .medical import SettlementMaker
from .monthly import TableBuilder
from .reference import Reference, load_reference
from .scenarios import SCENARIO_COUNTY, SOURCES, Context, evaluate
from .vocab import SOURCE_FILES
from .world import build_world
from .writer import (
    column_order,
    csv_text,
    encode,
    encoding_for,
    write_file,
    write_json,
    write_manifest,
)

__all__ = ["generate_landing", "DEFAULT_REFERENCE_DIR", "MIN_HOUSEHOLDS", "MIN_MONTHS"]

DEFAULT_REFERENCE_DIR = SHIPPED_REFERENCE_DIR
MIN_HOUSEHOLDS = 50
MIN_MONTHS = 12  # with fewer than 15, INCOME_DROP scenarios cannot fire (m-14..m)
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _check_months(months: list[str]) -> list[str]:
    months = list(months)
    bad = [m for m in months if not isinstance(m, str) or not _MONTH.match(m)]
    if bad:
        raise ValueError(f"months must be 'YYYY-MM' strings, got {bad[0]!r}")
    if len(months) < MIN_MONTHS:
        raise ValueError(f"need at least {MIN_MONTHS} consecutive months, got {len(months)}")
    steps = np.diff(np.array(months, dtype="datetime64[M]").astype(np.int64))
    if np.any(steps != 1):
        raise ValueError("months must be consecutive and in order")
    return months


def _check_reference(ref: Reference, months: list[str]) -> str | None:
    """The scenario county needs reference rows for every year; returns a Guangxi county with
    complete rows for the extra near-dibao household (or None when the seeds have none)."""
    years = sorted({int(m[:4]) for m in months})
    for year in years:
        if ref.rural(SCENARIO_COUNTY, year) is None:
            raise ValueError(
                f"dibao_standards.csv has no row for scenario county {SCENARIO_COUNTY} in {year}"
            )
        if ref.line(SCENARIO_COUNTY, year) is None:
            raise ValueError(
                f"monitoring_lines.csv has no row for province {SCENARIO_COUNTY[:2]} in {year}"
            )
    if (SCENARIO_COUNTY, years[-1] - 1) not in ref.disposable:
        raise ValueError(
            f"disposable_income.csv has no row for scenario county {SCENARIO_COUNTY} "
            f"in {years[-1] - 1}"
        )
    for county in ref.counties:
        if county.startswith("45") and all(
            ref.rural(county, y) is not None and ref.multiplier(county, y) is not None
            for y in years
        ):
            return county
    return None


def generate_landing(
    out_dir: Path,
    households: int,
    months: list[str],
    seed: int = 42,
    dirty_rate: float = 0.0,
    reference_dir: Path | None = None,
) -> dict:
    """Write the landing folder; returns a summary (files, rows per source, scenarios, faults).

    ``households`` counts every household, the planted scenario households included (about
    75 % rural roster, 25 % civil-affairs only); ``months`` are consecutive 'YYYY-MM' strings
    (at least 15); ``dirty_rate`` in [0, 0.5] is the share of rows per file given one fault;
    ``reference_dir`` holds the threshold CSVs (default: the shipped dbt seeds). Existing files
    of the same names are overwritten; nothing else in ``out_dir`` is removed.
    Raises ``ValueError`` (one-line message) for bad inputs.
    """
    started = time.perf_counter()
    if isinstance(households, bool) or not isinstance(households, (int, np.integer)):
        raise ValueError(f"households must be an integer, got {households!r}")
    if households < MIN_HOUSEHOLDS:
        raise ValueError(f"households must be at least {MIN_HOUSEHOLDS}, got {households}")
    months = _check_months(months)
    if not 0.0 <= float(dirty_rate) <= 0.5:
        raise ValueError(f"dirty_rate must be within [0, 0.5], got {dirty_rate}")
    ref = load_reference(Path(reference_dir) if reference_dir else DEFAULT_REFERENCE_DIR)
    guangxi = _check_reference(ref, months)
    out_dir = Path(out_dir)
    seed = int(seed)
    households = int(households)

    world = build_world(seed, households, months, ref, guangxi)
    n_months = len(months)
    main_file = {source: files[0] for source, files in SOURCE_FILES.items()}

    # The one file delivered without a required column (dirty runs only).
    missing = None
    if dirty_rate > 0:
        missing = fault_module.choose_missing_column(
            np.random.default_rng([seed, 20]), months, main_file
        )
    present = {source: [True] * n_months for source in SOURCES}
    if missing:
        present[missing[0]][missing[1]] = False

    ctx = Context(ref, months, guangxi)
    scenarios = []
    for hh_index, scenario in zip(world.scen_hh, world.scenarios, strict=True):
        fires_in, quiet_in = evaluate(scenario, ctx, present)
        scenarios.append(
            {
                "rule": scenario.rule,
                "role": scenario.role,
                "source": "rural_revitalization",
                "source_household_id": str(world.households["roster_id"][hh_index]),
                "county_code": scenario.county,
                "fires_in": fires_in,
                "quiet_in": quiet_in,
                "description": scenario.description,
            }
        )

    labour = LabourMarket(world, seed)
    builder = TableBuilder(world, ref, seed)
    medical = SettlementMaker(world, seed)
    all_faults: list[dict] = []
    rows: dict[str, int] = {source: 0 for source in SOURCE_FILES}
    encodings: dict[str, int] = {}
    files_written = 0
    members_cache: dict[tuple[str, ...], bytes] = {}

    for t, month in enumerate(months):
        status, wage, benefit, pension = labour.month(t)
        tables = {
            "civil_affairs": [builder.roll_table(t)],
            "medical_insurance": [medical.month(t)],
            "human_resources": [builder.employment(t, status, wage, benefit, pension)],
            "rural_revitalization": [builder.households_table(t), builder.members_table()],
        }
        for source, source_tables in tables.items():
            folder = out_dir / source / month
            manifest = {}
            for k, table in enumerate(source_tables):
                order = column_order(table.name, month)
                if missing and missing[0] == source and missing[1] == t:
                    order = tuple(c for c in order if c != missing[2])
                    all_faults.append(
                        {
                            "kind": "missing_column",
                            "source": source,
                            "month": month,
                            "file": table.name,
                            "row_number": None,
                            "expected_check": "missing_column",
                            "column": missing[2],
                        }
                    )
                elif dirty_rate > 0:
                    all_faults.extend(
                        fault_module.inject(
                            np.random.default_rng(
                                [seed, 21, t, list(SOURCE_FILES).index(source), k]
                            ),
                            table,
                            source,
                            month,
                            world.month_starts[t],
                            world.month_starts[t + 1],
                            dirty_rate,
                        )
                    )
                if table.name == "members.csv" and dirty_rate == 0:
                    text = members_cache.get(order)
                    if text is None:
                        text = members_cache[order] = csv_text(table, order)
                else:
                    text = csv_text(table, order)
                encoding = encoding_for(source, table.name, month)
                data = encode(text, encoding)
                digest = write_file(folder / table.name, data)
                manifest[table.name] = {"rows": table.n_rows, "sha256": digest}
                rows[source] += table.n_rows
                encodings[encoding] = encodings.get(encoding, 0) + 1
                files_written += 1
            write_manifest(folder, manifest)

    write_json(
        out_dir / "_scenarios.json",
        {"seed": seed, "months": months, "households": households, "scenarios": scenarios},
    )
    write_json(out_dir / "_faults.json", {"faults": all_faults})
    return {
        "out_dir": str(out_dir),
        "households": households,
        "months": len(months),
        "files_written": files_written,
        "rows": rows,
        "encodings": encodings,
        "scenarios": len(scenarios),
        "faults": len(all_faults),
        "seconds": round(time.perf_counter() - started, 2),
    }
