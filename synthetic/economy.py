"""The households' economy in the base month and the civil-affairs roll that follows.

Given the persons' incomes (incomes.py), the roster households'
operating income is then set so that the roll is consistent with income: households below the
dibao standard are on 低保 (特困 for some lone elderly or disabled persons), those between the
standard and the near-dibao multiplier on 低保边缘, and everybody else sits well above both lines.
"""

from __future__ import annotations

import numpy as np

from .incomes import cents_of
from .population import ROSTER, Frame
from .reference import Reference
from .vocab import (
    CITY,
    DIBAO,
    EMPLOYEE_PENSION,
    FORMERLY_POOR,
    FULL_LABOUR,
    LOST_LABOUR,
    MONITORED,
    NEAR_DIBAO,
    NONE,
    TEKUN,
    UNEMPLOYED,
    WEAK_LABOUR,
)

MIN_TOP_UP = 3000  # cents: the smallest monthly 低保 top-up paid per person
ROLL_SHARE_OF_ROSTER = 0.12


def standards(ref: Reference, county: np.ndarray, urban: np.ndarray, year: int) -> np.ndarray:
    """Monthly dibao standard (cents) per row; background falls back to the nearest year."""
    out = np.zeros(len(county), dtype=np.int64)
    for code in np.unique(county):
        here = county == code
        out[here & (urban == CITY)] = ref.standard_nearest(str(code), year, urban=True)
        out[here & (urban != CITY)] = ref.standard_nearest(str(code), year, urban=False)
    return out


def multipliers(ref: Reference, county: np.ndarray, year: int) -> np.ndarray:
    out = np.full(len(county), 1.5)
    for code in np.unique(county):
        out[county == code] = float(ref.multiplier_nearest(str(code), year))
    return out


