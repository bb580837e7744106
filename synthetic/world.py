"""Everything that is static across months: households, persons, IDs, base incomes, the roll,
plus the planted scenario households merged into the same arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import economy
from .names import full_names, random_surnames
from .population import (
    ROSTER,
    Frame,
    assign_ids,
    build_background,
    build_unlinked,
    concat,
    region_codes,
)
from .reference import Reference
from .scenarios import Context, ScenarioHousehold, build_scenarios
from .traits import birth_dates, exact_age
from .vocab import (
    ACTIVE,
    CHILD,
    HEAD,
    NO,
    NOT_IN_SCHOOL,
    PARENT,
    ROLL_STATUSES,
    RURAL,
    STEPPING_DOWN,
    STOPPED,
)

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


def _scenario_frames(
    rng: np.random.Generator,
    scenarios: list[ScenarioHousehold],
    first_hh: int,
    first_person: int,
    ref_date: np.datetime64,
    n_months: int,
) -> tuple[Frame, Frame, dict[str, np.ndarray]]:
    n_hh = len(scenarios)
    county = np.array([int(s.county) for s in scenarios], dtype=np.int64)
    urban = np.full(n_hh, RURAL, dtype=np.int8)
    households: Frame = {
        "kind": np.full(n_hh, ROSTER, dtype=np.int8),
        "county": county,
        "region": region_codes(rng, county, urban),
        "urban": urban,
        "hh_type": np.array([s.hh_type for s in scenarios], dtype=np.int8),
        "mon_class": np.array([s.mon_class for s in scenarios], dtype=np.int8),
        "risk": np.array([s.risk for s in scenarios], dtype=np.int8),
        "risk_cleared": np.array(
            [NO if s.mon_class >= 0 else -1 for s in scenarios], dtype=np.int8
        ),
        "size": np.array([len(s.members) for s in scenarios], dtype=np.int64),
        "scenario": np.ones(n_hh, dtype=bool),
    }
    members = [(h, pos, m) for h, s in enumerate(scenarios) for pos, m in enumerate(s.members)]
    hh_of = np.array([h for h, _, _ in members], dtype=np.int64)
    age = np.array([m.age for _, _, m in members], dtype=np.int64)
    male = np.array([m.male for _, _, m in members], dtype=bool)
    relation = np.array([m.relation for _, _, m in members], dtype=np.int8)
    birth = birth_dates(rng, age, ref_date)
    head_surname = random_surnames(rng, n_hh)[hh_of]
    own = random_surnames(rng, len(members))
    same = np.isin(relation, (HEAD, CHILD)) | ((relation == PARENT) & male)
    persons: Frame = {
        "hh": hh_of + first_hh,
        "pos": np.array([pos for _, pos, _ in members], dtype=np.int64),
        "relation": relation,
        "male": male,
        "birth": birth,
        "age": exact_age(birth, ref_date),
        "county": county[hh_of],
        "region": households["region"][hh_of],
        "labour": np.array([m.labour for _, _, m in members], dtype=np.int8),
        "disability": np.zeros(len(members), dtype=np.int8),
        "health": np.array([m.health for _, _, m in members], dtype=np.int8),
        "schooling": np.full(len(members), NOT_IN_SCHOOL, dtype=np.int8),
        "name": full_names(rng, np.where(same, head_surname, own), male),
        "scenario": np.ones(len(members), dtype=bool),
    }
    monthly = {
        key: np.array([getattr(m, key) for _, _, m in members], dtype=np.int64).reshape(
            -1, n_months
        )
        for key in ("status", "wage", "benefit", "pension")
    }
    monthly["pension_type"] = np.array([m.pension_type for _, _, m in members], dtype=np.int8)
    monthly["person"] = np.arange(len(members)) + first_person
    return households, persons, monthly


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
    first_year = int(months[0][:4])

    scenarios = build_scenarios(Context(ref, months, guangxi_county))
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
    scen_households, scen_persons, scen_monthly = _scenario_frames(
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
    n_hh = len(households["size"])

    # Identity: unique valid IDs over everybody; roster and assistance household numbers.
    persons["id"] = assign_ids(np.random.default_rng([seed, 4]), persons)
    _household_numbers(np.random.default_rng([seed, 5]), households)

    # Base incomes and the roll (background); scenario persons are overridden month by month.
    rng = np.random.default_rng([seed, 6])
    group = np.where(
        persons["hh"] < 0, economy.UNLINKED, households["kind"][np.maximum(persons["hh"], 0)]
    )
    econ = economy.person_incomes(rng, persons, group)
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
    scen_hh = np.arange(n_hh - len(scenarios), n_hh)
    for i, s in enumerate(scenarios):
        h = scen_hh[i]
        hh_econ["op"][h] = s.op_annual
        hh_econ["prop"][h] = s.prop_annual
        hh_econ["growth"][h] = 1.0
        hh_econ["category"][h] = s.roll_category
    households.update(hh_econ)
    households["recognised"] = ref_date - rng.integers(30, 9 * 365, n_hh).astype("timedelta64[D]")
    persons.update(econ)

    exit_month, exit_in_subset = economy.exit_events(
        rng, households, linked_persons, linked_econ, households["category"], n_months
    )
    linked_index = np.nonzero(linked)[0]
    exit_person = np.where(exit_in_subset >= 0, linked_index[np.maximum(exit_in_subset, 0)], -1)

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
    for i, s in enumerate(scenarios):
        h = scen_hh[i]
        roll_status[h] = [-1 if v is None else ROLL_STATUSES.index(v) for v in s.roll_status]
        override[h] = s.roll_amount

    return World(
        months=months,
        month_starts=month_starts,
        households=households,
        persons=persons,
        scenarios=scenarios,
        scen_hh=scen_hh,
        scen_persons=scen_idx,
        scen_monthly=scen_monthly,
        roll_status=roll_status,
        roll_amount_override=override,
        exit_person=exit_person,
        exit_month=exit_month,
    )


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
