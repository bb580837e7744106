"""Households and persons: structure, demographics, names and IDs (vectorised).

Households and persons are held as dicts of equally long numpy arrays ("frames"), so the
background, the planted scenario households and the unlinked persons can be concatenated and
handled by the same code.
"""

from __future__ import annotations

import numpy as np

from .gb11643 import make_ids
from .names import full_names, random_surnames
from .traits import birth_dates, exact_age, health_and_disability, labour_of, schooling_of
from .vocab import (
    CHILD,
    CITY,
    FORMERLY_POOR,
    GRANDCHILD,
    HEAD,
    MONITORED,
    MONITORING_CLASSES,
    NO,
    ORDINARY,
    OTHER,
    PARENT,
    RISK_TYPES,
    RISK_WEIGHTS,
    RURAL,
    SIBLING,
    SPOUSE,
    YES,
)

Frame = dict[str, np.ndarray]

ROSTER, CIVIL_ONLY = 0, 1
ROSTER_SIZES = (0.09, 0.17, 0.22, 0.24, 0.16, 0.08, 0.04)
CIVIL_SIZES = (0.40, 0.25, 0.17, 0.11, 0.05, 0.015, 0.005)


def concat(frames: list[Frame]) -> Frame:
    keys = list(frames[0])
    return {key: np.concatenate([frame[key] for frame in frames]) for key in keys}


def take(frame: Frame, index: np.ndarray) -> Frame:
    return {key: values[index] for key, values in frame.items()}


def region_codes(rng: np.random.Generator, county: np.ndarray, urban: np.ndarray) -> np.ndarray:
    """12-digit region codes: county + town (3) + village/community (3)."""
    n = len(county)
    town = np.where(urban == CITY, rng.integers(1, 9, n), rng.integers(100, 126, n))
    village = np.where(urban == CITY, rng.integers(1, 21, n), rng.integers(201, 231, n))
    return county.astype(np.int64) * 1_000_000 + town * 1000 + village


def _households(
    rng: np.random.Generator, n: int, kind: int, counties: np.ndarray
) -> tuple[Frame, np.ndarray]:
    probs = np.array(ROSTER_SIZES if kind == ROSTER else CIVIL_SIZES)
    sizes = rng.choice(np.arange(1, 8), size=n, p=probs / probs.sum())
    county = counties[rng.integers(0, len(counties), n)]
    if kind == ROSTER:
        urban = np.full(n, RURAL, dtype=np.int8)
        u = rng.random(n)
        hh_type = np.where(u < 0.30, FORMERLY_POOR, np.where(u < 0.35, MONITORED, ORDINARY))
    else:
        urban = np.where(rng.random(n) < 0.75, CITY, RURAL).astype(np.int8)
        hh_type = np.full(n, -1)
    monitored = hh_type == MONITORED
    mon_class = np.where(monitored, rng.integers(0, len(MONITORING_CLASSES), n), -1)
    risk = np.where(monitored, rng.choice(len(RISK_TYPES), size=n, p=RISK_WEIGHTS), -1)
    cleared = np.where(monitored, np.where(rng.random(n) < 0.2, YES, NO), -1)
    frame: Frame = {
        "kind": np.full(n, kind, dtype=np.int8),
        "county": county.astype(np.int64),
        "region": region_codes(rng, county, urban),
        "urban": urban,
        "hh_type": hh_type.astype(np.int8),
        "mon_class": mon_class.astype(np.int8),
        "risk": risk.astype(np.int8),
        "risk_cleared": cleared.astype(np.int8),
        "size": sizes.astype(np.int64),
        "scenario": np.zeros(n, dtype=bool),
    }
    # Single-person households are older; civil-affairs households more so.
    if kind == ROSTER:
        head_age = np.where(sizes == 1, rng.normal(64, 12, n), rng.normal(49, 12, n))
    else:
        head_age = np.where(sizes == 1, rng.normal(66, 13, n), rng.normal(48, 13, n))
    return frame, np.clip(np.rint(head_age), 22, 90).astype(np.int64)


