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
from .delivery import Delivery
from .labour import LabourMarket
from .medical import SettlementMaker
from .monthly import Table, TableBuilder
from .reference import Reference, load_reference
from .scenarios import SCENARIO_COUNTY, SOURCES, Context, evaluate
from .vocab import SOURCE_FILES
from .world import World, build_world
from .writer import write_json

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
    months = _check_inputs(households, months, dirty_rate)
    ref = load_reference(Path(reference_dir) if reference_dir else DEFAULT_REFERENCE_DIR)
    guangxi = _check_reference(ref, months)
    out_dir, seed, households = Path(out_dir), int(seed), int(households)

    world = build_world(seed, households, months, ref, guangxi)
    missing = _missing_column(seed, months, dirty_rate)
    scenarios = _scenario_entries(world, Context(ref, months, guangxi), _present(months, missing))
    delivery = Delivery(out_dir, world, seed, dirty_rate, missing)
    labour = LabourMarket(world, seed)
    builder = TableBuilder(world, ref, seed)
    medical = SettlementMaker(world, seed)
    for t in range(len(months)):
        delivery.write_month(t, _month_tables(t, labour, builder, medical))

    write_json(
        out_dir / "_scenarios.json",
        {"seed": seed, "months": months, "households": households, "scenarios": scenarios},
    )
    write_json(out_dir / "_faults.json", {"faults": delivery.faults})
    return {
        "out_dir": str(out_dir),
        "households": households,
        "months": len(months),
        "files_written": delivery.files_written,
        "rows": delivery.rows,
        "encodings": delivery.encodings,
        "scenarios": len(scenarios),
        "faults": len(delivery.faults),
        "seconds": round(time.perf_counter() - started, 2),
    }


def _check_inputs(households, months, dirty_rate) -> list[str]:
    """Raises for a bad argument; returns the months as a list."""
    if isinstance(households, bool) or not isinstance(households, (int, np.integer)):
        raise ValueError(f"households must be an integer, got {households!r}")
    if households < MIN_HOUSEHOLDS:
        raise ValueError(f"households must be at least {MIN_HOUSEHOLDS}, got {households}")
    months = _check_months(months)
    if not 0.0 <= float(dirty_rate) <= 0.5:
        raise ValueError(f"dirty_rate must be within [0, 0.5], got {dirty_rate}")
    return months


def _missing_column(seed: int, months: list[str], dirty_rate: float):
    """(source, month index, column) of the one file delivered without a required column
    (dirty runs only), else None."""
    if dirty_rate <= 0:
        return None
    main_file = {source: files[0] for source, files in SOURCE_FILES.items()}
    return fault_module.choose_missing_column(np.random.default_rng([seed, 20]), months, main_file)


def _present(months: list[str], missing) -> dict[str, list[bool]]:
    """Per source and month: delivered whole? (The file without a column is rejected.)"""
    present = {source: [True] * len(months) for source in SOURCES}
    if missing:
        present[missing[0]][missing[1]] = False
    return present


def _scenario_entries(world: World, ctx: Context, present: dict[str, list[bool]]) -> list[dict]:
    """The ``_scenarios.json`` entries: each planted household and its oracle verdicts."""
    entries = []
    for hh_index, scenario in zip(world.scen_hh, world.scenarios, strict=True):
        fires_in, quiet_in = evaluate(scenario, ctx, present)
        entries.append(
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
    return entries


def _month_tables(
    t: int, labour: LabourMarket, builder: TableBuilder, medical: SettlementMaker
) -> dict[str, list[Table]]:
    status, wage, benefit, pension = labour.month(t)
    return {
        "civil_affairs": [builder.roll_table(t)],
        "medical_insurance": [medical.month(t)],
        "human_resources": [builder.employment(t, status, wage, benefit, pension)],
        "rural_revitalization": [builder.households_table(t), builder.members_table()],
    }
