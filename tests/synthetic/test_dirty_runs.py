"""Dirty runs: every injected fault is listed with its row and check, never in a planted
household's rows, and the planted households still fire."""

from __future__ import annotations

import json

import pytest
from landing_reader import (
    MONTHS,
    SEEDS,
    SOURCE_FILES,
    check_scenarios_against_files,
    generated,
    read_csv,
    row_faults,
)

from orchestration.lib.contract import BY_NAME

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def dirty(tmp_path_factory):
    return generated(tmp_path_factory, 7, 0.05)


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
    assert gone["column"] not in header and len(header) == len(BY_NAME[gone["file"]].columns) - 1

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
