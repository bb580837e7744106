"""INCOME_DROP (收入骤减): mean monthly income over m-2..m below income_drop_ratio × the mean
over m-14..m-3, when that earlier mean is at least income_drop_floor (all 15 months needed).

Planted: a wage of EARLIER a month, then two low months, so that the recent mean at P is just
below the ratio (fire) or exactly at it (control); and a small earner whose earlier mean misses
the floor (control).
"""

from __future__ import annotations

from fractions import Fraction

from ..vocab import EMPLOYED, FLEXIBLE, HEAD, NONE, SPOUSE
from .households import (
    Plan,
    ScenarioHousehold,
    const,
    earner,
    idle,
    no_roll,
    ratio,
    require,
    whole,
    yuan,
)
from .measures import Measures

RULE = "INCOME_DROP"
EARLIER = 600000  # the earlier monthly wage, cents


def households(plan: Plan) -> list[ScenarioHousehold]:
    drop_ratio = plan.params["income_drop_ratio"]
    boundary = (3 * drop_ratio * EARLIER - EARLIER) / 2  # makes the recent mean ratio × E
    require(0 <= boundary < EARLIER, "income_drop_ratio outside (1/3, 1)")
    boundary_c = whole(boundary)
    fire_low = max(0, boundary_c - 50000)
    require(Fraction(EARLIER + 2 * fire_low, 3) < drop_ratio * EARLIER, "income drop cannot fire")
    return [
        _two_low_months(plan, "fire", fire_low),
        _two_low_months(plan, "control", boundary_c),
        _below_floor(plan),
    ]


def _two_low_months(plan: Plan, role: str, low: int) -> ScenarioHousehold:
    n = plan.n
    wages = const(n - 2, EARLIER) + [low, low]
    members = [earner(HEAD, 41, True, wages, status=EMPLOYED), idle(SPOUSE, 39, False, n)]
    text = (
        f"size 2, 单位就业 wage {yuan(EARLIER)}/month until {plan.month(plan.p - 2)}, then "
        f"{yuan(low)} in the last two months (ratio {ratio(plan.params['income_drop_ratio'])})"
    )
    return plan.household(RULE, role, text, members, no_roll(n))


def _below_floor(plan: Plan) -> ScenarioHousehold:
    """One cent a month below the floor, then nothing: a total drop that must not fire."""
    n = plan.n
    below_floor = whole(plan.params["income_drop_floor"] * 100) - 1
    require(below_floor >= 0, "income_drop_floor is zero")
    head = earner(HEAD, 44, True, const(n - 2, below_floor) + [0, 0], status=FLEXIBLE)
    head.status[-2:] = [NONE, NONE]
    text = (
        f"size 1, 灵活就业 {yuan(below_floor)}/month then no income in the last two months: "
        "the earlier mean misses the income_drop_floor"
    )
    return plan.household(RULE, "control", text, [head], no_roll(n))


def fires(m: Measures, t: int) -> bool | None:
    if t < 14 or not all(m.income_month[k] for k in range(t - 14, t + 1)):
        return None
    recent = sum(m.hh.income(k) for k in range(t - 2, t + 1)) / 3
    earlier = sum(m.hh.income(k) for k in range(t - 14, t - 2)) / 12
    return recent < m.params["income_drop_ratio"] * earlier and earlier >= (
        m.params["income_drop_floor"] * 100
    )
