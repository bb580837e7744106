"""Month by month: the four departments' tables (the labour market is in labour.py).

Loops run over months only; every month's work is vectorised over persons and households.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from . import economy
from .population import ROSTER
from .reference import Reference
from .vocab import (
    ACTIVE,
    CATEGORIES,
    DIBAO,
    DISABILITY_TYPE_WEIGHTS,
    DISABILITY_TYPES,
    EMPLOYMENT,
    HEAD,
    HEALTH,
    HOUSEHOLD_TYPES,
    LABOUR,
    MONITORING_CLASSES,
    NEAR_DIBAO,
    PENSION_TYPES,
    RELATIONS,
    RISK_TYPES,
    ROLL_STATUSES,
    RURAL,
    SCHOOLING,
    STEPPING_DOWN,
    STOPPED,
    TEKUN,
    TEMPORARY,
    URBAN_RURAL,
    YES_NO,
)
from .world import World

Column = np.ndarray | pa.Array


@dataclass
class Table:
    name: str
    columns: dict[str, Column]
    protected: np.ndarray  # rows of scenario households: never touched by fault injection

    @property
    def n_rows(self) -> int:
        return len(self.protected)


def labels(vocab: tuple[str, ...], codes: np.ndarray) -> pa.Array:
    """Vocabulary labels for integer codes; -1 becomes an empty string."""
    codes = np.asarray(codes).astype(np.int64)
    codes = np.where(codes < 0, len(vocab), codes)
    return pa.array(list(vocab) + [""]).take(pa.array(codes))


def constant(value: str, n: int) -> pa.Array:
    return pa.array([value]).take(pa.array(np.zeros(n, dtype=np.int64)))


class TableBuilder:
    """Builds the month's tables; columns that never change are converted to Arrow once."""

    def __init__(self, world: World, ref: Reference, seed: int):
        self.world, self.ref, self.seed = world, ref, seed
        hh, p = world.households, world.persons
        self._order_rows(np.random.default_rng([seed, 7]))
        self.static = self._static_columns(np.random.default_rng([seed, 8]))
        self.members_protected = p["scenario"][self.members]
        self.households_protected = hh["scenario"][self.roster_hh]
        self.hr_protected = p["scenario"][self.hr]
        self.roll_protected = p["scenario"][self.roll]
        self._standards: dict[int, np.ndarray] = {}
        self.first_year = int(world.months[0][:4])
        # Households that may get a one-off 临时救助 (background households with members).
        self.heads = np.full(len(hh["order"]), -1, dtype=np.int64)
        head_rows = np.nonzero((p["hh"] >= 0) & (p["relation"] == HEAD))[0]
        self.heads[p["hh"][head_rows]] = head_rows
        self.temp_candidates = np.nonzero(~hh["scenario"] & (self.heads >= 0))[0]

    def _order_rows(self, rng: np.random.Generator) -> None:
        """The rows of each file, as indices into households or persons, in delivery order."""
        hh, p = self.world.households, self.world.persons
        hh_rank = hh["order"]
        person_rank = np.where(p["hh"] >= 0, hh_rank[np.maximum(p["hh"], 0)], -1)

        # Roster households and their members, in 户编号 order.
        self.roster_hh = np.nonzero(hh["kind"] == ROSTER)[0]
        self.roster_hh = self.roster_hh[np.argsort(hh_rank[self.roster_hh], kind="stable")]
        in_roster = (p["hh"] >= 0) & (hh["kind"][np.maximum(p["hh"], 0)] == ROSTER)
        self.members = np.nonzero(in_roster)[0]
        self.members = self.members[np.lexsort((p["pos"][self.members], person_rank[self.members]))]

        # HR rows: everybody HR knows, in region order (unlinked persons mixed in).
        hr = np.nonzero(p["hr_known"])[0]
        key = np.where(p["hh"][hr] >= 0, person_rank[hr], rng.integers(0, len(hh_rank), len(hr)))
        self.hr = hr[np.lexsort((p["pos"][hr], key, p["region"][hr]))]

        # Roll rows: all members of households with a roll category, in 救助户编号 order.
        on_roll = (p["hh"] >= 0) & (hh["category"][np.maximum(p["hh"], 0)] >= 0)
        self.roll = np.nonzero(on_roll)[0]
        self.roll = self.roll[np.lexsort((p["pos"][self.roll], person_rank[self.roll]))]
        self.roll_hh = p["hh"][self.roll]

    def _static_columns(self, rng: np.random.Generator) -> dict:
        hh, p = self.world.households, self.world.persons
        ids = p["id"]
        region = p["region"].astype(str)
        # A type for each disabled member (grade > 0), empty otherwise; its own random stream,
        # so the other columns stay what they were for a seed.
        disabled = p["disability"][self.members] > 0
        disability_type = np.full(len(self.members), -1, dtype=np.int64)
        disability_type[disabled] = rng.choice(
            len(DISABILITY_TYPES), size=int(disabled.sum()), p=DISABILITY_TYPE_WEIGHTS
        )
        return {
            "hr_id": pa.array(ids[self.hr]),
            "hr_region": pa.array(region[self.hr]),
            "members": {
                "户编号": pa.array(hh["roster_id"][p["hh"][self.members]]),
                "身份证号": pa.array(ids[self.members]),
                "姓名": pa.array(p["name"][self.members]),
                "与户主关系": labels(RELATIONS, p["relation"][self.members]),
                "劳动能力": labels(LABOUR, p["labour"][self.members]),
                "残疾等级": pa.array(p["disability"][self.members].astype(np.int64)),
                "健康状况": labels(HEALTH, p["health"][self.members]),
                "在校生状况": labels(SCHOOLING, p["schooling"][self.members]),
                "残疾类别": labels(DISABILITY_TYPES, disability_type),
            },
            "households": {
                "户编号": pa.array(hh["roster_id"][self.roster_hh]),
                "区划代码": pa.array(hh["region"][self.roster_hh].astype(str)),
                "户类型": labels(HOUSEHOLD_TYPES, hh["hh_type"][self.roster_hh]),
                "监测对象类别": labels(MONITORING_CLASSES, hh["mon_class"][self.roster_hh]),
                "主要风险类型": labels(RISK_TYPES, hh["risk"][self.roster_hh]),
                "风险是否消除": labels(YES_NO, hh["risk_cleared"][self.roster_hh]),
            },
            "roll": {
                "区划代码": pa.array(region[self.roll]),
                "救助户编号": pa.array(hh["roll_id"][self.roll_hh]),
                "城乡类别": labels(URBAN_RURAL, hh["urban"][self.roll_hh]),
                "身份证号": pa.array(ids[self.roll]),
                "姓名": pa.array(p["name"][self.roll]),
                "与户主关系": labels(RELATIONS, p["relation"][self.roll]),
                "救助类别": labels(CATEGORIES, hh["category"][self.roll_hh]),
                "认定日期": hh["recognised"][self.roll_hh],
            },
        }

    def standards(self, year: int) -> np.ndarray:
        if year not in self._standards:
            hh = self.world.households
            self._standards[year] = economy.standards(self.ref, hh["county"], hh["urban"], year)
        return self._standards[year]

    # -- the five files ---------------------------------------------------------------------
    def employment(self, t, status, wage, benefit, pension) -> Table:
        p, rows = self.world.persons, self.hr
        n = len(rows)
        columns = {
            "统计月份": constant(self.world.months[t], n),
            "身份证号": self.static["hr_id"],
            "就业状态": labels(EMPLOYMENT, status[rows]),
            "月工资收入": wage[rows],
            "失业保险金": benefit[rows],
            "养老金": pension[rows],
            "养老金类型": labels(PENSION_TYPES, p["pension_type"][rows]),
            "参保地区划代码": self.static["hr_region"],
        }
        return Table("employment.csv", columns, self.hr_protected.copy())

    def members_table(self) -> Table:
        return Table("members.csv", dict(self.static["members"]), self.members_protected.copy())

    def households_table(self, t: int) -> Table:
        hh, rows = self.world.households, self.roster_hh
        year = int(self.world.months[t][:4])
        growth = hh["growth"][rows] ** (year - self.first_year)
        n = len(rows)
        columns = {"统计月份": constant(self.world.months[t], n), **self.static["households"]}
        columns["年家庭经营净收入"] = np.rint(hh["op"][rows] * growth).astype(np.int64)
        columns["年财产性收入"] = np.rint(hh["prop"][rows] * growth).astype(np.int64)
        columns["收入核查年度"] = np.full(n, year - 1, dtype=np.int64)
        return Table("households.csv", columns, self.households_protected.copy())

    def roll_table(self, t: int) -> Table:
        w, hh = self.world, self.world.households
        year = int(w.months[t][:4])
        h = self.roll_hh
        std = self.standards(year)[h]
        status = w.roll_status[h, t]
        category = hh["category"][h]
        top_up = economy.dibao_amount(std, hh["pc_month"][h])
        amount = np.select(
            [
                (category == DIBAO) & (status == ACTIVE),
                (category == DIBAO) & (status == STEPPING_DOWN),
                (category == TEKUN) & (status != STOPPED),
                category == NEAR_DIBAO,
            ],
            [top_up, np.maximum(top_up // 2, economy.MIN_TOP_UP), economy.tekun_amount(std), 0],
            0,
        ).astype(np.int64)
        amount = np.where(hh["scenario"][h], w.roll_amount_override[h, t], amount)
        n = len(h)
        columns = {
            "统计月份": constant(w.months[t], n),
            **self.static["roll"],
            "保障状态": labels(ROLL_STATUSES, status),
            "月救助金额": amount,
        }
        table = Table("assistance_roll.csv", columns, self.roll_protected.copy())
        return _append(table, self._temporary(t))

    def _temporary(self, t: int) -> Table:
        """One-off 临时救助 for a few background households (one row, the head)."""
        w, hh, p = self.world, self.world.households, self.world.persons
        rng = np.random.default_rng([self.seed, 11, t])
        chosen = self.temp_candidates[rng.random(len(self.temp_candidates)) < 0.003]
        heads = self.heads[chosen]
        n = len(chosen)
        start, end = w.month_starts[t], w.month_starts[t + 1]
        days = (end - start).astype(np.int64)
        urban = np.where(hh["kind"][chosen] == ROSTER, RURAL, hh["urban"][chosen])
        columns = {
            "统计月份": constant(w.months[t], n),
            "区划代码": pa.array(hh["region"][chosen].astype(str)),
            "救助户编号": pa.array(hh["roll_id"][chosen]),
            "城乡类别": labels(URBAN_RURAL, urban),
            "身份证号": pa.array(p["id"][heads]),
            "姓名": pa.array(p["name"][heads]),
            "与户主关系": labels(RELATIONS, p["relation"][heads]),
            "救助类别": labels(CATEGORIES, np.full(n, TEMPORARY)),
            "认定日期": start + rng.integers(0, days, n).astype("timedelta64[D]"),
            "保障状态": labels(ROLL_STATUSES, np.full(n, ACTIVE)),
            "月救助金额": rng.integers(5, 31, n).astype(np.int64) * 10000,
        }
        return Table("assistance_roll.csv", columns, np.zeros(n, dtype=bool))


def _append(a: Table, b: Table) -> Table:
    columns = {}
    for name, col in a.columns.items():
        other = b.columns[name]
        if isinstance(col, pa.Array) or isinstance(other, pa.Array):
            columns[name] = pa.concat_arrays([_arrow(col), _arrow(other)])
        else:
            columns[name] = np.concatenate([col, other])
    return Table(a.name, columns, np.concatenate([a.protected, b.protected]))


def _arrow(col: Column) -> pa.Array:
    return col if isinstance(col, pa.Array) else pa.array(col)
