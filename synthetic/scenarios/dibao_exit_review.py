"""DIBAO_EXIT_REVIEW (渐退复核): 低保 在保 in m with per-capita dibao-test income at or above
the standard in each of the last exit_review_months months.

Planted: 在保 every month with test income exactly at the standard of P (fire) or one cent a
month below it (control).
"""

from __future__ import annotations

from ..vocab import DIBAO, FORMERLY_POOR, HEAD, SPOUSE
from .households import ZAIBAO, Plan, ScenarioHousehold, const, earner, idle, roll_until, yuan
from .measures import Measures

RULE = "DIBAO_EXIT_REVIEW"


def households(plan: Plan) -> list[ScenarioHousehold]:
    return [
        _on_dibao(plan, "fire", plan.standard),
        _on_dibao(plan, "control", plan.standard - 1),
    ]


def _on_dibao(plan: Plan, role: str, pc_month: int) -> ScenarioHousehold:
    n = plan.n
    members = [earner(HEAD, 55, True, const(n, 2 * pc_month)), idle(SPOUSE, 53, False, n)]
    roll = roll_until(n, DIBAO, None, [plan.top_up(t, pc_month) for t in range(n)])
    text = (
        f"size 2, 低保 在保 every month; per-capita dibao-test income "
        f"{yuan(pc_month)}/month against the rural standard {yuan(plan.standard)} of {plan.year}"
    )
    return plan.household(RULE, role, text, members, roll, hh_type=FORMERLY_POOR)


def fires(m: Measures, t: int) -> bool | None:
    window = int(m.params["exit_review_months"])
    if t - window + 1 < 0:
        return None
    checks = []
    for k in range(t - window + 1, t + 1):
        pc, (line, _) = m.pc_test(k), m.thresholds(k)
        if pc is None or line is None:
            return None
        checks.append(pc >= line)
    zaibao = m.hh.roll_category == DIBAO and m.hh.roll_status[t] == ZAIBAO
    return zaibao and all(checks)
