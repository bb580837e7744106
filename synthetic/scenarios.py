"""Planted scenario households: one `fire` and one `control` (just on the safe side of the
boundary) per monitoring rule, plus an oracle that says in which months each must fire.

All amounts are integer cents derived from the reference CSVs, so equality boundaries are
exactly equal. The oracle re-implements the rules of monitoring-rules.md with exact fractions
from the same constant values that are written to the landing files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from math import ceil, floor

from .economy import MIN_TOP_UP
from .reference import Reference
from .vocab import (
    CHILD,
    CHRONIC,
    CHRONIC_OUTPATIENT,
    DIBAO,
    EMPLOYED,
    FLEXIBLE,
    FORMERLY_POOR,
    FULL_LABOUR,
    HEAD,
    HEALTHY,
    INPATIENT,
    MIGRANT,
    MONITORED,
    NEAR_DIBAO,
    NO_PENSION,
    NONE,
    ORDINARY,
    PARENT,
    RESIDENT_PENSION,
    SPOUSE,
    TEKUN,
    UNEMPLOYED,
    WEAK_LABOUR,
)

SCENARIO_COUNTY = "430624"
SOURCES = ("civil_affairs", "medical_insurance", "human_resources", "rural_revitalization")
RULES = (
    "INCOME_BELOW_DIBAO",
    "INCOME_NEAR_DIBAO",
    "INCOME_BELOW_MONITORING_LINE",
    "INCOME_DROP",
    "MEDICAL_SPIKE",
    "MEDICAL_CATASTROPHIC",
    "EXPENDITURE_HARDSHIP",
    "NEW_UNEMPLOYMENT",
    "DIBAO_EXIT_REVIEW",
)
ACTIVE_ROLL = ("在保", "渐退")
WORKING = (EMPLOYED, FLEXIBLE, MIGRANT)


@dataclass
class Member:
    relation: int
    age: int
    male: bool
    status: list[int]
    wage: list[int]
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


def _yuan(cents: int | Fraction) -> str:
    """Cents as yuan with 2 decimals (exact for whole cents; fractions are rounded)."""
    value = round(Fraction(cents))
    sign = "-" if value < 0 else ""
    return f"{sign}{abs(value) // 100}.{abs(value) % 100:02d}"


def _num(value: Fraction) -> str:
    """A ratio for descriptions: 3/2 -> '1.5'."""
    return f"{float(value):g}"


def _const(n: int, value: int) -> list[int]:
    return [value] * n


def _earner(relation, age, male, wages: list[int], status: int | None = None) -> Member:
    statuses = [
        status if status is not None else (EMPLOYED if w >= 200000 else FLEXIBLE) for w in wages
    ]
    n = len(wages)
    return Member(relation, age, male, statuses, list(wages), _const(n, 0), _const(n, 0))


def _idle(relation, age, male, n: int) -> Member:
    return Member(relation, age, male, _const(n, NONE), _const(n, 0), _const(n, 0), _const(n, 0))


def _elder(relation, age, male, n: int, pension: int) -> Member:
    return Member(
        relation,
        age,
        male,
        _const(n, NONE),
        _const(n, 0),
        _const(n, 0),
        _const(n, pension),
        pension_type=RESIDENT_PENSION,
        labour=WEAK_LABOUR,
    )


def _fill(members: list[Member], size: int, n: int) -> list[Member]:
    """Pad with idle adult children up to ``size`` persons (everybody ≥ 16, known to HR)."""
    ages = (24, 22, 20, 19, 18, 17)
    for k in range(size - len(members)):
        members.append(_idle(CHILD, ages[k % len(ages)], k % 2 == 0, n))
    return members


def _size_for(per_person: Fraction, preferred: tuple[int, ...] = (2, 3, 4, 6, 1, 5, 8, 12)) -> int:
    """A household size for which size × per_person is a whole number of cents."""
    for size in preferred:
        if (size * per_person).denominator == 1:
            return size
    raise ValueError(f"no household size makes {per_person} cents a whole amount")


def _whole(value: Fraction) -> int:
    if value.denominator != 1:
        raise ValueError(f"{value} is not a whole number of cents")
    return int(value)


def _roll(n: int, category: int, until: int | None, amounts: list[int]):
    """Roll status per month: 在保 up to month ``until`` (None = all months), 停保 after."""
    status = ["在保" if until is None or t <= until else "停保" for t in range(n)]
    paid = [amounts[t] if status[t] == "在保" else 0 for t in range(n)]
    return category, status, paid


def _no_roll(n: int):
    return -1, [None] * n, _const(n, 0)


def _no_settlements(n: int) -> list[list[Settlement]]:
    return [[] for _ in range(n)]


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(f"reference data make a planted scenario impossible: {message}")


def build_scenarios(ctx: Context) -> list[ScenarioHousehold]:
    ref, n, sc = ctx.ref, ctx.n, SCENARIO_COUNTY
    p = n - 1
    y_p = ctx.year(p)
    s_p = ref.rural(sc, y_p)
    m_p = ref.multiplier(sc, y_p)
    line_p = ref.line(sc, y_p)
    disp_prev = ref.disposable.get((sc, y_p - 1))
    params = ref.params
    s_min = min(ctx.rural(sc, t) for t in range(n))
    out: list[ScenarioHousehold] = []

    def top_up(t: int, pc_month: int) -> int:
        return max(ctx.rural(sc, t) - pc_month, MIN_TOP_UP)

    def add(rule, role, description, members, roll, settlements=None, county=sc, **kw):
        category, status, amount = roll
        out.append(
            ScenarioHousehold(
                rule=rule,
                role=role,
                county=county,
                description=description,
                members=members,
                roll_category=category,
                roll_status=status,
                roll_amount=amount,
                settlements=settlements or _no_settlements(n),
                **kw,
            )
        )

    # 1. INCOME_BELOW_DIBAO: 低保 stopped from P-2 while income stays below the standard.
    for role, income in (("fire", 3 * s_min // 2), ("control", 3 * s_p)):
        members = [
            _earner(HEAD, 47, True, _const(n, income)),
            _idle(SPOUSE, 45, False, n),
            _elder(PARENT, 71, True, n, 18500),
        ]
        pc = income // 3
        roll = _roll(n, DIBAO, p - 3, [top_up(t, pc) for t in range(n)])
        text = (
            f"size 3, 低保 在保 until {ctx.months[p - 3]} then 停保; per-capita dibao-test income "
            f"{_yuan(12 * pc)}/year (12 × rural standard of {y_p} = {_yuan(12 * s_p)}); the "
            "parent's 城乡居民基础养老金 is excluded from the test"
        )
        add("INCOME_BELOW_DIBAO", role, text, members, roll, hh_type=FORMERLY_POOR)

    # 2. INCOME_NEAR_DIBAO: off the 低保边缘 roll from P-2, income inside [1, multiplier) × 12S.
    for role, per_person in (("fire", Fraction(s_p)), ("control", m_p * s_p)):
        size = 2 if role == "fire" else _size_for(per_person)
        income = _whole(size * per_person)
        members = _fill(
            [_earner(HEAD, 52, True, _const(n, income)), _idle(SPOUSE, 50, False, n)], size, n
        )
        roll = _roll(n, NEAR_DIBAO, p - 3, _const(n, 0))
        text = (
            f"size {size}, 低保边缘 until {ctx.months[p - 3]} then 停保; per-capita dibao-test "
            f"income {_yuan(12 * per_person)}/year = {'1' if role == 'fire' else _num(m_p)} × 12 × "
            f"rural standard of {y_p}"
        )
        add("INCOME_NEAR_DIBAO", role, text, members, roll)
    if ctx.guangxi_county:
        gx = ctx.guangxi_county
        s_gx, m_gx = ref.rural(gx, y_p), ref.multiplier(gx, y_p)
        share = Fraction(9, 5) if Fraction(9, 5) < m_gx else (1 + m_gx) / 2
        size = _size_for(share * s_gx, (1, 2, 3, 4, 5, 6, 8, 10, 12))
        income = _whole(size * share * s_gx)
        members = [_earner(HEAD, 44, True, _const(n, income))]
        if size > 1:
            members.append(_idle(SPOUSE, 42, False, n))
        members = _fill(members, size, n)
        text = (
            f"Guangxi county {gx} (near-dibao multiplier {_num(m_gx)}), size {size}, never on "
            f"a roll; per-capita dibao-test income = {_num(share)} × 12 × rural standard of {y_p}"
        )
        add("INCOME_NEAR_DIBAO", "fire", text, members, _no_roll(n), county=gx)

    # 3. INCOME_BELOW_MONITORING_LINE: per-capita income just below / exactly at the line.
    op_annual, prop_annual = 360000, 120000  # whole cents after /12
    for role, pc_annual in (("fire", line_p - 1200), ("control", line_p)):
        per_person_month = Fraction(pc_annual, 12)
        size = _size_for(per_person_month)
        total = _whole(size * per_person_month)
        other = (op_annual + prop_annual) // 12
        # The pension is excluded from the dibao test: keep test income >= the standard.
        pension = max(0, min(15000, (total - size * s_p) // 100 * 100))
        wage = total - other - pension
        _require(wage >= 0, "monitoring line below the household's operating income")
        members = [_earner(HEAD, 57, True, _const(n, wage))]
        if pension:
            members.append(_elder(SPOUSE, 61, False, n, pension))
        members = _fill(members, size, n)
        pc_test = 12 * Fraction(total - pension, size)
        in_band = 12 * s_p <= pc_test < m_p * 12 * s_p
        roll = _roll(n, NEAR_DIBAO, None, _const(n, 0)) if in_band else _no_roll(n)
        text = (
            f"size {size}, per-capita income {_yuan(pc_annual)}/year against the province "
            f"monitoring line {_yuan(line_p)} of {y_p}; income = wage"
            + (f" + resident pension {_yuan(pension)}" if pension else "")
            + " + "
            f"(operating {_yuan(op_annual)} + property {_yuan(prop_annual)})/12"
            + ("; on 低保边缘 (no cash) so the near-dibao rule stays quiet" if in_band else "")
        )
        add(
            "INCOME_BELOW_MONITORING_LINE",
            role,
            text,
            members,
            roll,
            op_annual=op_annual,
            prop_annual=prop_annual,
            hh_type=MONITORED,
            mon_class=1,
            risk=6,
        )

    # 4. INCOME_DROP: earlier mean E, then two low months.
    ratio, floor_ = params["income_drop_ratio"], params["income_drop_floor"] * 100
    earlier = 600000
    boundary = (3 * ratio * earlier - earlier) / 2  # makes the recent mean exactly ratio × E
    _require(0 <= boundary < earlier, "income_drop_ratio outside (1/3, 1)")
    boundary_c = _whole(boundary)
    fire_low = max(0, boundary_c - 50000)
    _require(Fraction(earlier + 2 * fire_low, 3) < ratio * earlier, "income drop cannot fire")
    for role, low in (("fire", fire_low), ("control", boundary_c)):
        wages = _const(n - 2, earlier) + [low, low]
        members = [_earner(HEAD, 41, True, wages, status=EMPLOYED), _idle(SPOUSE, 39, False, n)]
        text = (
            f"size 2, 单位就业 wage {_yuan(earlier)}/month until {ctx.months[p - 2]}, then "
            f"{_yuan(low)} in the last two months (ratio {_num(ratio)})"
        )
        add("INCOME_DROP", role, text, members, _no_roll(n))
    below_floor = _whole(floor_) - 1
    _require(below_floor >= 0, "income_drop_floor is zero")
    head = _earner(HEAD, 44, True, _const(n - 2, below_floor) + [0, 0], status=FLEXIBLE)
    head.status[-2:] = [NONE, NONE]
    text = (
        f"size 1, 灵活就业 {_yuan(below_floor)}/month then no income in the last two months: "
        "the earlier mean misses the income_drop_floor"
    )
    add("INCOME_DROP", "control", text, [head], _no_roll(n))

    # 5. MEDICAL_SPIKE: one settlement a month, spike in P.
    factor, spike_floor = params["spike_factor"], _whole(params["spike_floor"] * 100)
    hist = 100000
    spike = ceil(max(factor * hist, Fraction(spike_floor)))
    hist_a = max(2 * hist, ceil((spike_floor + 100) / factor))
    spike_a = ceil(factor * hist_a) - 1
    hist_b = min(10000, floor((spike_floor - 1) / factor))
    spike_b = spike_floor - 1
    for role, h, s, why in (
        ("fire", hist, spike, "≥ spike_factor × mean and ≥ spike_floor"),
        ("control", hist_a, spike_a, "one cent below spike_factor × mean"),
        ("control", hist_b, spike_b, "one cent below spike_floor"),
    ):
        settlements = [[Settlement(h, CHRONIC_OUTPATIENT, "E11.9", 10)] for _ in range(n - 1)]
        settlements.append([Settlement(s, INPATIENT, "I63.9", 20)])
        members = [
            _earner(HEAD, 46, True, _const(n, 800000)),
            _earner(SPOUSE, 44, False, _const(n, 700000)),
        ]
        members[0].health = CHRONIC
        text = (
            f"size 2, ample wages; OOP {_yuan(h)} every month before {ctx.months[p]}, "
            f"then {_yuan(s)} ({why})"
        )
        add(
            "MEDICAL_SPIKE",
            role,
            text,
            members,
            _no_roll(n),
            settlements,
            hh_type=MONITORED,
            mon_class=2,
            risk=0,
        )

    # 6. MEDICAL_CATASTROPHIC: OOP in P one cent above / exactly the year's income.
    wage = 200000
    for role, oop in (("fire", 12 * wage + 1), ("control", 12 * wage)):
        settlements = _no_settlements(n)
        settlements[p] = [Settlement(oop, INPATIENT, "C34.9", 18)]
        text = (
            f"size 1, constant income {_yuan(wage)}/month (trailing {_yuan(12 * wage)}); "
            f"no settlements until {ctx.months[p]}, then OOP {_yuan(oop)}"
        )
        add(
            "MEDICAL_CATASTROPHIC",
            role,
            text,
            [_earner(HEAD, 45, True, _const(n, wage))],
            _no_roll(n),
            settlements,
            hh_type=MONITORED,
            mon_class=0,
            risk=0,
        )

    # 7. EXPENDITURE_HARDSHIP: income exactly at the near-dibao line, OOP pushes it below.
    _require(disp_prev is not None, f"no disposable income for {SCENARIO_COUNTY} {y_p - 1}")
    lower = m_p * 12 * s_p
    _require(lower < disp_prev, "near-dibao line not below the disposable income")
    for role, per_person_month in (("fire", m_p * s_p), ("control", Fraction(disp_prev, 12))):
        size = _size_for(per_person_month)
        income = _whole(size * per_person_month)
        pc = 12 * per_person_month
        oop = 200000 if role == "fire" else ceil(size * (pc - lower)) + 500000
        _require(oop < spike_floor or role == "control", "spike_floor too low")
        settlements = _no_settlements(n)
        settlements[p] = [Settlement(oop, INPATIENT, "K80.2", 12)]
        members = _fill(
            [_earner(HEAD, 50, True, _const(n, income)), _idle(SPOUSE, 48, False, n)], size, n
        )
        text = (
            f"size {size}, on no roll; per-capita dibao-test income {_yuan(pc)}/year "
            f"(near-dibao line {_yuan(float(lower))}, disposable income of {y_p - 1} "
            f"{_yuan(disp_prev)}); OOP 0 until {ctx.months[p]}, then {_yuan(oop)}"
        )
        add("EXPENDITURE_HARDSHIP", role, text, members, _no_roll(n), settlements)

    # 8. NEW_UNEMPLOYMENT: 登记失业 in P after 单位就业 (fire) or after 无 (control).
    for role, before, wage_before in (("fire", EMPLOYED, 500000), ("control", NONE, 0)):
        head = _earner(HEAD, 45, True, _const(n - 1, wage_before) + [0], status=before)
        head.status[p] = UNEMPLOYED
        head.benefit[p] = 150000
        members = [head, _earner(SPOUSE, 43, False, _const(n, 600000))]
        text = (
            f"size 2, one member {'单位就业' if before == EMPLOYED else '无'} until "
            f"{ctx.months[p - 1]}, 登记失业 in {ctx.months[p]}"
        )
        add(
            "NEW_UNEMPLOYMENT",
            role,
            text,
            members,
            _no_roll(n),
            hh_type=MONITORED,
            mon_class=0,
            risk=5,
        )

    # 9. DIBAO_EXIT_REVIEW: 在保 on 低保 with income at / one cent below the standard.
    for role, pc_month in (("fire", s_p), ("control", s_p - 1)):
        members = [_earner(HEAD, 55, True, _const(n, 2 * pc_month)), _idle(SPOUSE, 53, False, n)]
        roll = _roll(n, DIBAO, None, [top_up(t, pc_month) for t in range(n)])
        text = (
            f"size 2, 低保 在保 every month; per-capita dibao-test income "
            f"{_yuan(pc_month)}/month against the rural standard {_yuan(s_p)} of {y_p}"
        )
        add("DIBAO_EXIT_REVIEW", role, text, members, roll, hh_type=FORMERLY_POOR)
    return out


# -- oracle ------------------------------------------------------------------------------


def evaluate(
    hh: ScenarioHousehold, ctx: Context, present: dict[str, list[bool]]
) -> tuple[list[str], list[str]]:
    """Months where ``hh.rule`` must fire and must not fire (evaluable months only)."""
    ref, n, county = ctx.ref, ctx.n, hh.county
    size = len(hh.members)
    params = ref.params
    income_month = [
        present["civil_affairs"][t]
        and present["human_resources"][t]
        and present["rural_revitalization"][t]
        for t in range(n)
    ]
    medical_month = present["medical_insurance"]
    hr_month = present["human_resources"]

    def trailing(measure, t):
        window = [k for k in range(max(0, t - 11), t + 1) if income_month[k]]
        if not income_month[t] or len(window) < 3:
            return None
        return sum(measure(k) for k in window) * 12 / len(window)

    def oop_window(t):
        return sum(hh.oop(k) for k in range(max(0, t - 11), t + 1) if medical_month[k])

    def thresholds(t):
        y = ctx.year(t)
        std, mult = ref.rural(county, y), ref.multiplier(county, y)
        return (None, None) if std is None or mult is None else (12 * std, mult)

    def pc_test(t):
        value = trailing(hh.test_income, t)
        return None if value is None else value / size

    def rule(t) -> bool | None:
        code = hh.rule
        if code == "INCOME_BELOW_DIBAO":
            pc, (line, _) = pc_test(t), thresholds(t)
            if pc is None or line is None:
                return None
            return pc < line and not hh.on_roll(t, (DIBAO, TEKUN))
        if code == "INCOME_NEAR_DIBAO":
            pc, (line, mult) = pc_test(t), thresholds(t)
            if pc is None or line is None:
                return None
            return line <= pc < mult * line and not hh.on_roll(t, (DIBAO, TEKUN, NEAR_DIBAO))
        if code == "INCOME_BELOW_MONITORING_LINE":
            total, line = trailing(hh.income, t), ref.line(county, ctx.year(t))
            if total is None or line is None:
                return None
            return total / size < line
        if code == "INCOME_DROP":
            if t < 14 or not all(income_month[k] for k in range(t - 14, t + 1)):
                return None
            recent = sum(hh.income(k) for k in range(t - 2, t + 1)) / 3
            earlier = sum(hh.income(k) for k in range(t - 14, t - 2)) / 12
            return recent < params["income_drop_ratio"] * earlier and earlier >= (
                params["income_drop_floor"] * 100
            )
        if code == "MEDICAL_SPIKE":
            history = [k for k in range(max(0, t - 12), t) if medical_month[k]]
            if not medical_month[t] or not history:
                return None
            mean = Fraction(sum(hh.oop(k) for k in history), len(history))
            return hh.oop(t) >= params["spike_factor"] * mean and hh.oop(t) >= (
                params["spike_floor"] * 100
            )
        if code == "MEDICAL_CATASTROPHIC":
            total = trailing(hh.income, t)
            if total is None or not medical_month[t]:
                return None
            return oop_window(t) > total
        if code == "EXPENDITURE_HARDSHIP":
            test, (line, mult) = trailing(hh.test_income, t), thresholds(t)
            disp = ref.disposable.get((county, ctx.year(t) - 1))
            if test is None or line is None or disp is None or not medical_month[t]:
                return None
            pc, lower = test / size, mult * line
            return (
                not hh.on_roll(t, (DIBAO, TEKUN))
                and lower <= pc < disp
                and (test - oop_window(t)) / size < lower
            )
        if code == "NEW_UNEMPLOYMENT":
            if t < 1 or not (hr_month[t] and hr_month[t - 1]):
                return None
            return any(m.status[t] == UNEMPLOYED and m.status[t - 1] in WORKING for m in hh.members)
        if code == "DIBAO_EXIT_REVIEW":
            window = int(params["exit_review_months"])
            if t - window + 1 < 0:
                return None
            checks = []
            for k in range(t - window + 1, t + 1):
                pc, (line, _) = pc_test(k), thresholds(k)
                if pc is None or line is None:
                    return None
                checks.append(pc >= line)
            zaibao = hh.roll_category == DIBAO and hh.roll_status[t] == "在保"
            return zaibao and all(checks)
        raise ValueError(f"unknown rule {code}")

    fires, quiet = [], []
    for t in range(n):
        outcome = rule(t)
        if outcome is True:
            fires.append(ctx.months[t])
        elif outcome is False:
            quiet.append(ctx.months[t])
    return fires, quiet
