"""The planted households and their oracle verdicts straight from synthetic.scenarios (no
files written), in the context generate_landing builds for the shipped seeds."""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from functools import cache

from orchestration.lib.contract import SOURCES
from orchestration.settings import SHIPPED_REFERENCE_DIR
from synthetic import _check_reference
from synthetic.reference import Reference, load_reference
from synthetic.scenarios import REGISTRY, Context, ScenarioHousehold, evaluate
from synthetic.scenarios.households import Plan

MONTHS = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 7)]


@cache
def shipped_reference() -> Reference:
    return load_reference(SHIPPED_REFERENCE_DIR)


def context(months: list[str] = MONTHS, ref: Reference | None = None) -> Context:
    """As generate_landing builds it (with the Guangxi county it picks)."""
    ref = ref or shipped_reference()
    return Context(ref, list(months), _check_reference(ref, months))


def with_params(ref: Reference, **params) -> Reference:
    return dataclasses.replace(
        ref, params={**ref.params, **{k: Fraction(v) for k, v in params.items()}}
    )


def all_present(ctx: Context) -> dict[str, list[bool]]:
    return {source: [True] * ctx.n for source in SOURCES}


def without(ctx: Context, source: str, month: str) -> dict[str, list[bool]]:
    """Every file delivered except ``source`` of ``month`` (as if rejected)."""
    present = all_present(ctx)
    present[source][ctx.months.index(month)] = False
    return present


def planted(rule: str, ctx: Context) -> list[ScenarioHousehold]:
    return REGISTRY[rule].households(Plan.of(ctx))


def one(rule: str, role: str, ctx: Context, county_prefix: str = "43") -> ScenarioHousehold:
    """The first planted household of ``rule`` and ``role`` in the scenario province."""
    return next(
        h for h in planted(rule, ctx) if h.role == role and h.county.startswith(county_prefix)
    )


def verdicts(hh, ctx: Context, present=None) -> tuple[list[str], list[str]]:
    return evaluate(hh, ctx, present or all_present(ctx))
