"""Vectorised realistic Chinese names: surname + one or two given-name characters."""

from __future__ import annotations

import numpy as np

from .vocab import COMPOUND_SURNAMES, GIVEN_FEMALE, GIVEN_MALE, SURNAMES

_SURNAMES = np.array(list(SURNAMES) + list(COMPOUND_SURNAMES), dtype="U2")
_WEIGHTS = np.concatenate(
    [1.0 / (np.arange(len(SURNAMES)) + 6.0), np.full(len(COMPOUND_SURNAMES), 0.002)]
)
_WEIGHTS = _WEIGHTS / _WEIGHTS.sum()
_MALE = np.array(list(GIVEN_MALE), dtype="U1")
_FEMALE = np.array(list(GIVEN_FEMALE), dtype="U1")


def random_surnames(rng: np.random.Generator, n: int) -> np.ndarray:
    """Surname indices drawn by (roughly Zipf) frequency."""
    return rng.choice(len(_SURNAMES), size=n, p=_WEIGHTS)


def full_names(rng: np.random.Generator, surname_idx: np.ndarray, male: np.ndarray) -> np.ndarray:
    """Names for persons with the given surname indices and sex (True = male)."""
    n = len(surname_idx)
    male = np.asarray(male, dtype=bool)
    first = np.where(
        male, _MALE[rng.integers(0, len(_MALE), n)], _FEMALE[rng.integers(0, len(_FEMALE), n)]
    )
    # The second character mixes both lists a little, as real names do.
    second_male = rng.random(n) < np.where(male, 0.85, 0.15)
    second = np.where(
        second_male,
        _MALE[rng.integers(0, len(_MALE), n)],
        _FEMALE[rng.integers(0, len(_FEMALE), n)],
    )
    second = np.where(rng.random(n) < 0.78, second, "")
    return np.char.add(np.char.add(_SURNAMES[surname_idx], first), second)
