"""INCOME_NEAR_DIBAO (低保边缘): per-capita dibao-test income inside [1, multiplier) × 12 × the
rural standard while the household is on no 低保, 特困 or 低保边缘 roll.

Planted: households off the 低保边缘 roll from P-2 at the band's closed lower end (fire) and at
its open upper end (control), plus, when the seeds have one, a Guangxi county whose province
has its own multiplier (fire).
"""

from __future__ import annotations

from fractions import Fraction

from ..vocab import DIBAO, HEAD, NEAR_DIBAO, SPOUSE, TEKUN
from .households import (
    Plan,
    ScenarioHousehold,
    const,
    earner,
    fill,
    idle,
    no_roll,
    ratio,
    roll_until,
    size_for,
    whole,
    yuan,
)
from .measures import Measures

RULE = "INCOME_NEAR_DIBAO"


def households(plan: Plan) -> list[ScenarioHousehold]:
    upper = plan.multiplier * plan.standard
    out = [
        _off_roll(plan, "fire", Fraction(plan.standard), 2, "1"),
        _off_roll(plan, "control", upper, size_for(upper), ratio(plan.multiplier)),
    ]
    if plan.ctx.guangxi_county:
        out.append(_guangxi(plan, plan.ctx.guangxi_county))
    return out


def _off_roll(plan: Plan, role: str, per_person, size: int, factor: str) -> ScenarioHousehold:
    """``per_person``: the per-capita test income a month, ``factor`` × the standard of P."""
    n = plan.n
    income = whole(size * per_person)
    members = fill([earner(HEAD, 52, True, const(n, income)), idle(SPOUSE, 50, False, n)], size, n)
    roll = roll_until(n, NEAR_DIBAO, plan.p - 3, const(n, 0))
    text = (
        f"size {size}, 低保边缘 until {plan.month(plan.p - 3)} then 停保; per-capita dibao-test "
        f"income {yuan(12 * per_person)}/year = {factor} × 12 × rural standard of {plan.year}"
    )
    return plan.household(RULE, role, text, members, roll)


def _guangxi(plan: Plan, county: str) -> ScenarioHousehold:
    """Never on a roll, at 9/5 × the standard: inside a band of multiplier 2 but above the
    1.5 of most provinces, so it fires only if the rule reads the household's own province.
    (The middle of the band when the multiplier is 9/5 or less.)"""
    n, year = plan.n, plan.year
    standard, multiplier = plan.ctx.ref.rural(county, year), plan.ctx.ref.multiplier(county, year)
    share = Fraction(9, 5) if Fraction(9, 5) < multiplier else (1 + multiplier) / 2
    size = size_for(share * standard, (1, 2, 3, 4, 5, 6, 8, 10, 12))
    income = whole(size * share * standard)
    members = [earner(HEAD, 44, True, const(n, income))]
    if size > 1:
        members.append(idle(SPOUSE, 42, False, n))
    members = fill(members, size, n)
    text = (
        f"Guangxi county {county} (near-dibao multiplier {ratio(multiplier)}), size {size}, "
        f"never on a roll; per-capita dibao-test income = {ratio(share)} × 12 × rural standard "
        f"of {year}"
    )
    return plan.household(RULE, "fire", text, members, no_roll(n), county=county)


def fires(m: Measures, t: int) -> bool | None:
    pc, (line, mult) = m.pc_test(t), m.thresholds(t)
    if pc is None or line is None:
        return None
    return line <= pc < mult * line and not m.hh.on_roll(t, (DIBAO, TEKUN, NEAR_DIBAO))
