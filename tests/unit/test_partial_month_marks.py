"""The marks of a partial month (issue 25): the words, the landing gaps before a run, and a
marked work list the returned-list loader still reads exactly as an unmarked one."""

from __future__ import annotations

import csv

from openpyxl import load_workbook

from orchestration.cli.worklists import PRINTED, build_workbook, mark_provisional, save_private
from orchestration.lib.contract import EXTRACT_FILES
from orchestration.lib.landing.workbook import workbook_as_csv
from orchestration.lib.partial_month import landing_gaps, worklist_note

ROW = ("L-2026-06-0001", "110101001", *["值"] * len(PRINTED))


def test_the_note_names_the_departments_in_chinese():
    note = worklist_note(["human_resources", "rural_revitalization"])
    assert note == "临时名单：缺少人社、乡村振兴部门数据，核实前请留意"


def test_landing_gaps_names_only_the_months_a_department_lacks(tmp_path):
    for extract in EXTRACT_FILES:
        for month in ("2026-05", "2026-06"):
            if month == "2026-06" and extract.source == "medical_insurance":
                continue
            (tmp_path / extract.source / month).mkdir(parents=True, exist_ok=True)
            (tmp_path / extract.source / month / extract.name).write_text("x\n")
    gaps = landing_gaps(tmp_path, ["2026-05", "2026-06", "2026-07"])
    assert gaps["2026-06"] == ["medical_insurance"]
    assert "2026-05" not in gaps
    assert len(gaps["2026-07"]) == 4


def test_a_marked_list_reads_back_as_the_unmarked_one(tmp_path):
    rows = {}
    for name, marked in (("plain", False), ("marked", True)):
        workbook = build_workbook("2026-06", "镇", [ROW], [])
        if marked:
            mark_provisional(workbook, worklist_note(["medical_insurance"]))
        save_private(workbook, tmp_path / f"{name}.xlsx")
        target = workbook_as_csv(tmp_path / f"{name}.xlsx", tmp_path / f"{name}.csv", name)
        rows[name] = list(csv.reader(target.open(encoding="utf-8")))
    assert rows["marked"] == rows["plain"]
    listed = load_workbook(tmp_path / "marked.xlsx").worksheets[0]
    assert listed.title == "核实清单（临时）"
    assert "缺少医保部门数据" in listed.oddHeader.left.text
