"""Base-month employment, wages, benefits and pensions of every person, drawn by age, labour
capacity and group (roster, civil-affairs only, unlinked), and whether HR knows the person."""

from __future__ import annotations

import numpy as np

from .population import CIVIL_ONLY, ROSTER, Frame
from .vocab import (
    EMPLOYED,
    EMPLOYEE_PENSION,
    FLEXIBLE,
    FULL_LABOUR,
    MIGRANT,
    NO_PENSION,
    NONE,
    NOT_IN_SCHOOL,
    RESIDENT_PENSION,
    RETIRED,
    UNEMPLOYED,
    WEAK_LABOUR,
)

UNLINKED = 2  # the group of persons in no household (known to HR and/or medical insurance)


def cents_of(yuan: np.ndarray) -> np.ndarray:
    return np.rint(np.asarray(yuan) * 100).astype(np.int64)


def person_incomes(rng: np.random.Generator, persons: Frame, group: np.ndarray) -> Frame:
    """Base employment status, wage, benefit, pension and whether HR knows the person.

    ``group``: 0 roster, 1 civil-affairs only, 2 unlinked (per person).
    """
    n, age = len(group), persons["age"]
    status, retired, student = _statuses(rng, persons, group)
    potential, wage = _wages(rng, status, group)
    benefit_amount = rng.integers(1200, 1801, n).astype(np.int64) * 100
    benefit = np.where(status == UNEMPLOYED, benefit_amount, 0)
    resident = ~retired & (age >= 60)
    pension = np.select(
        [retired, resident],
        [cents_of(rng.uniform(2500, 4500, n)), rng.integers(150, 301, n) * 100],
        0,
    ).astype(np.int64)
    pension_type = np.select([retired, resident], [EMPLOYEE_PENSION, RESIDENT_PENSION], NO_PENSION)

    known_p = np.where(student, 0.3, np.where(group == UNLINKED, 0.75, 0.6))
    hr_known = (age >= 16) & ((status != NONE) | (pension > 0) | (rng.random(n) < known_p))
    if np.any(group == UNLINKED):
        # Unlinked persons not known to HR appear (if at all) only in medical data.
        unl = group == UNLINKED
        hr_known[unl] = rng.random(int(unl.sum())) < 0.75
    return {
        "hr_known": hr_known,
        "status": status,
        "wage": wage,
        "benefit": benefit,
        "benefit_amount": benefit_amount,
        "potential_wage": potential,
        "pension": pension,
        "pension_type": pension_type.astype(np.int8),
    }


def _statuses(rng: np.random.Generator, persons: Frame, group: np.ndarray):
    """Employment status by group for the working-age, retirement or late work for elders.
    Returns (status, retired, student)."""
    n = len(group)
    age, male, labour = persons["age"], persons["male"], persons["labour"]
    student = persons["schooling"] != NOT_IN_SCHOOL
    retire_age = np.where(male, 60, 55)
    can_work = (labour == FULL_LABOUR) | (labour == WEAK_LABOUR)
    working_age = (age >= 16) & (age < retire_age) & ~student
    elder = age >= retire_age

    choices = np.array([EMPLOYED, FLEXIBLE, MIGRANT, UNEMPLOYED, NONE])
    probs = {
        ROSTER: [0.27, 0.22, 0.33, 0.03, 0.15],
        CIVIL_ONLY: [0.03, 0.40, 0.02, 0.12, 0.43],
        UNLINKED: [0.52, 0.20, 0.14, 0.05, 0.09],
    }
    status = np.full(n, NONE, dtype=np.int8)
    for g, p in probs.items():
        rows = working_age & can_work & (group == g)
        status[rows] = rng.choice(choices, size=int(rows.sum()), p=p)
    weak = working_age & (labour == WEAK_LABOUR)
    status[weak] = np.where(rng.random(int(weak.sum())) < 0.5, FLEXIBLE, NONE)

    u = rng.random(n)
    retire_p = np.select([group == ROSTER, group == CIVIL_ONLY], [0.10, 0.0], 0.45)
    retired = elder & (u < retire_p)
    still_working = elder & ~retired & can_work & (age < 70) & (group != CIVIL_ONLY)
    still_working &= rng.random(n) < 0.15
    status[retired] = RETIRED
    status[still_working] = FLEXIBLE
    return status, retired, student


def _wages(rng: np.random.Generator, status: np.ndarray, group: np.ndarray):
    """(potential wage of a 单位就业 job, wage by status), monthly cents."""
    n = len(status)
    potential = cents_of(np.clip(rng.lognormal(np.log(4800), 0.32, n), 2000, 40000))
    flexible_median = np.where(group == CIVIL_ONLY, np.log(1500), np.log(3000))
    wage = np.select(
        [status == EMPLOYED, status == MIGRANT, status == FLEXIBLE],
        [
            potential,
            cents_of(np.clip(rng.lognormal(np.log(5300), 0.30, n), 2000, 30000)),
            cents_of(np.clip(rng.lognormal(flexible_median, 0.4), 600, 20000)),
        ],
        0,
    ).astype(np.int64)
    return potential, wage
