"""Planted scenario households: one `fire` and one `control` (just on the safe side of the
boundary) per monitoring rule, plus an oracle that says in which months each must fire.

Each rule has one module here holding its households (``households(plan)``) and its oracle
(``fires(measures, t)``: True, False, or None when the month cannot be evaluated); the oracle
re-implements the rule of monitoring-rules.md with exact fractions from the same constant
values that are written to the landing files. ``REGISTRY`` maps every rule code of the
catalog to its module.
"""

from __future__ import annotations

from typing import Protocol

from orchestration.lib.catalogs import RULE_CODES
from orchestration.lib.contract import SOURCES

from . import (
    dibao_exit_review,
    expenditure_hardship,
    income_below_dibao,
    income_below_monitoring_line,
    income_drop,
    income_near_dibao,
    medical_catastrophic,
    medical_spike,
    new_unemployment,
)
from .households import SCENARIO_COUNTY, Context, Member, Plan, ScenarioHousehold, Settlement
from .measures import Measures

__all__ = [
    "REGISTRY",
    "RULES",
    "SCENARIO_COUNTY",
    "SOURCES",
    "Context",
    "Member",
    "ScenarioHousehold",
    "Settlement",
    "build_scenarios",
    "evaluate",
]

RULES: tuple[str, ...] = RULE_CODES


class RuleScenario(Protocol):
    RULE: str

    def households(self, plan: Plan) -> list[ScenarioHousehold]: ...

    def fires(self, m: Measures, t: int) -> bool | None: ...


# Planting order. It places the households in the world and so drives every random draw made
# after them: it is fixed here rather than taken from the catalog, whose order may change.
_PLANTED: tuple[RuleScenario, ...] = (
    income_below_dibao,
    income_near_dibao,
    income_below_monitoring_line,
    income_drop,
    medical_spike,
    medical_catastrophic,
    expenditure_hardship,
    new_unemployment,
    dibao_exit_review,
)
REGISTRY: dict[str, RuleScenario] = {module.RULE: module for module in _PLANTED}
if len(REGISTRY) != len(_PLANTED) or set(REGISTRY) != set(RULE_CODES):
    raise ValueError(
        f"scenario modules {sorted(REGISTRY)} do not match the rule catalog {sorted(RULE_CODES)}"
    )


def build_scenarios(ctx: Context) -> list[ScenarioHousehold]:
    plan = Plan.of(ctx)
    return [household for module in _PLANTED for household in module.households(plan)]


def evaluate(
    hh: ScenarioHousehold, ctx: Context, present: dict[str, list[bool]]
) -> tuple[list[str], list[str]]:
    """Months where ``hh.rule`` must fire and must not fire (evaluable months only)."""
    module = REGISTRY.get(hh.rule)
    if module is None:
        raise ValueError(f"unknown rule {hh.rule}")
    measures = Measures(hh, ctx, present)
    fires, quiet = [], []
    for t, month in enumerate(ctx.months):
        outcome = module.fires(measures, t)
        if outcome is True:
            fires.append(month)
        elif outcome is False:
            quiet.append(month)
    return fires, quiet
