"""The case loop through the user's doors: generate -> run to month m -> `worklist` -> fill
outcomes in the .xlsx as a township would -> drop it into case_management/<m+1>/ -> run m+1
-> the leads are closed / in care / suppressed / overdue as the outcomes say; then a
re-delivered outcome file replaces the first (case-loop.md)."""

from __future__ import annotations

import re
import shutil
import stat
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook, load_workbook
from privacy_scan import analytics_text, files_text
from user_door import cli

MONTH, NEXT = "2025-11", "2025-12"
NOTE = "张家已外出务工，电话13800138000"  # a name and a phone number: restricted text
FULL_ID = re.compile(r"\d{17}[\dX]")


@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    """Run to MONTH, write the work lists, hold NEXT back until the outcomes are in."""
    root = tmp_path_factory.mktemp("case_loop")
    landing, warehouse, held = root / "landing", root / "warehouse", root / "held"
    home = root / "dagster_home"
    cli("generate", "--households", "300", "--months", f"2025-01:{NEXT}", "--out", str(landing),
        "--seed", "5", home=home)  # fmt: skip
    for folder in landing.glob(f"*/{NEXT}"):
        shutil.move(folder, held / folder.parent.name / NEXT)
    locations = ("--landing", str(landing), "--warehouse", str(warehouse))
    cli("run", *locations, home=home)
    lists = root / "lists"
    printed = cli(
        "worklist", "--month", MONTH, "--out", str(lists), "--warehouse", str(warehouse), home=home
    )
    for folder in held.glob(f"*/{NEXT}"):
        shutil.move(folder, landing / folder.parent.name / NEXT)
    return {"landing": landing, "warehouse": warehouse, "lists": lists, "printed": printed,
            "locations": locations, "home": home}  # fmt: skip


def list_rows(lists: Path) -> list[dict]:
    rows = []
    for path in sorted(lists.glob("*.xlsx")):
        sheet = load_workbook(path, read_only=True).worksheets[0]
        values = list(sheet.iter_rows(values_only=True))
        rows += [dict(zip(values[0], row, strict=True)) for row in values[1:] if row[0]]
    return rows


def return_outcomes(loop, outcomes: dict[str, str], unknown_id: str | None = None) -> None:
    """One filled-in work list for the county, as the townships send it back."""
    rows = list_rows(loop["lists"])
    workbook = Workbook()
    sheet = workbook.active
    headers = list(rows[0])
    sheet.append(headers)
    for row in rows:
        outcome = outcomes.get(row["线索编号"])
        if outcome:
            row.update(核实结果=outcome, 核实日期=f"{NEXT}-08", 核实人="GB0042", 说明=NOTE)
        sheet.append([row[h] for h in headers])
    if unknown_id:
        sheet.append([unknown_id, *[None] * (len(headers) - 5), "排除", f"{NEXT}-09", "GB0042", ""])
    folder = loop["landing"] / "case_management" / NEXT
    folder.mkdir(parents=True, exist_ok=True)
    workbook.save(folder / "verifications.xlsx")


