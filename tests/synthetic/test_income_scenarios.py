"""The income rules' planted households (INCOME_BELOW_DIBAO, INCOME_NEAR_DIBAO,
INCOME_BELOW_MONITORING_LINE, INCOME_DROP, DIBAO_EXIT_REVIEW) sit on their boundaries."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest
from oracle_cases import (
    MONTHS,
    context,
    one,
    planted,
    shipped_reference,
    verdicts,
    with_params,
    without,
)

pytestmark = pytest.mark.unit

TRAILING_RULES = (
    "INCOME_BELOW_DIBAO",
    "INCOME_NEAR_DIBAO",
    "INCOME_BELOW_MONITORING_LINE",
    "DIBAO_EXIT_REVIEW",
)
P = len(MONTHS) - 1


def per_capita_test(hh, t: int) -> Fraction:
    return hh.test_income(t) * 12 / len(hh.members)


@pytest.mark.parametrize("rule", ["INCOME_BELOW_DIBAO", "INCOME_NEAR_DIBAO"])
def test_off_the_roll_households_fire_from_the_month_after_they_leave(rule):
    ctx = context()
    fires, _ = verdicts(one(rule, "fire", ctx), ctx)
    assert fires == MONTHS[-3:]  # 在保 until P-3, 停保 from P-2


def test_dibao_boundaries_are_exact():
    ctx = context()
    standard = 12 * ctx.ref.rural("430624", 2026)
    assert per_capita_test(one("INCOME_BELOW_DIBAO", "control", ctx), P) == standard
    multiplier = ctx.ref.multiplier("430624", 2026)
    assert per_capita_test(one("INCOME_NEAR_DIBAO", "fire", ctx), P) == standard
    assert per_capita_test(one("INCOME_NEAR_DIBAO", "control", ctx), P) == multiplier * standard


def test_monitoring_line_boundary_is_exact():
    ctx = context()
    line = ctx.ref.line("430624", 2026)
    control = one("INCOME_BELOW_MONITORING_LINE", "control", ctx)
    fire = one("INCOME_BELOW_MONITORING_LINE", "fire", ctx)
    assert control.income(P) * 12 / len(control.members) == line
    assert fire.income(P) * 12 / len(fire.members) == line - 1200


def test_the_guangxi_household_needs_its_own_province_multiplier():
    ctx = context()
    guangxi = one("INCOME_NEAR_DIBAO", "fire", ctx, county_prefix="45")
    assert verdicts(guangxi, ctx)[0]
    # With the 1.5 of the scenario province, 9/5 × the standard is above the band.
    ref = shipped_reference()
    lines = {
        key: (line, Fraction(3, 2)) if key[0] == "45" else (line, mult)
        for key, (line, mult) in ref.lines.items()
    }
    flat = dataclasses.replace(context(), ref=dataclasses.replace(ref, lines=lines))
    assert verdicts(guangxi, flat)[0] == []


def test_income_drop_fires_only_with_all_fifteen_months():
    ctx = context()
    fire = one("INCOME_DROP", "fire", ctx)
    assert verdicts(fire, ctx)[0] == [MONTHS[-1]]
    fires, quiet = verdicts(fire, ctx, without(ctx, "human_resources", MONTHS[-15]))
    assert MONTHS[-1] not in fires + quiet
    controls = [h for h in planted("INCOME_DROP", ctx) if h.role == "control"]
    assert len(controls) == 2  # at the ratio; below the floor
    assert any(sum(h.income(t) for t in range(P - 2, P + 1)) / 3 == 300000 for h in controls)


def test_dibao_exit_control_fires_only_while_the_standard_is_lower():
    ctx = context()
    fire, control = planted("DIBAO_EXIT_REVIEW", ctx)
    assert verdicts(fire, ctx)[0][-1] == MONTHS[-1]
    fires, quiet = verdicts(control, ctx)
    assert fires and all(month.startswith("2025") for month in fires)
    assert [m for m in MONTHS if m.startswith("2026")] == quiet[-6:]


@pytest.mark.parametrize("rule", TRAILING_RULES)
def test_trailing_income_needs_min_income_months(rule):
    """min_income_months (rule_parameters.csv) decides the first evaluable month."""
    for months_needed in (3, 5):
        ctx = context(ref=with_params(shipped_reference(), min_income_months=months_needed))
        for hh in planted(rule, ctx):
            fires, quiet = verdicts(hh, ctx)
            window = 6 if rule == "DIBAO_EXIT_REVIEW" else 1  # months of trailing income it needs
            first = months_needed - 1 + window - 1
            assert sorted(fires + quiet) == MONTHS[first:], (rule, months_needed)
    never = context(ref=with_params(shipped_reference(), min_income_months=13))
    for hh in planted(rule, never):
        assert verdicts(hh, never) == ([], [])
