"""Tests of the synthetic landing generator (small: 300 households × 18 months)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from synthetic import generate_landing
from synthetic.gb11643 import is_valid
from synthetic.reference import load_reference
from synthetic.scenarios import RULES, Context, evaluate
from synthetic.vocab import (
    CATEGORIES,
    EMPLOYMENT,
    HEADERS,
    MONEY_COLUMNS,
    SOURCE_FILES,
)

SEEDS = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds"
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 7)]
HOUSEHOLDS = 300
MONEY = re.compile(r"^-?\d+\.\d{2}$")


# -- helpers ---------------------------------------------------------------------------------


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


# -- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    out = tmp_path_factory.mktemp("clean")
    summary = generate_landing(out, HOUSEHOLDS, MONTHS, seed=42, reference_dir=SEEDS)
    return out, summary


@pytest.fixture(scope="module")
def dirty(tmp_path_factory):
    out = tmp_path_factory.mktemp("dirty")
    summary = generate_landing(out, HOUSEHOLDS, MONTHS, 7, 0.05, SEEDS)
    return out, summary


# -- tests -----------------------------------------------------------------------------------


def test_same_seed_gives_identical_bytes(clean, tmp_path):
    root, _ = clean
    generate_landing(tmp_path, HOUSEHOLDS, MONTHS, seed=42, reference_dir=SEEDS)
    assert all_files(tmp_path) == all_files(root)


def test_other_seed_gives_other_data(clean, tmp_path):
    root, _ = clean
    generate_landing(tmp_path, HOUSEHOLDS, MONTHS, seed=43, reference_dir=SEEDS)
    name = "human_resources/2025-03/employment.csv"
    assert (tmp_path / name).read_bytes() != (root / name).read_bytes()


def test_layout_and_headers(clean):
    root, summary = clean
    assert sorted(p.name for p in root.iterdir()) == sorted(
        [*SOURCE_FILES, "_faults.json", "_scenarios.json"]
    )
    for source, names in SOURCE_FILES.items():
        assert sorted(p.name for p in (root / source).iterdir()) == MONTHS
        for month in MONTHS:
            folder = root / source / month
            assert sorted(p.name for p in folder.iterdir()) == sorted([*names, "_manifest.json"])
            for name in names:
                header, rows = read_csv(folder / name)
                assert sorted(header) == sorted(HEADERS[name])
                if month[5:] != "07":
                    assert tuple(header) == HEADERS[name]
                assert rows, (source, month, name)
    assert summary["files_written"] == 5 * len(MONTHS)
    assert summary["scenarios"] >= 19 and summary["faults"] == 0
    assert json.loads((root / "_faults.json").read_text()) == {"faults": []}


def test_manifests_match_the_bytes(clean, dirty):
    for root, summary in (clean, dirty):
        totals = dict.fromkeys(SOURCE_FILES, 0)
        for manifest_path in root.glob("*/*/_manifest.json"):
            manifest = json.loads(manifest_path.read_text())
            assert set(manifest) == {"files"}
            for name, entry in manifest["files"].items():
                data = (manifest_path.parent / name).read_bytes()
                assert entry["sha256"] == hashlib.sha256(data).hexdigest()
                assert entry["rows"] == len(read_csv(manifest_path.parent / name)[1])
                assert entry["rows"] == decode(data).count("\n") - 1
                totals[manifest_path.parent.parent.name] += entry["rows"]
        assert totals == summary["rows"]


def test_clean_data_passes_every_check(clean):
    root, _ = clean
    for source, names in SOURCE_FILES.items():
        for month in MONTHS:
            for name in names:
                header, rows = read_csv(root / source / month / name)
                assert row_faults(name, header, rows, month) == {}, (source, month, name)


def test_ids_valid_unique_and_consistent(clean):
    root, _ = clean
    month = MONTHS[-1]
    header, members = read_csv(root / "rural_revitalization" / month / "members.csv")
    ids = [r["身份证号"] for r in members]
    assert len(ids) == len(set(ids))
    households = {
        r["户编号"] for r in read_csv(root / "rural_revitalization" / month / "households.csv")[1]
    }
    assert {r["户编号"] for r in members} <= households
    names: dict[str, str] = {}
    for path in root.glob("*/*/*.csv"):
        for row in read_csv(path)[1]:
            assert is_valid(row["身份证号"]) if "身份证号" in row else True
            if "姓名" in row:
                assert names.setdefault(row["身份证号"], row["姓名"]) == row["姓名"]
    # The birth date is part of the ID: plausible birth years only.
    years = [int(i[6:10]) for i in ids]
    assert min(years) >= 1925 and max(years) <= 2026


def test_settlements_balance_and_stay_in_month(clean):
    root, _ = clean
    seen = set()
    for month in MONTHS:
        _, rows = read_csv(root / "medical_insurance" / month / "settlements.csv")
        for row in rows:
            payers = sum(cents(row[c]) for c in ("统筹基金支付", "大病保险支付", "医疗救助支付"))
            assert cents(row["医疗总费用"]) - payers == cents(row["个人自付"])
            assert cents(row["个人自付"]) >= 0 and payers >= 0
            assert row["结算日期"].startswith(month + "-")
            assert row["就诊类型"] in ("普通门诊", "门诊慢特病", "住院")
            assert row["结算编号"] not in seen
            seen.add(row["结算编号"])


def test_encodings(clean):
    root, summary = clean
    gb_file = root / "civil_affairs" / "2025-03" / "assistance_roll.csv"
    data = gb_file.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert data.decode("gb18030").split("\n", 1)[0] == ",".join(HEADERS["assistance_roll.csv"])
    boms = [p for p in root.glob("*/*/*.csv") if p.read_bytes().startswith(b"\xef\xbb\xbf")]
    assert boms
    assert summary["encodings"]["gb18030"] >= 9 + 6  # odd civil months + members every 3rd


def test_scenarios_cover_every_rule(clean):
    root, _ = clean
    body = json.loads((root / "_scenarios.json").read_text(encoding="utf-8"))
    assert body["seed"] == 42 and body["months"] == MONTHS and body["households"] == HOUSEHOLDS
    households = {
        r["户编号"]: r
        for r in read_csv(root / "rural_revitalization" / MONTHS[-1] / "households.csv")[1]
    }
    for rule in RULES:
        entries = [s for s in body["scenarios"] if s["rule"] == rule]
        assert {s["role"] for s in entries} == {"fire", "control"}, rule
        for s in entries:
            assert s["source"] == "rural_revitalization"
            assert s["source_household_id"] in households
            assert households[s["source_household_id"]]["区划代码"].startswith(s["county_code"])
            assert not set(s["fires_in"]) & set(s["quiet_in"])
            assert set(s["fires_in"]) | set(s["quiet_in"]) <= set(MONTHS)
            if s["role"] == "fire":
                assert s["fires_in"], s
    near = [
        s for s in body["scenarios"] if s["rule"] == "INCOME_NEAR_DIBAO" and s["role"] == "fire"
    ]
    assert any(s["county_code"].startswith("45") for s in near)
    last = MONTHS[-1]
    fires = {}
    for s in body["scenarios"]:
        if s["county_code"] == "430624":
            fires.setdefault((s["rule"], s["role"]), s)
    assert fires[("INCOME_BELOW_DIBAO", "fire")]["fires_in"] == MONTHS[-3:]
    assert fires[("INCOME_NEAR_DIBAO", "fire")]["fires_in"] == MONTHS[-3:]
    for rule in ("INCOME_DROP", "MEDICAL_SPIKE", "MEDICAL_CATASTROPHIC", "EXPENDITURE_HARDSHIP"):
        assert fires[(rule, "fire")]["fires_in"] == [last], rule
    assert fires[("NEW_UNEMPLOYMENT", "fire")]["fires_in"] == [last]
    for s in body["scenarios"]:
        if s["role"] == "control" and s["rule"] != "DIBAO_EXIT_REVIEW":
            assert s["fires_in"] == [], s
        if s["role"] == "control":
            assert last in s["quiet_in"], s


def test_scenario_verdicts_follow_from_the_files(clean):
    root, _ = clean
    households = check_scenarios_against_files(root, SEEDS)
    by_rule = {}
    for (rule, role, _), hh in households.items():
        by_rule.setdefault((rule, role), []).append(hh)
    p = len(MONTHS) - 1
    # Exact boundaries, recomputed from the bytes (2026 rural standard 580.00, line 8040.00).
    control = by_rule[("INCOME_BELOW_DIBAO", "control")][0]
    assert control.test_income(p) * 12 / len(control.members) == 12 * 58000
    spike = by_rule[("MEDICAL_SPIKE", "fire")][0]
    assert [spike.oop(t) for t in range(p)] == [100000] * p and spike.oop(p) == 500000
    assert sorted(h.oop(p) for h in by_rule[("MEDICAL_SPIKE", "control")]) == [499999, 599999]
    assert by_rule[("MEDICAL_CATASTROPHIC", "fire")][0].oop(p) == 12 * 200000 + 1
    assert by_rule[("MEDICAL_CATASTROPHIC", "control")][0].oop(p) == 12 * 200000
    line = by_rule[("INCOME_BELOW_MONITORING_LINE", "control")][0]
    assert line.income(p) * 12 / len(line.members) == 804000
    drop = by_rule[("INCOME_DROP", "control")]
    assert any(sum(h.income(t) for t in range(p - 2, p + 1)) / 3 == 300000 for h in drop)


def test_dirty_faults_are_listed_with_correct_rows(dirty):
    root, summary = dirty
    faults = json.loads((root / "_faults.json").read_text(encoding="utf-8"))["faults"]
    assert summary["faults"] == len(faults) > 0
    missing = [f for f in faults if f["kind"] == "missing_column"]
    assert len(missing) == 1
    gone = missing[0]
    assert gone["source"] != "rural_revitalization" and gone["month"] not in MONTHS[-3:]
    assert gone["row_number"] is None and gone["expected_check"] == "missing_column"
    header, _ = read_csv(root / gone["source"] / gone["month"] / gone["file"])
    assert gone["column"] not in header and len(header) == len(HEADERS[gone["file"]]) - 1

    listed: dict[tuple, dict[int, set]] = {}
    for f in faults:
        if f["kind"] != "missing_column":
            assert f["expected_check"] == f["kind"]
            rows = listed.setdefault((f["source"], f["month"], f["file"]), {})
            assert f["row_number"] not in rows, "one fault per row"
            rows[f["row_number"]] = {f["kind"]}
    kinds = {f["kind"] for f in faults}
    assert kinds >= {
        "id_checksum",
        "oop_balance",
        "negative_amount",
        "month_mismatch",
        "date_outside_month",
        "duplicate_settlement_id",
    }
    scenario_ids = set()
    body = json.loads((root / "_scenarios.json").read_text(encoding="utf-8"))
    scenario_households = {s["source_household_id"] for s in body["scenarios"]}
    for month in MONTHS:
        for r in read_csv(root / "rural_revitalization" / month / "members.csv")[1]:
            if r["户编号"] in scenario_households:
                scenario_ids.add(r["身份证号"][:17])
    for source, names in SOURCE_FILES.items():
        for month in MONTHS:
            for name in names:
                header, rows = read_csv(root / source / month / name)
                found = row_faults(name, header, rows, month)
                expected = listed.get((source, month, name), {})
                assert found == expected, (source, month, name)
                if 0.03 * len(rows) > 1 and (source, month) != (gone["source"], gone["month"]):
                    assert expected, (source, month, name)
                for number in expected:
                    row = rows[number - 1]
                    assert row.get("户编号") not in scenario_households
                    assert row.get("身份证号", "")[:17] not in scenario_ids


def test_dirty_scenarios_still_fire(dirty):
    root, _ = dirty
    check_scenarios_against_files(root, SEEDS)
    body = json.loads((root / "_scenarios.json").read_text(encoding="utf-8"))
    assert all(s["fires_in"] for s in body["scenarios"] if s["role"] == "fire")


def test_replaced_reference_values_drive_the_scenarios(tmp_path):
    ref_dir = tmp_path / "reference"
    shutil.copytree(SEEDS, ref_dir)
    dibao = ref_dir / "dibao_standards.csv"
    dibao.write_text(
        dibao.read_text(encoding="utf-8").replace(
            "430624,2026,780.00,580.00", "430624,2026,790.00,610.00"
        ),
        encoding="utf-8",
    )
    lines = ref_dir / "monitoring_lines.csv"
    lines.write_text(
        lines.read_text(encoding="utf-8").replace("43,2026,8040.00,1.5", "43,2026,8160.00,1.6"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    months = MONTHS[3:]
    generate_landing(out, 60, months, seed=3, reference_dir=ref_dir)
    households = check_scenarios_against_files(out, ref_dir)
    p = len(months) - 1
    for (rule, role, _), hh in households.items():
        if (rule, role) == ("INCOME_BELOW_DIBAO", "control"):
            assert hh.test_income(p) * 12 / len(hh.members) == 12 * 61000
        if (rule, role) == ("INCOME_NEAR_DIBAO", "control"):
            assert hh.test_income(p) * 12 / len(hh.members) == Fraction(16, 10) * 12 * 61000
        if (rule, role) == ("INCOME_BELOW_MONITORING_LINE", "control"):
            assert hh.income(p) * 12 / len(hh.members) == 816000


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"households": 49}, "at least 50"),
        ({"months": MONTHS[:11]}, "at least 12"),
        ({"months": MONTHS[:7] + MONTHS[8:17]}, "consecutive"),
        ({"months": ["2025-13"] + MONTHS[1:]}, "YYYY-MM"),
        ({"dirty_rate": 0.6}, "dirty_rate"),
        ({"dirty_rate": -0.1}, "dirty_rate"),
        (
            {"months": [f"2030-{m:02d}" for m in range(1, 13)] + ["2031-01", "2031-02", "2031-03"]},
            "2030",
        ),
    ],
)
def test_bad_inputs_raise_one_line_value_errors(tmp_path, kwargs, message):
    args = {"households": 100, "months": MONTHS, "dirty_rate": 0.0} | kwargs
    with pytest.raises(ValueError, match=message) as info:
        generate_landing(tmp_path, args["households"], args["months"], 1, args["dirty_rate"], SEEDS)
    assert "\n" not in str(info.value)
    assert not any(tmp_path.iterdir())
