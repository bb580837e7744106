"""Reading a generated landing back (helpers of the generator's tests, not a test module):
CSV bytes in any of the delivered encodings, every check a row fails, and the planted
households rebuilt from the files so that the oracle's verdicts can be recomputed from them."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from orchestration.lib.contract import SOURCES, files_of
from orchestration.settings import SHIPPED_REFERENCE_DIR
from synthetic import generate_landing
from synthetic.gb11643 import is_valid
from synthetic.reference import load_reference
from synthetic.scenarios import Context, evaluate
from synthetic.vocab import CATEGORIES, EMPLOYMENT, MONEY_COLUMNS

SEEDS = SHIPPED_REFERENCE_DIR
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 7)]
HOUSEHOLDS = 300
MONEY = re.compile(r"^-?\d+\.\d{2}$")
# What the contract says is delivered (checked against the generator's output, not its vocab).
SOURCE_FILES = {source: tuple(f.name for f in files_of(source)) for source in SOURCES}

_RUNS: dict[tuple, tuple[Path, dict]] = {}


def generated(tmp_path_factory, seed: int, dirty_rate: float) -> tuple[Path, dict]:
    """The HOUSEHOLDS × MONTHS landing of ``seed`` and ``dirty_rate`` with the shipped seeds,
    generated once per session (several test modules read the same two runs)."""
    key = (seed, dirty_rate)
    if key not in _RUNS:
        out = tmp_path_factory.mktemp(f"landing_{seed}_{dirty_rate}")
        _RUNS[key] = out, generate_landing(out, HOUSEHOLDS, MONTHS, seed, dirty_rate, SEEDS)
    return _RUNS[key]


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(decode(path.read_bytes())))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def cents(text: str) -> int:
    return int(Decimal(text) * 100)


def all_files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def row_faults(name: str, header: list[str], rows: list[dict], month: str) -> dict[int, set]:
    """Every check a row fails, by 1-based data row number (what the pipeline must catch)."""
    found: dict[int, set] = {}
    seen_ids: set[str] = set()
    balance_cols = ("医疗总费用", "统筹基金支付", "大病保险支付", "医疗救助支付", "个人自付")
    for number, row in enumerate(rows, start=1):
        kinds = set()
        if "身份证号" in row and not is_valid(row["身份证号"]):
            kinds.add("id_checksum")
        for col in MONEY_COLUMNS & set(header):
            assert MONEY.match(row[col]), (name, month, number, col, row[col])
            if col != "年家庭经营净收入" and cents(row[col]) < 0:
                kinds.add("negative_amount")
        if "统计月份" in row and row["统计月份"] != month:
            kinds.add("month_mismatch")
        if name == "settlements.csv":
            if all(c in row for c in balance_cols):
                total, fund, crit, aid, oop = (cents(row[c]) for c in balance_cols)
                if abs(total - fund - crit - aid - oop) > 1:
                    kinds.add("oop_balance")
            if "结算日期" in row and not row["结算日期"].startswith(month + "-"):
                kinds.add("date_outside_month")
            if "结算编号" in row:
                if row["结算编号"] in seen_ids:
                    kinds.add("duplicate_settlement_id")
                seen_ids.add(row["结算编号"])
        if kinds:
            found[number] = kinds
    return found


class FileHousehold:
    """A scenario household rebuilt from the written files, with the interface the oracle
    (``scenarios.evaluate``) reads, so its verdicts can be recomputed from the bytes on disk."""

    def __init__(self, entry: dict, data: dict, months: list[str]):
        self.rule, self.county = entry["rule"], entry["county_code"]
        hid = entry["source_household_id"]
        ids = [r["身份证号"] for r in data["members"][months[0]] if r["户编号"] == hid]
        assert ids, hid
        self.members = [_Member([]) for _ in ids]
        self._income, self._test, self._oop = [], [], []
        self.roll_status, categories = [], set()
        for month in months:
            assert [r["身份证号"] for r in data["members"][month] if r["户编号"] == hid] == ids
            hr = {r.get("身份证号"): r for r in data["employment"][month]}
            people = resident = 0
            for member, pid in zip(self.members, ids, strict=True):
                row = hr.get(pid)
                if row is None:  # only when the month's HR file lacks a column
                    member.status.append(None)
                    continue
                member.status.append(
                    EMPLOYMENT.index(row["就业状态"]) if "就业状态" in row else None
                )
                for col in ("月工资收入", "失业保险金", "养老金"):
                    people += cents(row.get(col, "0"))
                if row.get("养老金类型") == "城乡居民基础养老金":
                    resident += cents(row["养老金"])
            roll_rows = [r for r in data["roll"][month] if r.get("身份证号") in ids]
            roll = sum(cents(r.get("月救助金额", "0")) for r in roll_rows)
            categories |= {r["救助类别"] for r in roll_rows if "救助类别" in r}
            statuses = {r["保障状态"] for r in roll_rows if "保障状态" in r}
            self.roll_status.append(statuses.pop() if len(statuses) == 1 else None)
            hh_row = next(r for r in data["households"][month] if r["户编号"] == hid)
            other = Fraction(cents(hh_row["年家庭经营净收入"]) + cents(hh_row["年财产性收入"]), 12)
            income = Fraction(people + roll) + other
            self._income.append(income)
            self._test.append(income - roll - resident)
            self._oop.append(
                sum(
                    cents(r["个人自付"])
                    for r in data["settlements"][month]
                    if r.get("身份证号") in ids
                )
                if data["settlements"][month] and "个人自付" in data["settlements"][month][0]
                else 0
            )
        assert len(categories) <= 1
        self.roll_category = CATEGORIES.index(categories.pop()) if categories else -1

    def income(self, t):
        return self._income[t]

    def test_income(self, t):
        return self._test[t]

    def oop(self, t):
        return self._oop[t]

    def on_roll(self, t, categories):
        return self.roll_category in categories and self.roll_status[t] in ("在保", "渐退")


class _Member:
    def __init__(self, status):
        self.status = status


def load_tables(root: Path, months: list[str]) -> dict:
    data = {key: {} for key in ("members", "employment", "roll", "households", "settlements")}
    for month in months:
        data["members"][month] = read_csv(root / "rural_revitalization" / month / "members.csv")[1]
        data["households"][month] = read_csv(
            root / "rural_revitalization" / month / "households.csv"
        )[1]
        data["employment"][month] = read_csv(root / "human_resources" / month / "employment.csv")[1]
        data["roll"][month] = read_csv(root / "civil_affairs" / month / "assistance_roll.csv")[1]
        data["settlements"][month] = read_csv(
            root / "medical_insurance" / month / "settlements.csv"
        )[1]
    return data


def check_scenarios_against_files(root: Path, reference_dir: Path) -> dict:
    body = json.loads((root / "_scenarios.json").read_text(encoding="utf-8"))
    months = body["months"]
    faults = json.loads((root / "_faults.json").read_text(encoding="utf-8"))["faults"]
    present = {source: [True] * len(months) for source in SOURCE_FILES}
    for fault in faults:
        if fault["kind"] == "missing_column":
            present[fault["source"]][months.index(fault["month"])] = False
    ctx = Context(load_reference(reference_dir), months, None)
    data = load_tables(root, months)
    households = {}
    for entry in body["scenarios"]:
        hh = FileHousehold(entry, data, months)
        assert evaluate(hh, ctx, present) == (entry["fires_in"], entry["quiet_in"]), entry
        households[(entry["rule"], entry["role"], entry["description"])] = hh
    return households
