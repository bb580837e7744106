"""Medical-insurance settlements of one month (vectorised over persons and visits).

Visits per person-month are Poisson (more for the chronically ill and the elderly); costs are
lognormal with a long inpatient tail; the three payers are shares computed in whole cents and
个人自付 is what remains, so total = payers + OOP exactly.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from .monthly import Table, labels
from .vocab import (
    CHRONIC,
    CHRONIC_OUTPATIENT,
    DIAGNOSES,
    DIBAO,
    DISABLED,
    FORMERLY_POOR,
    HEALTH,
    HEALTHY,
    INPATIENT,
    MONITORED,
    OUTPATIENT,
    SERIOUS,
    TEKUN,
    VISIT_TYPES,
    per_code,
)
from .world import World

_DIAGNOSES = [np.array(codes) for codes in DIAGNOSES]


def _visits(outpatient: float, chronic: float, inpatient: float) -> tuple[float, ...]:
    return per_code(
        VISIT_TYPES, {OUTPATIENT: outpatient, CHRONIC_OUTPATIENT: chronic, INPATIENT: inpatient}
    )


# Probability of each visit type by health status (rows) in visit-code order (columns).
_VISIT_P = np.array(
    per_code(
        HEALTH,
        {
            HEALTHY: _visits(0.88, 0.02, 0.10),
            CHRONIC: _visits(0.55, 0.35, 0.10),
            SERIOUS: _visits(0.35, 0.35, 0.30),
            DISABLED: _visits(0.70, 0.15, 0.15),
        },
    )
)
# yuan: median, sigma, min, max
_COST = per_code(
    VISIT_TYPES,
    {
        OUTPATIENT: (180, 0.8, 10, 6000),
        CHRONIC_OUTPATIENT: (650, 0.6, 50, 20000),
        INPATIENT: (7500, 0.85, 600, 450000),
    },
)
# Share of the cost the basic insurance fund pays (uniform between the two).
_FUND = per_code(
    VISIT_TYPES,
    {OUTPATIENT: (0.30, 0.60), CHRONIC_OUTPATIENT: (0.50, 0.70), INPATIENT: (0.55, 0.75)},
)
CRITICAL_DEDUCTIBLE = 1_500_000  # cents of remaining cost before 大病保险 pays


class SettlementMaker:
    def __init__(self, world: World, seed: int):
        self.world, self.seed = world, seed
        p, hh = world.persons, world.households
        eligible = ~p["scenario"]
        self.persons = np.nonzero(eligible)[0]
        age = p["age"][self.persons]
        health = p["health"][self.persons]
        lam = np.select(
            [health == CHRONIC, health == SERIOUS, health == DISABLED],
            [0.32, 0.55, 0.2],
            0.06 + 0.0015 * age,
        )
        unlinked_no_hr = (p["hh"][self.persons] < 0) & ~p["hr_known"][self.persons]
        self.lam = np.where(unlinked_no_hr, lam * 2.5, lam)
        self.health = health
        h = np.maximum(p["hh"][self.persons], 0)
        linked = p["hh"][self.persons] >= 0
        category = np.where(linked, hh["category"][h], -1)
        hh_type = np.where(linked, hh["hh_type"][h], -1)
        self.aid_share = np.select(
            [
                (category == DIBAO) | (category == TEKUN),
                (hh_type == FORMERLY_POOR) | (hh_type == MONITORED),
            ],
            [0.65, 0.3],
            0.0,
        )
        county = p["county"][self.persons]
        self.county = county

    def month(self, t: int) -> Table:
        """The month's settlements: drawn visits plus the planted ones, in settlement order."""
        rng = np.random.default_rng([self.seed, 12, t])
        who = np.repeat(np.arange(len(self.persons)), rng.poisson(self.lam))
        visit = self._visit_types(rng, who)
        total, fund, critical, aid = self._payments(rng, visit, who)
        date, diagnosis, provider = self._visit_details(rng, t, visit, who)
        columns = {
            "身份证号": self.world.persons["id"][self.persons[who]],
            "就诊类型": visit,
            "结算日期": date,
            "医疗总费用": total,
            "统筹基金支付": fund,
            "大病保险支付": critical,
            "医疗救助支付": aid,
            "个人自付": total - fund - critical - aid,
            "主诊断编码": diagnosis,
            "定点机构编码": provider,
        }
        protected = np.zeros(len(who), dtype=bool)
        columns, protected = _add_scenarios(self.world, t, columns, protected)
        return self._settled(rng, t, columns, protected)

    def _visit_types(self, rng: np.random.Generator, who: np.ndarray) -> np.ndarray:
        cum = _VISIT_P[self.health[who]].cumsum(axis=1)
        u = rng.random(len(who))
        return (u[:, None] > cum).sum(axis=1).clip(0, len(VISIT_TYPES) - 1)

    def _payments(self, rng: np.random.Generator, visit: np.ndarray, who: np.ndarray):
        """Total cost and the three payers, in whole cents (个人自付 is what remains)."""
        n = len(visit)
        median, sigma, low, high = (np.array(column)[visit] for column in zip(*_COST, strict=True))
        total = np.rint(np.clip(rng.lognormal(np.log(median), sigma), low, high) * 100).astype(
            np.int64
        )
        f_lo, f_hi = (np.array(column)[visit] for column in zip(*_FUND, strict=True))
        fund = np.floor(total * rng.uniform(f_lo, f_hi)).astype(np.int64)
        rest = total - fund
        critical = np.where(
            (visit == INPATIENT) & (rest > CRITICAL_DEDUCTIBLE),
            np.floor((rest - CRITICAL_DEDUCTIBLE) * rng.uniform(0.6, 0.7, n)),
            0,
        ).astype(np.int64)
        rest = rest - critical
        share = self.aid_share[who] * (visit != OUTPATIENT) * rng.uniform(0.8, 1.1, n)
        aid = np.floor(rest * np.clip(share, 0, 0.9)).astype(np.int64)
        return total, fund, critical, aid

    def _visit_details(self, rng: np.random.Generator, t: int, visit: np.ndarray, who):
        """Settlement date inside the month, main diagnosis and provider code."""
        w, n = self.world, len(visit)
        start, end = w.month_starts[t], w.month_starts[t + 1]
        days = int((end - start).astype(np.int64))
        date = start + rng.integers(0, days, n).astype("timedelta64[D]")
        diagnosis = np.empty(n, dtype="U8")
        for k in range(len(VISIT_TYPES)):
            mask = visit == k
            diagnosis[mask] = _DIAGNOSES[k][rng.integers(0, len(_DIAGNOSES[k]), int(mask.sum()))]
        county = self.county[who]
        hospital = np.where(visit == INPATIENT, rng.integers(1, 6, n), rng.integers(6, 41, n))
        # A few inpatient stays are in a city-level hospital, coded under the prefecture.
        city_level = (visit == INPATIENT) & (rng.random(n) < 0.12)
        provider = np.where(
            city_level,
            (county // 100) * 10**7 + 100 + rng.integers(1, 4, n),
            county * 10**5 + hospital,
        )
        return date, diagnosis, np.char.add("H", provider.astype(str))

    def _settled(self, rng: np.random.Generator, t: int, columns: dict, protected: np.ndarray):
        # Settled in date order; the id is the month plus a running number.
        order = np.lexsort((rng.random(len(protected)), columns["结算日期"]))
        columns = {name: values[order] for name, values in columns.items()}
        protected = protected[order]
        month_number = int(self.world.months[t].replace("-", ""))
        serial = np.arange(1, len(order) + 1) + rng.integers(0, 5000)
        columns["结算编号"] = np.char.add("JS", (month_number * 10**8 + serial).astype(str))
        columns["就诊类型"] = labels(VISIT_TYPES, columns["就诊类型"])
        for name in ("身份证号", "主诊断编码", "定点机构编码", "结算编号"):
            columns[name] = pa.array(columns[name])
        return Table("settlements.csv", columns, protected)


def _add_scenarios(w: World, t: int, columns: dict, protected: np.ndarray):
    """Append the planted settlements of scenario households (fixed payers, exact OOP)."""
    rows = []
    for i, scenario in enumerate(w.scenarios):
        head = w.scen_persons[sum(len(s.members) for s in w.scenarios[:i])]
        county = int(scenario.county)
        for s in scenario.settlements[t]:
            fund = s.oop * 3 // 2 if s.visit_type != INPATIENT else s.oop * 2
            critical = s.oop // 4 if s.visit_type == INPATIENT else 0
            total = s.oop + fund + critical
            provider = county * 10**5 + (2 if s.visit_type == INPATIENT else 12)
            rows.append((head, s, total, fund, critical, provider))
    if not rows:
        return columns, protected
    extra = {
        "身份证号": np.array([w.persons["id"][r[0]] for r in rows]),
        "就诊类型": np.array([r[1].visit_type for r in rows]),
        "结算日期": np.array([w.month_starts[t] + np.timedelta64(r[1].day - 1, "D") for r in rows]),
        "医疗总费用": np.array([r[2] for r in rows], dtype=np.int64),
        "统筹基金支付": np.array([r[3] for r in rows], dtype=np.int64),
        "大病保险支付": np.array([r[4] for r in rows], dtype=np.int64),
        "医疗救助支付": np.zeros(len(rows), dtype=np.int64),
        "个人自付": np.array([r[1].oop for r in rows], dtype=np.int64),
        "主诊断编码": np.array([r[1].diagnosis for r in rows]),
        "定点机构编码": np.char.add("H", np.array([r[5] for r in rows]).astype(str)),
    }
    merged = {name: np.concatenate([columns[name], extra[name]]) for name in columns}
    return merged, np.concatenate([protected, np.ones(len(rows), dtype=bool)])
