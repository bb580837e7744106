"""One scenario module per catalog rule: the registry matches the rule catalog, and each
module's fire households fire while its controls stay quiet (by the oracle)."""

from __future__ import annotations

import pytest
from oracle_cases import MONTHS, context, planted, verdicts

from orchestration.lib import contract
from orchestration.lib.catalogs import RULE_CODES
from synthetic import scenarios
from synthetic.scenarios import REGISTRY, RULES, build_scenarios, evaluate

pytestmark = pytest.mark.unit

# DIBAO_EXIT_REVIEW's control sits one cent under the standard of P's year; in an earlier year,
# whose standard is lower, its income clears the standard and it rightly fires there.
CONTROL_FIRES_BEFORE_P_YEAR = {"DIBAO_EXIT_REVIEW"}
RUNS = {
    "18 months": MONTHS,
    "15 months": MONTHS[3:],
    "24 months": [*(f"2024-{m:02d}" for m in range(7, 13)), *MONTHS],
}


def test_registry_keys_are_the_rule_catalog():
    assert set(REGISTRY) == set(RULE_CODES)
    assert len(REGISTRY) == len(RULE_CODES)
    assert RULES == RULE_CODES


def test_each_rule_has_its_own_module():
    for code, module in REGISTRY.items():
        assert code == module.RULE
        assert module.__name__ == f"synthetic.scenarios.{code.lower()}"


def test_sources_are_the_contracts():
    assert scenarios.SOURCES == contract.SOURCES


def test_build_scenarios_plants_every_module_in_registry_order():
    ctx = context()
    households = build_scenarios(ctx)
    assert households == [h for code in REGISTRY for h in planted(code, ctx)]
    assert {h.rule for h in households} == set(RULE_CODES)


@pytest.mark.parametrize("months", RUNS.values(), ids=RUNS.keys())
@pytest.mark.parametrize("rule", RULE_CODES)
def test_fire_households_fire_and_controls_stay_quiet(rule, months):
    ctx = context(months)
    households = planted(rule, ctx)
    assert {h.role for h in households} == {"fire", "control"}
    last = ctx.months[-1]
    for hh in households:
        assert hh.rule == rule
        fires, quiet = verdicts(hh, ctx)
        assert not set(fires) & set(quiet)
        if hh.role == "fire":
            assert fires, hh.description
        elif rule in CONTROL_FIRES_BEFORE_P_YEAR:
            assert last in quiet
            assert all(month[:4] < last[:4] for month in fires), hh.description
        else:
            assert fires == [], hh.description
            assert last in quiet, hh.description


def test_an_unknown_rule_is_refused():
    hh = planted("INCOME_DROP", context())[0]
    hh.rule = "NOT_A_RULE"
    with pytest.raises(ValueError, match="unknown rule NOT_A_RULE"):
        evaluate(hh, context(), {})