def _members(
    rng: np.random.Generator, hh: Frame, head_age: np.ndarray, first_hh: int, ref: np.datetime64
) -> Frame:
    """Persons of the given households: relation, age, sex, health, schooling, labour."""
    sizes = hh["size"]
    owner = np.repeat(np.arange(len(sizes)), sizes)
    start = np.repeat(np.cumsum(sizes) - sizes, sizes)
    pos = np.arange(len(owner)) - start
    n = len(owner)
    relation = _relations(rng, sizes, head_age, owner, pos)
    age = _ages(rng, relation, head_age[owner])
    male, name = _sexes_and_names(rng, hh["kind"][0] == ROSTER, relation, owner, len(sizes))
    birth = birth_dates(rng, age, ref)
    age = exact_age(birth, ref)
    health, disability = health_and_disability(rng, age)
    schooling = schooling_of(rng, age)
    labour = labour_of(rng, age, health, disability, schooling)
    return {
        "hh": (owner + first_hh).astype(np.int64),
        "pos": pos.astype(np.int64),
        "relation": relation.astype(np.int8),
        "male": male.astype(bool),
        "birth": birth,
        "age": age,
        "county": hh["county"][owner],
        "region": hh["region"][owner],
        "labour": labour,
        "disability": disability,
        "health": health,
        "schooling": schooling,
        "name": name,
        "scenario": np.zeros(n, dtype=bool),
    }


def _relations(rng, sizes, head_age, owner, pos) -> np.ndarray:
    """Head first, then a spouse, parents (of younger heads), children, and grandchildren in
    the households of older heads."""
    n_hh, n = len(sizes), len(owner)
    rest0 = sizes - 1
    spouse = (rest0 >= 1) & (rng.random(n_hh) < 0.82) & (head_age < 85)
    rest1 = rest0 - spouse
    parents = np.where(head_age <= 58, rng.choice([0, 1, 2], size=n_hh, p=[0.72, 0.16, 0.12]), 0)
    parents = np.minimum(parents, np.maximum(rest1 - (rest1 >= 2), 0))
    old_head = head_age >= 58
    s, p = spouse[owner].astype(np.int64), parents[owner]
    relation = np.select(
        [pos == 0, pos < 1 + s, pos < 1 + s + p, old_head[owner] & (pos > 1 + s + p)],
        [HEAD, SPOUSE, PARENT, GRANDCHILD],
        CHILD,
    )
    # A few households hold a sibling or another relative in their last slot.
    last = (pos == sizes[owner] - 1) & (pos > 0) & (relation == CHILD)
    odd = last & (rng.random(n) < 0.04)
    return np.where(odd, np.where(rng.random(n) < 0.6, SIBLING, OTHER), relation)


def _ages(rng: np.random.Generator, relation: np.ndarray, h_age: np.ndarray) -> np.ndarray:
    """Ages relative to the head's (``h_age``: the head's age, per person)."""
    n = len(relation)
    age = np.select(
        [
            relation == HEAD,
            relation == SPOUSE,
            relation == PARENT,
            relation == CHILD,
            relation == GRANDCHILD,
            relation == SIBLING,
        ],
        [
            h_age,
            h_age + np.rint(rng.normal(-2, 3, n)),
            h_age + rng.integers(22, 33, n),
            h_age - rng.integers(21, 38, n),
            h_age - rng.integers(44, 62, n),
            h_age + rng.integers(-8, 9, n),
        ],
        rng.integers(5, 75, n),
    )
    # Young heads' children (and grandchildren) are small: a gap too wide means a toddler.
    age = np.where(age < 0, rng.integers(0, 6, n), age)
    age = np.clip(age, 0, 97).astype(np.int64)
    age = np.where(relation == SPOUSE, np.maximum(age, 20), age)
    return np.where(relation == SIBLING, np.maximum(age, 16), age)