def tekun_amount(standard: np.ndarray) -> np.ndarray:
    """特困 basic living support: 1.3 × the standard, rounded up to whole yuan."""
    return -((-standard * 13) // 1000) * 100


def dibao_amount(standard: np.ndarray, pc_month: np.ndarray) -> np.ndarray:
    """低保 top-up per person: standard − per-capita test income, at least MIN_TOP_UP."""
    return np.clip(standard - pc_month, MIN_TOP_UP, np.maximum(standard, MIN_TOP_UP))


def household_test_income(persons: Frame, econ: Frame, n_households: int) -> np.ndarray:
    """Σ members' wage + benefit + employee pension (monthly cents) per household."""
    counted = econ["wage"] + econ["benefit"]
    counted = counted + np.where(econ["pension_type"] == EMPLOYEE_PENSION, econ["pension"], 0)
    counted = np.where(econ["hr_known"], counted, 0)
    return np.bincount(persons["hh"], weights=counted, minlength=n_households).astype(np.int64)


def households_economy(
    rng: np.random.Generator,
    ref: Reference,
    households: Frame,
    persons: Frame,
    econ: Frame,
    year: int,
) -> Frame:
    """Operating/property income (roster), roll category and per-capita test income.

    Mutates ``econ`` for civil-affairs-only persons whose wages are lowered to fit the roll.
    """
    size = households["size"]
    roster = households["kind"] == ROSTER
    std = standards(ref, households["county"], households["urban"], year)
    mult = multipliers(ref, households["county"], year)
    hr_annual = 12 * _cap_civil_incomes(rng, households, persons, econ, std, mult)
    op, prop = _other_income(rng, households["hh_type"])
    target, op = _fit_roll_targets(rng, roster, size, std, mult, hr_annual, op, prop)
    op = np.where(roster, op, 0)
    prop = np.where(roster, prop, 0)
    pc_annual = (hr_annual + op + prop) // size
    category = _roll_category(rng, persons, size, ~roster, target, pc_annual, std, mult)
    return {
        "op": op.astype(np.int64),
        "prop": prop.astype(np.int64),
        "growth": np.where(category >= 0, 1.0, rng.uniform(1.0, 1.06, len(size))),
        "category": category,
        "pc_month": pc_annual // 12,
    }


def _cap_civil_incomes(rng, households: Frame, persons: Frame, econ: Frame, std, mult):
    """Civil-affairs-only households are all on the roll: incomes near or above the top of
    the near-dibao band are lowered into it. Returns the monthly test income per household."""
    n_hh, size = len(households["size"]), households["size"]
    hr_month = household_test_income(persons, econ, n_hh)
    civil = households["kind"] != ROSTER
    upper = mult * 12 * std
    pc_civil = 12 * hr_month / size
    too_high = civil & (pc_civil >= 0.97 * upper)
    member_high = too_high[persons["hh"]]
    econ["status"] = np.where(member_high & (econ["status"] == UNEMPLOYED), NONE, econ["status"])
    econ["benefit"] = np.where(member_high, 0, econ["benefit"])
    wages = np.bincount(persons["hh"], weights=econ["wage"], minlength=n_hh)
    desired = rng.uniform(0.4, 1.0, n_hh) * (mult - 0.05) * std * size  # monthly total
    factor = np.where(too_high & (wages > 0), desired / np.maximum(wages, 1), 1.0)
    econ["wage"] = np.rint(econ["wage"] * factor[persons["hh"]]).astype(np.int64)
    return household_test_income(persons, econ, n_hh)


def _other_income(rng: np.random.Generator, hh_type: np.ndarray):
    """Annual operating income (a few households lose money) and property income, cents."""
    n_hh = len(hh_type)
    median = np.select([hh_type == FORMERLY_POOR, hh_type == MONITORED], [7000, 5000], 9000)
    op = cents_of(rng.lognormal(np.log(median), 0.7))
    negative = rng.random(n_hh) < 0.03
    op = np.where(negative, -cents_of(rng.uniform(500, 6000, n_hh)), op)
    prop = np.where(rng.random(n_hh) < 0.55, 0, cents_of(rng.lognormal(np.log(600), 1.0, n_hh)))
    return op, prop


def _fit_roll_targets(rng, roster, size, std, mult, hr_annual, op, prop):
    """The poorest ~12 % of roster households (by wage income) are put on the roll; their
    operating income is set so that per-capita income lands inside the roll's band. Everybody
    else is lifted well above the near-dibao line. Returns (on-roll target, operating income).
    """
    n_hh = len(size)
    score = hr_annual / size * rng.uniform(0.85, 1.15, n_hh)
    score = np.where(roster, score, np.inf)
    n_target = int(round(ROLL_SHARE_OF_ROSTER * roster.sum()))
    target = np.zeros(n_hh, dtype=bool)
    target[np.argsort(score, kind="stable")[:n_target]] = True
    band = np.where(
        rng.random(n_hh) < 0.55,
        rng.uniform(0.35, 0.95, n_hh),
        rng.uniform(1.03, np.maximum(mult - 0.03, 1.04), n_hh),
    )
    # (std is in cents already: these products are annual cents)
    op_target = np.rint(band * 12 * std * size).astype(np.int64) - hr_annual - prop
    op_target = np.maximum(op_target, -300000)
    need = np.rint(1.25 * mult * 12 * std * size * rng.uniform(1.0, 1.6, n_hh)).astype(np.int64)
    return target, np.where(target, op_target, np.maximum(op, need - hr_annual - prop))


def _roll_category(rng, persons: Frame, size, civil, target, pc_annual, std, mult) -> np.ndarray:
    """低保 below the standard (特困 for most lone vulnerable heads), 低保边缘 inside the band."""
    n_hh = len(size)
    below = pc_annual < 12 * std
    near = ~below & (pc_annual < mult * 12 * std)
    head = persons["pos"] == 0
    lone_head = np.zeros(n_hh, dtype=bool)
    vulnerable = (persons["age"] >= 60) | (persons["labour"] == LOST_LABOUR)
    vulnerable |= (persons["disability"] >= 1) & (persons["disability"] <= 2)
    lone_head[persons["hh"][head & vulnerable]] = True
    lone_head &= size == 1
    on_roll = civil | target
    return np.select(
        [
            on_roll & below & lone_head & (rng.random(n_hh) < 0.6),
            on_roll & below,
            on_roll & near,
            civil,  # capped above: a civil household at the top of the band stays 低保边缘
        ],
        [TEKUN, DIBAO, NEAR_DIBAO, NEAR_DIBAO],
        -1,
    ).astype(np.int8)


def exit_events(
    rng: np.random.Generator,
    households: Frame,
    persons: Frame,
    econ: Frame,
    category: np.ndarray,
    n_months: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Some 低保 households leave the roll: a member finds a job in month e, the roll steps
    down (渐退) for three months after it and stops (停保) from e + 4.

    Returns (exit month per household or -1, the person who finds the job or -1).
    """
    n_hh = len(households["size"])
    age = persons["age"]
    candidate = (
        econ["hr_known"]
        & ((econ["status"] == NONE) | (econ["status"] == UNEMPLOYED))
        & (age >= 18)
        & (age <= 55)
        & ((persons["labour"] == FULL_LABOUR) | (persons["labour"] == WEAK_LABOUR))
        & (persons["hh"] >= 0)
    )
    idx = np.nonzero(candidate)[0]
    person_of = np.full(n_hh, -1, dtype=np.int64)
    # The first candidate of each household (reverse assignment keeps the first).
    person_of[persons["hh"][idx[::-1]]] = idx[::-1]
    chosen = (category == DIBAO) & (person_of >= 0) & (rng.random(n_hh) < 0.08)
    chosen &= ~households["scenario"]
    month = np.where(chosen, rng.integers(1, max(n_months - 1, 2), n_hh), -1)
    return month.astype(np.int64), np.where(chosen, person_of, -1)
