"""The planted households as written: ``_scenarios.json`` covers every rule, and its verdicts
follow from the bytes on disk, also with replaced reference values."""

from __future__ import annotations

import json
import shutil
from fractions import Fraction

import pytest
from landing_reader import (
    HOUSEHOLDS,
    MONTHS,
    SEEDS,
    check_scenarios_against_files,
    generated,
    read_csv,
)

from synthetic import generate_landing
from synthetic.scenarios import RULES

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return generated(tmp_path_factory, 42, 0.0)


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