def _sexes_and_names(rng, roster: bool, relation, owner, n_hh: int):
    """Sex (heads mostly men on the roster; spouses the other sex) and full names."""
    n = len(relation)
    head_male = rng.random(n_hh) < (0.82 if roster else 0.6)
    male = np.where(
        relation == HEAD,
        head_male[owner],
        np.where(relation == SPOUSE, ~head_male[owner], rng.random(n) < 0.51),
    )
    # Children and grandchildren carry the head's surname, spouses and parents their own.
    head_surname = random_surnames(rng, n_hh)[owner]
    own_surname = random_surnames(rng, n)
    same = np.isin(relation, (HEAD, CHILD, GRANDCHILD, SIBLING)) | (
        (relation == PARENT) & male & (rng.random(n) < 0.5)
    )
    return male, full_names(rng, np.where(same, head_surname, own_surname), male)


def build_background(
    rng: np.random.Generator,
    n_roster: int,
    n_civil: int,
    counties: np.ndarray,
    ref: np.datetime64,
) -> tuple[Frame, Frame]:
    """Roster and civil-affairs-only households with their members."""
    roster, roster_heads = _households(rng, n_roster, ROSTER, counties)
    civil, civil_heads = _households(rng, n_civil, CIVIL_ONLY, counties)
    households = concat([roster, civil])
    persons = concat(
        [
            _members(rng, roster, roster_heads, 0, ref),
            _members(rng, civil, civil_heads, n_roster, ref),
        ]
    )
    return households, persons


def build_unlinked(rng: np.random.Generator, n: int, counties: np.ndarray, ref) -> Frame:
    """Persons known only to HR and/or medical insurance."""
    age = rng.integers(18, 82, n)
    birth = birth_dates(rng, age, ref)
    age = exact_age(birth, ref)
    male = rng.random(n) < 0.52
    county = counties[rng.integers(0, len(counties), n)].astype(np.int64)
    urban = np.where(rng.random(n) < 0.5, CITY, RURAL)
    health, disability = health_and_disability(rng, age)
    schooling = schooling_of(rng, age)
    return {
        "hh": np.full(n, -1, dtype=np.int64),
        "pos": np.zeros(n, dtype=np.int64),
        "relation": np.full(n, HEAD, dtype=np.int8),
        "male": male,
        "birth": birth,
        "age": age,
        "county": county,
        "region": region_codes(rng, county, urban),
        "labour": labour_of(rng, age, health, disability, schooling),
        "disability": disability,
        "health": health,
        "schooling": schooling,
        "name": full_names(rng, random_surnames(rng, n), male),
        "scenario": np.zeros(n, dtype=bool),
    }


def assign_ids(rng: np.random.Generator, persons: Frame) -> np.ndarray:
    """Unique valid IDs: county + birth date + sequence (parity = sex) + check character.

    Persons sharing county, birth date and sex get distinct sequence numbers: the k-th of a
    group takes ``1 + (offset + 37 k) mod 499`` (499 is prime, so the values never repeat).
    """
    n = len(persons["county"])
    birth_day = persons["birth"].astype("datetime64[D]").astype(np.int64)
    male = persons["male"].astype(np.int64)
    key = (persons["county"] * 100_000 + birth_day) * 2 + male
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    new_group = np.ones(n, dtype=bool)
    new_group[1:] = sorted_key[1:] != sorted_key[:-1]
    group_start = np.maximum.accumulate(np.where(new_group, np.arange(n), 0))
    rank = np.arange(n) - group_start
    if rank.max(initial=0) >= 499:
        raise ValueError("too many persons share a county, birth date and sex")
    offset = rng.integers(0, 499, n)[group_start]
    half = 1 + (offset + 37 * rank) % 499  # 1..499
    seq_sorted = np.where(male[order] == 1, 2 * half - 1, 2 * half)
    seq = np.empty(n, dtype=np.int64)
    seq[order] = seq_sorted
    return make_ids(persons["county"], persons["birth"], seq)
