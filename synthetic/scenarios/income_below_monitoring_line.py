"""INCOME_BELOW_MONITORING_LINE (低于监测线): trailing per-capita income (everything counted,
the resident pension and the roll's cash included) below the province's monitoring line.

Planted: a monitored household 12 yuan a year below the line (fire) and one exactly at it
(control: the comparison is strict).
"""

from __future__ import annotations

from fractions import Fraction

from ..vocab import (
    HEAD,
    MARGINAL_AT_RISK,
    MONITORED,
    NEAR_DIBAO,
    RISK_LABOUR_SHORTAGE,
    SPOUSE,
)
from .households import (
    Plan,
    ScenarioHousehold,
    const,
    earner,
    elder,
    fill,
    no_roll,
    require,
    roll_until,
    size_for,
    whole,
    yuan,
)
from .measures import Measures

RULE = "INCOME_BELOW_MONITORING_LINE"
# Annual operating and property income (cents): whole cents a month after /12.
OPERATING, PROPERTY = 360000, 120000


def households(plan: Plan) -> list[ScenarioHousehold]:
    return [
        _monitored(plan, "fire", plan.line - 1200),
        _monitored(plan, "control", plan.line),
    ]


def _monitored(plan: Plan, role: str, pc_annual: int) -> ScenarioHousehold:
    """Per-capita income ``pc_annual`` a year: wage + (maybe) a resident pension + the
    operating and property income."""
    n, standard = plan.n, plan.standard
    per_person_month = Fraction(pc_annual, 12)
    size = size_for(per_person_month)
    total = whole(size * per_person_month)
    other = (OPERATING + PROPERTY) // 12
    # The pension is excluded from the dibao test: keep test income >= the standard.
    pension = max(0, min(15000, (total - size * standard) // 100 * 100))
    wage = total - other - pension
    require(wage >= 0, "monitoring line below the household's operating income")
    members = [earner(HEAD, 57, True, const(n, wage))]
    if pension:
        members.append(elder(SPOUSE, 61, False, n, pension))
    members = fill(members, size, n)
    pc_test = 12 * Fraction(total - pension, size)
    in_band = 12 * standard <= pc_test < plan.multiplier * 12 * standard
    # On 低保边缘 (no cash) a household inside the near-dibao band does not fire that rule.
    roll = roll_until(n, NEAR_DIBAO, None, const(n, 0)) if in_band else no_roll(n)
    text = (
        f"size {size}, per-capita income {yuan(pc_annual)}/year against the province "
        f"monitoring line {yuan(plan.line)} of {plan.year}; income = wage"
        + (f" + resident pension {yuan(pension)}" if pension else "")
        + f" + (operating {yuan(OPERATING)} + property {yuan(PROPERTY)})/12"
        + ("; on 低保边缘 (no cash) so the near-dibao rule stays quiet" if in_band else "")
    )
    return plan.household(
        RULE,
        role,
        text,
        members,
        roll,
        op_annual=OPERATING,
        prop_annual=PROPERTY,
        hh_type=MONITORED,
        mon_class=MARGINAL_AT_RISK,
        risk=RISK_LABOUR_SHORTAGE,
    )


def fires(m: Measures, t: int) -> bool | None:
    total, line = m.trailing(m.hh.income, t), m.line(t)
    if total is None or line is None:
        return None
    return total / m.size < line
