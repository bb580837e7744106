"""Everything that is static across months: households, persons, IDs, base incomes, the roll,
plus the planted scenario households merged into the same arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import economy
from .incomes import UNLINKED, person_incomes
from .planted import scenario_frames
from .population import ROSTER, Frame, assign_ids, build_background, build_unlinked, concat
from .reference import Reference
from .scenarios import Context, ScenarioHousehold, build_scenarios
from .vocab import ACTIVE, ROLL_STATUSES, STEPPING_DOWN, STOPPED

UNLINKED_SHARE = 0.025


@dataclass
class World:
    months: list[str]
    month_starts: np.ndarray  # datetime64[D], one per month (+1 for the end of the last)
    households: Frame
    persons: Frame
    scenarios: list[ScenarioHousehold]
    scen_hh: np.ndarray  # household index of each scenario
    scen_persons: np.ndarray  # person indices of scenario members (in member order)
    scen_monthly: dict[str, np.ndarray]  # (n_scen_persons, T) status/wage/benefit/pension
    roll_status: np.ndarray  # (n_households, T) code into ROLL_STATUSES, -1 = no roll row
    roll_amount_override: np.ndarray  # (n_households, T) per person, scenario households
    exit_person: np.ndarray  # person who finds a job in the exit month, per household
    exit_month: np.ndarray


def build_world(
    seed: int,
    n_households: int,
    months: list[str],
    ref: Reference,
    guangxi_county: str | None,
) -> World:
    n_months = len(months)
    month_starts = np.array(
        [np.datetime64(m, "M") for m in months] + [np.datetime64(months[-1], "M") + 1]
    ).astype("datetime64[D]")
    ref_date = month_starts[0]
    scenarios = build_scenarios(Context(ref, months, guangxi_county))
    households, persons, scen_monthly = _people(
        seed, n_households, ref, scenarios, ref_date, n_months
    )
    n_hh = len(households["size"])
    scen_hh = np.arange(n_hh - len(scenarios), n_hh)

    # Base incomes and the roll (background); scenario persons are overridden month by month.
    # One generator for incomes, roll, recognition dates and exits, drawn in this order.
    rng = np.random.default_rng([seed, 6])
    linked = persons["hh"] >= 0
    linked_persons, linked_econ = _incomes(
        rng, ref, households, persons, scenarios, scen_hh, scen_monthly, int(months[0][:4])
    )
    households["recognised"] = ref_date - rng.integers(30, 9 * 365, n_hh).astype("timedelta64[D]")
    exit_month, exit_in_subset = economy.exit_events(
        rng, households, linked_persons, linked_econ, households["category"], n_months
    )
    linked_index = np.nonzero(linked)[0]
    exit_person = np.where(exit_in_subset >= 0, linked_index[np.maximum(exit_in_subset, 0)], -1)
    roll_status, override = _roll(households, scenarios, scen_hh, exit_month, n_months)

    return World(
        months=months,
        month_starts=month_starts,
        households=households,
        persons=persons,
        scenarios=scenarios,
        scen_hh=scen_hh,
        scen_persons=scen_monthly["person"],
        scen_monthly=scen_monthly,
        roll_status=roll_status,
        roll_amount_override=override,
        exit_person=exit_person,
        exit_month=exit_month,
    )


def _people(
    seed: int,
    n_households: int,
    ref: Reference,
    scenarios: list[ScenarioHousehold],
    ref_date: np.datetime64,
    n_months: int,
) -> tuple[Frame, Frame, dict[str, np.ndarray]]:
    """Background households, then the scenario households, then the unlinked persons (each
    from its own generator), with IDs and household numbers."""
    n_background = n_households - len(scenarios)
    if n_background < 1:
        raise ValueError(f"households must exceed the {len(scenarios)} scenario households")
    n_roster = int(round(0.75 * n_background))
    counties = np.array([int(c) for c in ref.counties], dtype=np.int64)

    rng = np.random.default_rng([seed, 1])
    households, persons = build_background(
        rng, n_roster, n_background - n_roster, counties, ref_date
    )
    n_bg_persons = len(persons["hh"])
    scen_households, scen_persons, scen_monthly = scenario_frames(
        np.random.default_rng([seed, 2]),
        scenarios,
        len(households["size"]),
        n_bg_persons,
        ref_date,
        n_months,
    )
    n_unlinked = max(1, int(round(UNLINKED_SHARE * n_bg_persons)))
    unlinked = build_unlinked(np.random.default_rng([seed, 3]), n_unlinked, counties, ref_date)
    households = concat([households, scen_households])
    persons = concat([persons, scen_persons, unlinked])

    # Identity: unique valid IDs over everybody; roster and assistance household numbers.
    persons["id"] = assign_ids(np.random.default_rng([seed, 4]), persons)
    _household_numbers(np.random.default_rng([seed, 5]), households)
    return households, persons, scen_monthly


def _incomes(
    rng: np.random.Generator,
    ref: Reference,
    households: Frame,
    persons: Frame,
    scenarios: list[ScenarioHousehold],
    scen_hh: np.ndarray,
    scen_monthly: dict[str, np.ndarray],
    first_year: int,
) -> tuple[Frame, Frame]:
    """Adds incomes to ``persons`` and operating income and roll category to ``households``
    (scenario persons get their first month, scenario households their planted values).
    Returns the linked persons (as they were before) and their incomes, for the exit events."""
    group = np.where(persons["hh"] < 0, UNLINKED, households["kind"][np.maximum(persons["hh"], 0)])
    econ = person_incomes(rng, persons, group)
    scen_idx = scen_monthly["person"]
    for key in ("status", "wage", "benefit", "pension"):
        econ[key][scen_idx] = scen_monthly[key][:, 0]
    econ["pension_type"][scen_idx] = scen_monthly["pension_type"]
    econ["hr_known"][scen_idx] = True
    linked = persons["hh"] >= 0
    linked_persons = _subset(persons, linked)
    linked_econ = _subset(econ, linked)
    hh_econ = economy.households_economy(
        rng, ref, households, linked_persons, linked_econ, first_year
    )
    for key, values in linked_econ.items():  # civil-only wages may have been lowered
        econ[key][linked] = values
    for h, s in zip(scen_hh, scenarios, strict=True):
        hh_econ["op"][h] = s.op_annual
        hh_econ["prop"][h] = s.prop_annual
        hh_econ["growth"][h] = 1.0
        hh_econ["category"][h] = s.roll_category
    households.update(hh_econ)
    persons.update(econ)
    return linked_persons, linked_econ


def _roll(
    households: Frame,
    scenarios: list[ScenarioHousehold],
    scen_hh: np.ndarray,
    exit_month: np.ndarray,
    n_months: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Roll status per household and month (在保, then 渐退 for three months after an exit,
    then 停保) and the planted per-person amounts of the scenario households."""
    n_hh = len(households["size"])
    roll_status = np.full((n_hh, n_months), -1, dtype=np.int8)
    on_roll = households["category"] >= 0
    roll_status[on_roll] = ACTIVE
    t = np.arange(n_months)[None, :]
    e = exit_month[:, None]
    stepping = (exit_month[:, None] >= 0) & (t > e) & (t <= e + 3)
    stopped = (exit_month[:, None] >= 0) & (t > e + 3)
    roll_status[stepping & on_roll[:, None]] = STEPPING_DOWN
    roll_status[stopped & on_roll[:, None]] = STOPPED
    override = np.zeros((n_hh, n_months), dtype=np.int64)
    for h, s in zip(scen_hh, scenarios, strict=True):
        roll_status[h] = [-1 if v is None else ROLL_STATUSES.index(v) for v in s.roll_status]
        override[h] = s.roll_amount
    return roll_status, override


