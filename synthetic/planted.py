"""The planted scenario households as frames, in the same shape as the background's, so that
the world can concatenate them: rural roster households with fixed members, and their monthly
status, wage, benefit and pension."""

from __future__ import annotations

import numpy as np

from .names import full_names, random_surnames
from .population import ROSTER, Frame, region_codes
from .scenarios import ScenarioHousehold
from .traits import birth_dates, exact_age
from .vocab import CHILD, HEAD, NO, NOT_IN_SCHOOL, PARENT, RURAL


def scenario_frames(
    rng: np.random.Generator,
    scenarios: list[ScenarioHousehold],
    first_hh: int,
    first_person: int,
    ref_date: np.datetime64,
    n_months: int,
) -> tuple[Frame, Frame, dict[str, np.ndarray]]:
    """(households, persons, monthly): ``monthly`` holds one row of T months per member, with
    the member's person index, for the labour market to override the drawn values."""
    households = _households(rng, scenarios)
    members = [(h, pos, m) for h, s in enumerate(scenarios) for pos, m in enumerate(s.members)]
    persons = _persons(rng, households, members, first_hh, ref_date)
    monthly = {
        key: np.array([getattr(m, key) for _, _, m in members], dtype=np.int64).reshape(
            -1, n_months
        )
        for key in ("status", "wage", "benefit", "pension")
    }
    monthly["pension_type"] = np.array([m.pension_type for _, _, m in members], dtype=np.int8)
    monthly["person"] = np.arange(len(members)) + first_person
    return households, persons, monthly


def _households(rng: np.random.Generator, scenarios: list[ScenarioHousehold]) -> Frame:
    n_hh = len(scenarios)
    county = np.array([int(s.county) for s in scenarios], dtype=np.int64)
    urban = np.full(n_hh, RURAL, dtype=np.int8)
    return {
        "kind": np.full(n_hh, ROSTER, dtype=np.int8),
        "county": county,
        "region": region_codes(rng, county, urban),
        "urban": urban,
        "hh_type": np.array([s.hh_type for s in scenarios], dtype=np.int8),
        "mon_class": np.array([s.mon_class for s in scenarios], dtype=np.int8),
        "risk": np.array([s.risk for s in scenarios], dtype=np.int8),
        # Planted monitored households are still at risk (否); empty when not monitored.
        "risk_cleared": np.array(
            [NO if s.mon_class >= 0 else -1 for s in scenarios], dtype=np.int8
        ),
        "size": np.array([len(s.members) for s in scenarios], dtype=np.int64),
        "scenario": np.ones(n_hh, dtype=bool),
    }


def _persons(rng, households: Frame, members: list, first_hh: int, ref_date) -> Frame:
    """``members``: (household, position, Member) of every scenario member."""
    n_hh = len(households["size"])
    county = households["county"]
    hh_of = np.array([h for h, _, _ in members], dtype=np.int64)
    age = np.array([m.age for _, _, m in members], dtype=np.int64)
    male = np.array([m.male for _, _, m in members], dtype=bool)
    relation = np.array([m.relation for _, _, m in members], dtype=np.int8)
    birth = birth_dates(rng, age, ref_date)
    head_surname = random_surnames(rng, n_hh)[hh_of]
    own = random_surnames(rng, len(members))
    # Children and the head's father carry the head's surname, spouses and mothers their own.
    same = np.isin(relation, (HEAD, CHILD)) | ((relation == PARENT) & male)
    return {
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
