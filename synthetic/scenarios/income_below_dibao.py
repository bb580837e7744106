"""INCOME_BELOW_DIBAO (应保未保): per-capita dibao-test income below 12 × the rural standard
while the household is on neither the 低保 nor the 特困 roll.

Planted: a 低保 household stopped (停保) from P-2 whose income stays below the standard (fire)
and one whose income is exactly the standard of P (control: the comparison is strict).
"""

from __future__ import annotations

from ..vocab import DIBAO, FORMERLY_POOR, HEAD, PARENT, SPOUSE, TEKUN
from .households import Plan, ScenarioHousehold, const, earner, elder, idle, roll_until, yuan
from .measures import Measures

RULE = "INCOME_BELOW_DIBAO"


def households(plan: Plan) -> list[ScenarioHousehold]:
    return [
        _stopped_roll(plan, "fire", 3 * plan.lowest_standard // 2),
        _stopped_roll(plan, "control", 3 * plan.standard),
    ]


def _stopped_roll(plan: Plan, role: str, income: int) -> ScenarioHousehold:
    """Size 3 with one earner of ``income`` a month; the parent's resident pension is income
    but not dibao-test income, so the test income is the wage alone."""
    n, p = plan.n, plan.p
    members = [
        earner(HEAD, 47, True, const(n, income)),
        idle(SPOUSE, 45, False, n),
        elder(PARENT, 71, True, n, 18500),
    ]
    pc = income // 3
    roll = roll_until(n, DIBAO, p - 3, [plan.top_up(t, pc) for t in range(n)])
    text = (
        f"size 3, 低保 在保 until {plan.month(p - 3)} then 停保; per-capita dibao-test income "
        f"{yuan(12 * pc)}/year (12 × rural standard of {plan.year} = "
        f"{yuan(12 * plan.standard)}); the parent's 城乡居民基础养老金 is excluded from the test"
    )
    return plan.household(RULE, role, text, members, roll, hh_type=FORMERLY_POOR)


def fires(m: Measures, t: int) -> bool | None:
    pc, (line, _) = m.pc_test(t), m.thresholds(t)
    if pc is None or line is None:
        return None
    return pc < line and not m.hh.on_roll(t, (DIBAO, TEKUN))