def analytics(loop, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(loop["warehouse"] / "analytics.duckdb"), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_worklists_are_private_one_per_township_and_hold_ids_masked(loop):
    files = sorted(loop["lists"].glob("worklist_*.xlsx"))
    assert files and f"{len(files)} township work lists for {MONTH}" in loop["printed"]
    open_leads = analytics(
        loop,
        "select lead_id, township_code from monitoring.lead_status as s "
        "join monitoring.leads using (lead_id) where s.month = ? and s.status <> 'closed'",
        [MONTH],
    )
    assert {f"worklist_{MONTH}_{t}.xlsx" for _, t in open_leads} == {f.name for f in files}
    rows = list_rows(loop["lists"])
    assert sorted(r["线索编号"] for r in rows) == sorted(lead for lead, _ in open_leads)
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        workbook = load_workbook(path)
        sheet = workbook.worksheets[0]
        assert sheet.freeze_panes == "B2" and workbook.sheetnames == ["核实清单", "规则说明"]
        [choice] = sheet.data_validations.dataValidation
        assert "纳入监测" in choice.formula1 and "继续监测" in choice.formula1
        text = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
        assert not FULL_ID.search(text)
    assert all(re.fullmatch(r"\d{6}\*{8}\d{3}[\dX]", r["户主身份证号（脱敏）"]) for r in rows)
    assert all(r["核实结果"] is None for r in rows)


@pytest.fixture(scope="module")
def returned(loop):
    """Fill three leads (confirmed, excluded, unreachable) and a mistyped id; run NEXT."""
    new_leads = [r["线索编号"] for r in list_rows(loop["lists"]) if r["线索类型"] == "新线索"]
    assert len(new_leads) >= 4, "the sample should give a few new leads"
    confirmed, excluded, unreachable, *unfilled = new_leads
    return_outcomes(
        loop,
        {confirmed: "纳入监测", excluded: "排除", unreachable: "无法联系"},
        unknown_id="202511-0123456789abcdef",
    )
    summary = cli("run", *loop["locations"], home=loop["home"])
    return {"confirmed": confirmed, "excluded": excluded, "unreachable": unreachable,
            "unfilled": unfilled, "summary": summary}  # fmt: skip


def lead(loop, lead_id: str) -> tuple:
    [row] = analytics(
        loop,
        "select status, outcome, household_key, rules, as_of_month from monitoring.leads "
        "where lead_id = ?",
        [lead_id],
    )
    return row


def test_outcomes_close_care_suppress_and_leave_the_rest_overdue(loop, returned):
    status, outcome, confirmed_household, _, as_of = lead(loop, returned["confirmed"])
    assert (status, outcome, as_of) == ("closed", "纳入监测", NEXT)
    status, outcome, excluded_household, excluded_rules, _ = lead(loop, returned["excluded"])
    assert (status, outcome) == ("closed", "排除")
    assert lead(loop, returned["unreachable"])[:2] == ("unreachable", None)
    for lead_id in returned["unfilled"]:
        assert lead(loop, lead_id)[:2] == ("overdue", None), lead_id
    # In care: no `new` lead for that household in NEXT; excluded: none on the same rules.
    assert not analytics(
        loop,
        "select 1 from monitoring.leads where household_key = ? and opened_month = ? "
        "and kind = 'new'",
        [confirmed_household, NEXT],
    )
    assert not analytics(
        loop,
        "select 1 from monitoring.leads where household_key = ? and opened_month = ? and rules = ?",
        [excluded_household, NEXT, excluded_rules],
    )
    assert "leads in 2025-12: opened" in returned["summary"]


def test_precision_is_what_the_filled_outcomes_imply(loop, returned):
    filled = {returned["confirmed"]: "confirmed", returned["excluded"]: "excluded"}
    expected: dict[tuple, list[int]] = {}
    for lead_id, kind, rules, county, opened in analytics(
        loop, "select lead_id, kind, rules, county_code, opened_month from monitoring.leads"
    ):
        if kind == "clearance_review":
            continue
        for rule in rules.split(","):
            counts = expected.setdefault((rule, county, opened), [0, 0, 0])
            counts[0] += 1
            if lead_id in filled:
                counts[1 if filled[lead_id] == "confirmed" else 2] += 1
    actual = {
        (rule, county, opened): [leads, confirmed, excluded]
        for rule, county, opened, leads, confirmed, excluded, precision in analytics(
            loop,
            "select rule_code, county_code, opened_month, leads, confirmed, excluded, precision "
            "from monitoring.rule_precision",
        )
    }
    assert actual == expected
    for (rule, county, opened), (_, confirmed, excluded) in expected.items():
        [(precision,)] = analytics(
            loop,
            "select precision from monitoring.rule_precision where rule_code = ? "
            "and county_code = ? and opened_month = ?",
            [rule, county, opened],
        )
        assert precision == (confirmed / (confirmed + excluded) if confirmed + excluded else None)


def test_unknown_lead_id_is_a_finding_and_rows_balance(loop, returned):
    findings = analytics(
        loop,
        "select check_name from quality.findings where source = 'case_management' and month = ?",
        [NEXT],
    )
    assert findings == [("unknown_lead_id",)]
    [(rows_in, loaded, quarantined, balanced)] = analytics(
        loop,
        "select rows_in, rows_loaded, rows_quarantined, is_balanced "
        "from quality.file_reconciliation where source = 'case_management' and month = ?",
        [NEXT],
    )
    assert (quarantined, balanced) == (1, True) and rows_in == loaded + quarantined
    docs = files_text(loop["warehouse"] / "data_docs")
    assert "case_management__verifications" in docs and "unknown_lead_id" in docs


def test_no_name_id_or_note_reaches_analytics_logs_or_data_docs(loop, returned):
    rows = list_rows(loop["lists"])
    published = analytics_text(loop["warehouse"] / "analytics.duckdb")
    readable = files_text(loop["warehouse"] / "logs", loop["warehouse"] / "data_docs")
    for text in (published, readable):
        assert NOTE not in text and "GB0042" not in text
        for row in rows:
            for value in (row["户主姓名"], row["户主身份证号（脱敏）"]):
                assert not value or value not in text


def test_a_redelivered_outcome_file_replaces_the_first(loop, returned):
    return_outcomes(loop, {returned["excluded"]: "纳入救助"})
    cli("run", *loop["locations"], home=loop["home"])
    assert lead(loop, returned["excluded"])[:2] == ("closed", "纳入救助")
    assert lead(loop, returned["confirmed"])[:2] == ("overdue", None)
    assert lead(loop, returned["unreachable"])[:2] == ("overdue", None)
    findings = "select 1 from quality.findings where source = 'case_management' and month = ?"
    assert not analytics(loop, findings, [NEXT])
