"""What every rule module builds with: the planted household (members, roll, settlements and
its exact monthly measures), the generation context, the plan of thresholds, and small builders.

All amounts are integer cents derived from the reference CSVs, so that a household can sit
exactly on a boundary; ratios are exact fractions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from ..economy import MIN_TOP_UP
from ..reference import Reference
from ..vocab import (
    ACTIVE,
    CHILD,
    EMPLOYED,
    FLEXIBLE,
    FULL_LABOUR,
    HEALTHY,
    NO_PENSION,
    NONE,
    ORDINARY,
    RESIDENT_PENSION,
    ROLL_STATUSES,
    STEPPING_DOWN,
    STOPPED,
    WEAK_LABOUR,
)

SCENARIO_COUNTY = "430624"
# The roll holds a household (在册) while 在保 or 渐退; 停保 means it has left.
ZAIBAO, STOPPED_ROLL = ROLL_STATUSES[ACTIVE], ROLL_STATUSES[STOPPED]
ACTIVE_ROLL = (ZAIBAO, ROLL_STATUSES[STEPPING_DOWN])


@dataclass
class Member:
    relation: int
    age: int
    male: bool
    status: list[int]  # per month, code into EMPLOYMENT
    wage: list[int]  # per month, cents
    benefit: list[int]
    pension: list[int]
    pension_type: int = NO_PENSION
    labour: int = FULL_LABOUR
    health: int = HEALTHY


@dataclass
class Settlement:
    oop: int
    visit_type: int
    diagnosis: str
    day: int = 15


@dataclass
class ScenarioHousehold:
    rule: str
    role: str
    county: str
    description: str
    members: list[Member]
    op_annual: int = 0
    prop_annual: int = 0
    hh_type: int = ORDINARY
    mon_class: int = -1
    risk: int = -1
    roll_category: int = -1
    roll_status: list[str | None] = field(default_factory=list)  # per month; None = no row
    roll_amount: list[int] = field(default_factory=list)  # per month, per person (cents)
    settlements: list[list[Settlement]] = field(default_factory=list)  # per month

    # -- monthly measures (cents, exact) ------------------------------------------------
    def income(self, t: int) -> Fraction:
        people = sum(m.wage[t] + m.benefit[t] + m.pension[t] for m in self.members)
        roll = self.roll_amount[t] * len(self.members) if self.roll_status[t] else 0
        return Fraction(people + roll) + Fraction(self.op_annual + self.prop_annual, 12)

    def test_income(self, t: int) -> Fraction:
        """Income as the dibao test counts it: without the roll's own cash and without the
        resident basic pension."""
        resident = sum(m.pension[t] for m in self.members if m.pension_type == RESIDENT_PENSION)
        roll = self.roll_amount[t] * len(self.members) if self.roll_status[t] else 0
        return self.income(t) - roll - resident

    def oop(self, t: int) -> int:
        return sum(s.oop for s in self.settlements[t])

    def on_roll(self, t: int, categories: tuple[int, ...]) -> bool:
        return self.roll_category in categories and self.roll_status[t] in ACTIVE_ROLL


@dataclass(frozen=True)
class Context:
    ref: Reference
    months: list[str]
    guangxi_county: str | None

    @property
    def n(self) -> int:
        return len(self.months)

    def year(self, t: int) -> int:
        return int(self.months[t][:4])

    def rural(self, county: str, t: int) -> int | None:
        return self.ref.rural(county, self.year(t))


@dataclass(frozen=True)
class Plan:
    """The scenario county's thresholds in the last month P: every planted boundary is drawn
    for P, where the rules are sure to have enough history."""

    ctx: Context
    p: int
    year: int
    standard: int  # rural dibao standard, cents a month
    multiplier: Fraction | None  # near-dibao multiplier of the province
    line: int | None  # province monitoring line, cents a year
    disposable_prev: int | None  # county disposable income of the year before, cents a year
    lowest_standard: int  # the lowest rural standard over all months

    @classmethod
    def of(cls, ctx: Context) -> Plan:
        ref, county, p = ctx.ref, SCENARIO_COUNTY, ctx.n - 1
        year = ctx.year(p)
        return cls(
            ctx=ctx,
            p=p,
            year=year,
            standard=ref.rural(county, year),
            multiplier=ref.multiplier(county, year),
            line=ref.line(county, year),
            disposable_prev=ref.disposable.get((county, year - 1)),
            lowest_standard=min(ctx.rural(county, t) for t in range(ctx.n)),
        )

    @property
    def n(self) -> int:
        return self.ctx.n

    @property
    def params(self) -> dict[str, Fraction]:
        return self.ctx.ref.params

    def month(self, t: int) -> str:
        return self.ctx.months[t]

    def top_up(self, t: int, pc_month: int) -> int:
        """The 低保 cash per person in month t for a per-capita test income of ``pc_month``."""
        return max(self.ctx.rural(SCENARIO_COUNTY, t) - pc_month, MIN_TOP_UP)

    def household(
        self, rule, role, description, members, roll, settlements=None, county=SCENARIO_COUNTY, **kw
    ) -> ScenarioHousehold:
        category, status, amount = roll
        return ScenarioHousehold(
            rule=rule,
            role=role,
            county=county,
            description=description,
            members=members,
            roll_category=category,
            roll_status=status,
            roll_amount=amount,
            settlements=settlements or no_settlements(self.n),
            **kw,
        )


# -- text ------------------------------------------------------------------------------------


def yuan(cents: int | Fraction) -> str:
    """Cents as yuan with 2 decimals (exact for whole cents; fractions are rounded)."""
    value = round(Fraction(cents))
    sign = "-" if value < 0 else ""
    return f"{sign}{abs(value) // 100}.{abs(value) % 100:02d}"


def ratio(value: Fraction) -> str:
    """A ratio for descriptions: 3/2 -> '1.5'."""
    return f"{float(value):g}"


# -- members ---------------------------------------------------------------------------------


def const(n: int, value: int) -> list[int]:
    return [value] * n


def earner(relation, age, male, wages: list[int], status: int | None = None) -> Member:
    """A member with the given monthly wages; without ``status``, 单位就业 from 2000 yuan a
    month, 灵活就业 below."""
    statuses = [
        status if status is not None else (EMPLOYED if w >= 200000 else FLEXIBLE) for w in wages
    ]
    n = len(wages)
    return Member(relation, age, male, statuses, list(wages), const(n, 0), const(n, 0))


def idle(relation, age, male, n: int) -> Member:
    return Member(relation, age, male, const(n, NONE), const(n, 0), const(n, 0), const(n, 0))


def elder(relation, age, male, n: int, pension: int) -> Member:
    return Member(
        relation,
        age,
        male,
        const(n, NONE),
        const(n, 0),
        const(n, 0),
        const(n, pension),
        pension_type=RESIDENT_PENSION,
        labour=WEAK_LABOUR,
    )


def fill(members: list[Member], size: int, n: int) -> list[Member]:
    """Pad with idle adult children up to ``size`` persons (everybody ≥ 16, known to HR)."""
    ages = (24, 22, 20, 19, 18, 17)
    for k in range(size - len(members)):
        members.append(idle(CHILD, ages[k % len(ages)], k % 2 == 0, n))
    return members


# -- amounts, rolls, settlements -------------------------------------------------------------


def size_for(per_person: Fraction, preferred: tuple[int, ...] = (2, 3, 4, 6, 1, 5, 8, 12)) -> int:
    """A household size for which size × per_person is a whole number of cents."""
    for size in preferred:
        if (size * per_person).denominator == 1:
            return size
    raise ValueError(f"no household size makes {per_person} cents a whole amount")


def whole(value: Fraction) -> int:
    if value.denominator != 1:
        raise ValueError(f"{value} is not a whole number of cents")
    return int(value)


def roll_until(n: int, category: int, until: int | None, amounts: list[int]):
    """Roll status per month: 在保 up to month ``until`` (None = all months), 停保 after."""
    status = [ZAIBAO if until is None or t <= until else STOPPED_ROLL for t in range(n)]
    paid = [amounts[t] if status[t] == ZAIBAO else 0 for t in range(n)]
    return category, status, paid


def no_roll(n: int):
    return -1, [None] * n, const(n, 0)


def no_settlements(n: int) -> list[list[Settlement]]:
    return [[] for _ in range(n)]


def require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(f"reference data make a planted scenario impossible: {message}")
