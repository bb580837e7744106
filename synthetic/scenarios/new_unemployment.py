"""NEW_UNEMPLOYMENT (新增失业): a member 登记失业 in m who was working (单位就业, 灵活就业 or
外出务工) in m-1, both HR months delivered.

Planted: a member registering as unemployed in P after 单位就业 (fire) or after 无 (control).
"""

from __future__ import annotations

from ..vocab import (
    EMPLOYED,
    EMPLOYMENT,
    FLEXIBLE,
    HEAD,
    MIGRANT,
    MONITORED,
    NONE,
    RISK_UNEMPLOYMENT,
    SPOUSE,
    UNEMPLOYED,
    UNSTABLE_FORMERLY_POOR,
)
from .households import Plan, ScenarioHousehold, const, earner, no_roll
from .measures import Measures

RULE = "NEW_UNEMPLOYMENT"
WORKING = (EMPLOYED, FLEXIBLE, MIGRANT)


def households(plan: Plan) -> list[ScenarioHousehold]:
    return [_registers(plan, "fire", EMPLOYED, 500000), _registers(plan, "control", NONE, 0)]


def _registers(plan: Plan, role: str, before: int, wage_before: int) -> ScenarioHousehold:
    """Status ``before`` (with ``wage_before`` a month) until P-1, 登记失业 with a benefit in P;
    the spouse keeps a wage."""
    n, p = plan.n, plan.p
    head = earner(HEAD, 45, True, const(n - 1, wage_before) + [0], status=before)
    head.status[p] = UNEMPLOYED
    head.benefit[p] = 150000
    members = [head, earner(SPOUSE, 43, False, const(n, 600000))]
    text = (
        f"size 2, one member {EMPLOYMENT[before]} until {plan.month(p - 1)}, 登记失业 in "
        f"{plan.month(p)}"
    )
    return plan.household(
        RULE,
        role,
        text,
        members,
        no_roll(n),
        hh_type=MONITORED,
        mon_class=UNSTABLE_FORMERLY_POOR,
        risk=RISK_UNEMPLOYMENT,
    )


def fires(m: Measures, t: int) -> bool | None:
    if t < 1 or not (m.hr_month[t] and m.hr_month[t - 1]):
        return None
    return any(
        member.status[t] == UNEMPLOYED and member.status[t - 1] in WORKING
        for member in m.hh.members
    )
