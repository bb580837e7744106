"""EXPENDITURE_HARDSHIP (支出型困难): on no 低保/特困 roll, per-capita dibao-test income inside
[near-dibao line, last year's disposable income), and pushed below the near-dibao line once
the 12-month OOP is taken off.

Planted: income exactly at the near-dibao line with a bill in P (fire: the band's closed lower
end), and income exactly at the disposable income with a bill large enough to push it below the
line (control: the band's open upper end).
"""

from __future__ import annotations

from fractions import Fraction
from math import ceil

from ..vocab import DIBAO, HEAD, INPATIENT, SPOUSE, TEKUN
from .households import (
    SCENARIO_COUNTY,
    Plan,
    ScenarioHousehold,
    Settlement,
    const,
    earner,
    fill,
    idle,
    no_roll,
    no_settlements,
    require,
    size_for,
    whole,
    yuan,
)
from .measures import Measures

RULE = "EXPENDITURE_HARDSHIP"


def households(plan: Plan) -> list[ScenarioHousehold]:
    disposable = plan.disposable_prev
    require(disposable is not None, f"no disposable income for {SCENARIO_COUNTY} {plan.year - 1}")
    lower = plan.multiplier * 12 * plan.standard
    require(lower < disposable, "near-dibao line not below the disposable income")
    return [
        _hardship(plan, "fire", plan.multiplier * plan.standard, lower),
        _hardship(plan, "control", Fraction(disposable, 12), lower),
    ]


def _hardship(plan: Plan, role: str, per_person_month: Fraction, lower) -> ScenarioHousehold:
    n, p = plan.n, plan.p
    size = size_for(per_person_month)
    income = whole(size * per_person_month)
    pc = 12 * per_person_month
    oop = 200000 if role == "fire" else ceil(size * (pc - lower)) + 500000
    # The fire household's bill is an ordinary one: below the spike floor.
    spike_floor = whole(plan.params["spike_floor"] * 100)
    require(oop < spike_floor or role == "control", "spike_floor too low")
    settlements = no_settlements(n)
    settlements[p] = [Settlement(oop, INPATIENT, "K80.2", 12)]
    members = fill([earner(HEAD, 50, True, const(n, income)), idle(SPOUSE, 48, False, n)], size, n)
    text = (
        f"size {size}, on no roll; per-capita dibao-test income {yuan(pc)}/year "
        f"(near-dibao line {yuan(float(lower))}, disposable income of {plan.year - 1} "
        f"{yuan(plan.disposable_prev)}); OOP 0 until {plan.month(p)}, then {yuan(oop)}"
    )
    return plan.household(RULE, role, text, members, no_roll(n), settlements)


def fires(m: Measures, t: int) -> bool | None:
    test, (line, mult) = m.trailing(m.hh.test_income, t), m.thresholds(t)
    disposable = m.disposable_prev(t)
    if test is None or line is None or disposable is None or not m.medical_month[t]:
        return None
    pc, lower = test / m.size, mult * line
    return (
        not m.hh.on_roll(t, (DIBAO, TEKUN))
        and lower <= pc < disposable
        and (test - m.oop_window(t)) / m.size < lower
    )