def _subset(frame: Frame, mask: np.ndarray) -> Frame:
    return {key: values[mask] for key, values in frame.items()}


def _household_numbers(rng: np.random.Generator, households: Frame) -> None:
    """户编号 for roster households, 救助户编号 for every household (used when on a roll).

    Numbers run in region order within each county, so scenario households sit among the rest.
    """
    n = len(households["size"])
    order = np.lexsort((rng.random(n), households["region"], households["county"]))
    county = households["county"][order]
    new_county = np.ones(n, dtype=bool)
    new_county[1:] = county[1:] != county[:-1]
    start = np.maximum.accumulate(np.where(new_county, np.arange(n), 0))
    serial = np.empty(n, dtype=np.int64)
    serial[order] = np.arange(n) - start + 1
    roster = households["kind"] == ROSTER
    roster_serial = np.zeros(n, dtype=np.int64)
    ro = order[roster[order]]
    roster_county = households["county"][ro]
    first = np.ones(len(ro), dtype=bool)
    first[1:] = roster_county[1:] != roster_county[:-1]
    rstart = np.maximum.accumulate(np.where(first, np.arange(len(ro)), 0))
    roster_serial[ro] = np.arange(len(ro)) - rstart + 1
    roster_number = households["county"] * 10**8 + roster_serial
    households["roster_id"] = np.where(roster, roster_number.astype(str), "")
    households["roll_id"] = np.char.add("MZ", (households["county"] * 10**7 + serial).astype(str))
    households["order"] = np.argsort(order)  # rank of each household in table order
