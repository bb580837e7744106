"""A returned verifications.xlsx as tools leave it (issue 7): a stale or absurd declared size,
merged cells, formulas with and without a saved value. The sheet's real rows are read."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from orchestration.lib.landing.decoding import FileRejected
from orchestration.lib.landing.workbook import workbook_as_csv

HEADERS = ["线索编号", "户主姓名", "核实结果", "核实日期", "核实人", "说明"]
ROWS = 70
LABEL = "case_management/2026-06/verifications.xlsx"


def filled(path: Path, edit=None) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for index in range(ROWS):
        sheet.append([f"202605-{index:016x}", "张三", "排除", "2026-06-08", "GB0042", None])
    if edit:
        edit(sheet)
    workbook.save(path)
    return path


def rewrite_sheet(path: Path, edit) -> Path:
    with zipfile.ZipFile(path) as source:
        parts = [(item, source.read(item.filename)) for item in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for item, data in parts:
            is_sheet = item.filename == "xl/worksheets/sheet1.xml"
            target.writestr(item, edit(data) if is_sheet else data)
    return path


def declared(ref: str):
    return lambda xml: re.sub(
        rb"<dimension ref=\"[^\"]+\" ?/>", f'<dimension ref="{ref}"/>'.encode(), xml
    )


def as_rows(path: Path, tmp_path: Path) -> list[list[str]]:
    target = workbook_as_csv(path, tmp_path / "out.csv", LABEL)
    with target.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("ref", ["A1:S2", "A1:B1", "A1:XFD20001"])
def test_the_declared_size_is_not_trusted(tmp_path, ref):
    path = rewrite_sheet(filled(tmp_path / "v.xlsx"), declared(ref))
    rows = as_rows(path, tmp_path)
    assert rows[0] == HEADERS and len(rows) == ROWS + 1
    assert all(len(row) == len(HEADERS) for row in rows)
    assert (tmp_path / "out.csv").stat().st_size < 10_000  # not 16384 columns × 20001 rows


def test_merged_cells_give_their_value_to_every_cell_they_cover(tmp_path):
    def merge(sheet):
        for column in "CD":
            for row in (3, 4):
                sheet[f"{column}{row}"] = None
            sheet.merge_cells(f"{column}2:{column}4")

    rows = as_rows(filled(tmp_path / "v.xlsx", merge), tmp_path)
    assert [row[2:4] for row in rows[1:5]] == [["排除", "2026-06-08"]] * 4


def test_a_merge_across_columns_fills_them_too(tmp_path):
    def merge(sheet):
        sheet["F9"] = "核实结果和日期写到一起"
        sheet.merge_cells("C9:F10")  # outcome, date, verifier and note of two rows

    rows = as_rows(filled(tmp_path / "v.xlsx", merge), tmp_path)
    assert [row[2:6] for row in rows[8:11]] == [["排除"] * 4] * 2 + [
        ["排除", "2026-06-08", "GB0042", ""]
    ]


def test_cells_beyond_the_header_are_left_out(tmp_path):
    def stray(sheet):
        sheet["K5"] = "旁注"
        sheet.merge_cells("H2:J3")

    rows = as_rows(filled(tmp_path / "v.xlsx", stray), tmp_path)
    assert len(rows) == ROWS + 1 and all(len(row) == len(HEADERS) for row in rows)


def test_a_formula_with_no_saved_value_rejects_the_file_naming_the_cell(tmp_path):
    path = filled(tmp_path / "v.xlsx", lambda sheet: sheet.cell(7, 3, '="排除"'))
    with pytest.raises(FileRejected) as rejected:
        workbook_as_csv(path, tmp_path / "out.csv", LABEL)
    assert rejected.value.check == "unreadable_xlsx"
    assert str(rejected.value) == (
        f"{LABEL}: cell C7 holds a formula with no saved value; open and save the file in "
        "Excel, or type the value"
    )


def test_a_formula_with_its_saved_value_reads_as_that_value(tmp_path):
    path = filled(tmp_path / "v.xlsx", lambda sheet: sheet.cell(7, 3, '="纳入监测"'))

    def as_excel_saves_it(xml: bytes) -> bytes:  # a text result: t="str" and the text
        xml = xml.replace(b'<c r="C7">', b'<c r="C7" t="str">')
        return re.sub(rb"<v ?/>", "<v>纳入监测</v>".encode(), xml)

    rewrite_sheet(path, as_excel_saves_it)
    assert as_rows(path, tmp_path)[6][2] == "纳入监测"


def test_a_malformed_cell_rejects_the_file(tmp_path):
    path = filled(tmp_path / "v.xlsx", lambda sheet: sheet.cell(7, 3, 5))
    rewrite_sheet(path, lambda xml: xml.replace(b"<v>5</v>", b"<v>five</v>"))
    with pytest.raises(FileRejected, match=f"^{LABEL}: not a readable .xlsx$"):
        workbook_as_csv(path, tmp_path / "out.csv", LABEL)


def test_a_formula_with_no_saved_value_in_a_column_not_loaded_is_let_be(tmp_path):
    path = filled(tmp_path / "v.xlsx", lambda sheet: sheet.cell(7, 2, '=HYPERLINK("x","张三")'))
    assert len(as_rows(path, tmp_path)) == ROWS + 1
