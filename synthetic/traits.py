"""Per-person traits drawn from age: birth dates and exact ages, health and disability,
schooling, labour capacity (vectorised; shared by the background and the unlinked persons)."""

from __future__ import annotations

import numpy as np

from .vocab import (
    CHRONIC,
    COMPULSORY,
    DISABLED,
    FULL_LABOUR,
    HEALTHY,
    HIGH_SCHOOL,
    LOST_LABOUR,
    NO_LABOUR,
    NOT_IN_SCHOOL,
    PRESCHOOL,
    SERIOUS,
    UNIVERSITY,
    VOCATIONAL,
    WEAK_LABOUR,
)


def exact_age(birth: np.ndarray, on: np.datetime64) -> np.ndarray:
    """Completed years of age on the date ``on``."""
    birth = np.asarray(birth, dtype="datetime64[D]")
    by = birth.astype("datetime64[Y]").astype(np.int64)
    bm = birth.astype("datetime64[M]").astype(np.int64) % 12
    bd = (birth - birth.astype("datetime64[M]")).astype(np.int64)
    on = np.datetime64(on, "D")
    oy = on.astype("datetime64[Y]").astype(np.int64)
    om = on.astype("datetime64[M]").astype(np.int64) % 12
    od = (on - on.astype("datetime64[M]")).astype(np.int64)
    before_birthday = (om < bm) | ((om == bm) & (od < bd))
    return oy - by - before_birthday.astype(np.int64)


def birth_dates(rng: np.random.Generator, age: np.ndarray, on: np.datetime64) -> np.ndarray:
    """A birth date that makes each person exactly ``age`` on ``on``."""
    on = np.datetime64(on, "D")
    year_start = (on.astype("datetime64[Y]") - age.astype("timedelta64[Y]")).astype("datetime64[D]")
    anniversary = year_start + (on - on.astype("datetime64[Y]").astype("datetime64[D]"))
    # anniversary = ``on`` shifted back ``age`` years; born within the year before it.
    birth = anniversary - rng.integers(0, 365, len(age)).astype("timedelta64[D]")
    return birth


def health_and_disability(rng: np.random.Generator, age: np.ndarray):
    """Health status (risks grow with age) and a disability grade 1-4 for the disabled."""
    n = len(age)
    p_disabled = 0.025 + 0.0004 * age
    p_serious = 0.008 + 0.0004 * age
    p_chronic = np.minimum(0.03 + 0.006 * np.maximum(age - 30, 0), 0.42)
    u = rng.random(n)
    health = np.select(
        [u < p_disabled, u < p_disabled + p_serious, u < p_disabled + p_serious + p_chronic],
        [DISABLED, SERIOUS, CHRONIC],
        HEALTHY,
    ).astype(np.int8)
    grade = rng.choice([1, 2, 3, 4], size=n, p=[0.12, 0.25, 0.3, 0.33])
    disability = np.where(health == DISABLED, grade, 0).astype(np.int8)
    return health, disability


def schooling_of(rng: np.random.Generator, age: np.ndarray) -> np.ndarray:
    """School stage by age; enrolment thins out after compulsory education."""
    n = len(age)
    u = rng.random(n)
    upper = np.where(u < 0.58, HIGH_SCHOOL, np.where(u < 0.85, VOCATIONAL, NOT_IN_SCHOOL))
    return np.select(
        [
            (age >= 3) & (age <= 5),
            (age >= 6) & (age <= 15),
            (age >= 16) & (age <= 18),
            (age >= 19) & (age <= 22),
        ],
        [
            np.where(u < 0.88, PRESCHOOL, NOT_IN_SCHOOL),
            np.full(n, COMPULSORY),
            upper,
            np.where(u < 0.38, UNIVERSITY, NOT_IN_SCHOOL),
        ],
        NOT_IN_SCHOOL,
    ).astype(np.int8)


def labour_of(rng, age, health, disability, schooling) -> np.ndarray:
    """Labour capacity: none for children and students, lost for grave illness or disability,
    weakening with age and chronic illness."""
    n = len(age)
    u = rng.random(n)
    return np.select(
        [
            (age < 16) | (schooling != NOT_IN_SCHOOL),
            ((disability >= 1) & (disability <= 2)) | (health == SERIOUS),
            age >= 70,
            age >= 60,
            (health == CHRONIC) | (disability >= 3),
        ],
        [
            np.full(n, NO_LABOUR),
            np.full(n, LOST_LABOUR),
            np.where(u < 0.55, NO_LABOUR, np.where(u < 0.75, LOST_LABOUR, WEAK_LABOUR)),
            np.where(u < 0.5, WEAK_LABOUR, FULL_LABOUR),
            np.where(u < 0.6, WEAK_LABOUR, FULL_LABOUR),
        ],
        FULL_LABOUR,
    ).astype(np.int8)
