"""The medical rules' planted households (MEDICAL_SPIKE, MEDICAL_CATASTROPHIC,
EXPENDITURE_HARDSHIP) sit on their boundaries, and fire only on delivered medical months."""

from __future__ import annotations

from math import ceil

import pytest
from oracle_cases import MONTHS, context, one, planted, verdicts, without

pytestmark = pytest.mark.unit

MEDICAL_RULES = ("MEDICAL_SPIKE", "MEDICAL_CATASTROPHIC", "EXPENDITURE_HARDSHIP")
P = len(MONTHS) - 1


@pytest.mark.parametrize("rule", MEDICAL_RULES)
def test_fires_on_the_bill_of_the_last_month_only(rule):
    ctx = context()
    assert verdicts(one(rule, "fire", ctx), ctx)[0] == [MONTHS[-1]]


@pytest.mark.parametrize("rule", MEDICAL_RULES)
def test_a_rejected_medical_file_is_not_evaluated(rule):
    ctx = context()
    for hh in planted(rule, ctx):
        fires, quiet = verdicts(hh, ctx, without(ctx, "medical_insurance", MONTHS[-1]))
        assert MONTHS[-1] not in fires + quiet


def test_spike_controls_are_one_cent_short():
    ctx = context()
    params = ctx.ref.params
    floor = params["spike_floor"] * 100
    fire, by_factor, by_floor = planted("MEDICAL_SPIKE", ctx)
    assert fire.oop(P) >= params["spike_factor"] * fire.oop(0) and fire.oop(P) >= floor
    assert by_factor.oop(P) == ceil(params["spike_factor"] * by_factor.oop(0)) - 1
    assert by_factor.oop(P) >= floor
    assert by_floor.oop(P) == floor - 1
    assert by_floor.oop(P) >= params["spike_factor"] * by_floor.oop(0)


def test_catastrophic_bill_is_one_cent_over_the_years_income():
    ctx = context()
    fire, control = planted("MEDICAL_CATASTROPHIC", ctx)
    assert fire.oop(P) == 12 * fire.income(P) + 1
    assert control.oop(P) == 12 * control.income(P)


def test_hardship_incomes_sit_on_the_band_ends():
    ctx = context()
    fire, control = planted("EXPENDITURE_HARDSHIP", ctx)
    lower = ctx.ref.multiplier("430624", 2026) * 12 * ctx.ref.rural("430624", 2026)
    assert fire.test_income(P) * 12 / len(fire.members) == lower
    disposable = ctx.ref.disposable[("430624", 2025)]
    assert control.test_income(P) * 12 / len(control.members) == disposable
    # The control's bill would push it below the line: only the band's open end keeps it quiet.
    assert (12 * control.test_income(P) - control.oop(P)) / len(control.members) < lower
