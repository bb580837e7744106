"""The oracle's common measures (monitoring-rules.md): which months are evaluable, trailing
income, the 12-month OOP window and the county's thresholds, in exact fractions.

A household is anything with the interface of ``ScenarioHousehold`` (the tests rebuild one
from the written files), so the verdicts can be recomputed from the bytes on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from .households import Context


class Measures:
    """One household over the run's months; ``present`` says, per source and month, whether
    that month's files were delivered whole (a file rejected for a missing column is not)."""

    def __init__(self, hh, ctx: Context, present: dict[str, list[bool]]):
        self.hh, self.ctx, self.county = hh, ctx, hh.county
        self.size = len(hh.members)
        self.params = ctx.ref.params
        self.min_income_months = int(self.params["min_income_months"])
        # Income needs all three income sources: the roll, HR and the roster's other income.
        self.income_month = [
            present["civil_affairs"][t]
            and present["human_resources"][t]
            and present["rural_revitalization"][t]
            for t in range(ctx.n)
        ]
        self.medical_month = present["medical_insurance"]
        self.hr_month = present["human_resources"]

    def trailing(self, measure: Callable[[int], Fraction], t: int) -> Fraction | None:
        """Annualised mean of ``measure`` over the income months among t-11..t; None (not
        evaluated) unless t is an income month with at least min_income_months of them."""
        window = [k for k in range(max(0, t - 11), t + 1) if self.income_month[k]]
        if not self.income_month[t] or len(window) < self.min_income_months:
            return None
        return sum(measure(k) for k in window) * 12 / len(window)

    def pc_test(self, t: int) -> Fraction | None:
        """Per-capita dibao-test income, annualised."""
        value = self.trailing(self.hh.test_income, t)
        return None if value is None else value / self.size

    def oop_window(self, t: int) -> int:
        """Out-of-pocket spending over the delivered medical months among t-11..t."""
        return sum(self.hh.oop(k) for k in range(max(0, t - 11), t + 1) if self.medical_month[k])

    def thresholds(self, t: int) -> tuple[int, Fraction] | tuple[None, None]:
        """(12 × the rural dibao standard, near-dibao multiplier) of t's year."""
        ref, y = self.ctx.ref, self.ctx.year(t)
        std, mult = ref.rural(self.county, y), ref.multiplier(self.county, y)
        return (None, None) if std is None or mult is None else (12 * std, mult)

    def line(self, t: int) -> int | None:
        """The province monitoring line of t's year (annual, per person)."""
        return self.ctx.ref.line(self.county, self.ctx.year(t))

    def disposable_prev(self, t: int) -> int | None:
        """The county's per-capita disposable income of the year before t's."""
        return self.ctx.ref.disposable.get((self.county, self.ctx.year(t) - 1))
