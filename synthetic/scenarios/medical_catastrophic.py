"""MEDICAL_CATASTROPHIC (因病致贫风险): OOP over the delivered medical months among m-11..m
above the household's trailing annual income.

Planted: a constant income and one bill in P one cent above the year's income (fire) or
exactly equal to it (control: the comparison is strict).
"""

from __future__ import annotations

from ..vocab import HEAD, INPATIENT, MONITORED, RISK_ILLNESS, UNSTABLE_FORMERLY_POOR
from .households import (
    Plan,
    ScenarioHousehold,
    Settlement,
    const,
    earner,
    no_roll,
    no_settlements,
    yuan,
)
from .measures import Measures

RULE = "MEDICAL_CATASTROPHIC"
WAGE = 200000  # the one member's monthly income, cents


def households(plan: Plan) -> list[ScenarioHousehold]:
    return [_one_bill(plan, "fire", 12 * WAGE + 1), _one_bill(plan, "control", 12 * WAGE)]


def _one_bill(plan: Plan, role: str, oop: int) -> ScenarioHousehold:
    n, p = plan.n, plan.p
    settlements = no_settlements(n)
    settlements[p] = [Settlement(oop, INPATIENT, "C34.9", 18)]
    text = (
        f"size 1, constant income {yuan(WAGE)}/month (trailing {yuan(12 * WAGE)}); "
        f"no settlements until {plan.month(p)}, then OOP {yuan(oop)}"
    )
    return plan.household(
        RULE,
        role,
        text,
        [earner(HEAD, 45, True, const(n, WAGE))],
        no_roll(n),
        settlements,
        hh_type=MONITORED,
        mon_class=UNSTABLE_FORMERLY_POOR,
        risk=RISK_ILLNESS,
    )


def fires(m: Measures, t: int) -> bool | None:
    total = m.trailing(m.hh.income, t)
    if total is None or not m.medical_month[t]:
        return None
    return m.oop_window(t) > total
