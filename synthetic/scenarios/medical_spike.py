"""MEDICAL_SPIKE (医疗支出骤增): OOP in m at least spike_factor × the mean monthly OOP over the
delivered months among m-12..m-1, and at least spike_floor.

Planted: one settlement a month, then a spike in P meeting both conditions (fire), one cent
short of the factor (control) and one cent short of the floor (control).
"""

from __future__ import annotations

from fractions import Fraction
from math import ceil, floor

from ..vocab import (
    CHRONIC,
    CHRONIC_OUTPATIENT,
    HEAD,
    INPATIENT,
    MONITORED,
    RISK_ILLNESS,
    SPOUSE,
    SUDDEN_HARDSHIP,
)
from .households import (
    Plan,
    ScenarioHousehold,
    Settlement,
    const,
    earner,
    no_roll,
    whole,
    yuan,
)
from .measures import Measures

RULE = "MEDICAL_SPIKE"
HISTORY = 100000  # the fire household's monthly OOP before the spike, cents


def households(plan: Plan) -> list[ScenarioHousehold]:
    factor, spike_floor = plan.params["spike_factor"], whole(plan.params["spike_floor"] * 100)
    spike = ceil(max(factor * HISTORY, Fraction(spike_floor)))
    # Factor control: a history high enough that factor × mean clears the floor.
    hist_a = max(2 * HISTORY, ceil((spike_floor + 100) / factor))
    # Floor control: a history low enough that factor × mean stays below the floor.
    hist_b = min(10000, floor((spike_floor - 1) / factor))
    return [
        _spike(plan, "fire", HISTORY, spike, "≥ spike_factor × mean and ≥ spike_floor"),
        _spike(
            plan, "control", hist_a, ceil(factor * hist_a) - 1, "one cent below spike_factor × mean"
        ),
        _spike(plan, "control", hist_b, spike_floor - 1, "one cent below spike_floor"),
    ]


def _spike(plan: Plan, role: str, history: int, spike: int, why: str) -> ScenarioHousehold:
    """OOP ``history`` every month before P, then ``spike``; wages ample enough that no income
    rule fires."""
    n = plan.n
    settlements = [[Settlement(history, CHRONIC_OUTPATIENT, "E11.9", 10)] for _ in range(n - 1)]
    settlements.append([Settlement(spike, INPATIENT, "I63.9", 20)])
    members = [
        earner(HEAD, 46, True, const(n, 800000)),
        earner(SPOUSE, 44, False, const(n, 700000)),
    ]
    members[0].health = CHRONIC
    text = (
        f"size 2, ample wages; OOP {yuan(history)} every month before {plan.month(plan.p)}, "
        f"then {yuan(spike)} ({why})"
    )
    return plan.household(
        RULE,
        role,
        text,
        members,
        no_roll(n),
        settlements,
        hh_type=MONITORED,
        mon_class=SUDDEN_HARDSHIP,
        risk=RISK_ILLNESS,
    )


def fires(m: Measures, t: int) -> bool | None:
    history = [k for k in range(max(0, t - 12), t) if m.medical_month[k]]
    if not m.medical_month[t] or not history:
        return None
    mean = Fraction(sum(m.hh.oop(k) for k in history), len(history))
    return m.hh.oop(t) >= m.params["spike_factor"] * mean and m.hh.oop(t) >= (
        m.params["spike_floor"] * 100
    )
