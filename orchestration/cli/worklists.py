"""`poverty-monitor worklist`: the township work lists of case-loop.md as .xlsx files.

Python only renders: the rows, their masking and their order come from the dbt models
restricted.worklist_rows and restricted.worklist_rule_guide (restricted.duckdb). Each file is
created mode 0600 before anything is written into it. Every string is written as text, never
as a formula (names and region names come from the departments' files: see `text_cell`).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from orchestration.lib.contract import RETURNED_FILES
from orchestration.lib.partial_month import worklist_note

VERIFICATION_FILE = RETURNED_FILES[0]
LEAD_ID_HEADER, OUTCOME_HEADER, *TO_FILL = VERIFICATION_FILE.columns
OUTCOME_CODES = VERIFICATION_FILE.values(OUTCOME_HEADER)

# Printed columns after the lead id: (Chinese header, worklist_rows column).
PRINTED = (
    ("线索类型", "kind_zh"),
    ("状态", "status_zh"),
    ("乡镇", "township_label"),
    ("村（区划代码）", "village_label"),
    ("户编号", "source_household_id"),
    ("户主姓名", "head_name"),
    ("户主身份证号（脱敏）", "masked_id"),
    ("家庭人口", "members"),
    ("预警规则（测得值，阈值）", "rules_text"),
    ("首次预警月份", "first_warned_month"),
    ("核实期限", "due_date"),
    ("超期天数", "days_overdue"),
    ("牵头部门", "departments"),
    ("建议帮扶措施", "measures"),
)
GUIDE = (
    ("规则", "rule_name_zh"),
    ("代码", "rule_code"),
    ("说明", "guide_zh"),
    ("牵头部门", "department"),
    ("建议帮扶措施", "measure"),
)
WIDE = {"rules_text": 60, "measures": 40, "guide_zh": 70, "measure": 36}
# OWASP (CSV / formula injection): a cell starting with one of these may run as a formula.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
FILL_IN_FILL = PatternFill("solid", fgColor="FFF2CC")
PROVISIONAL_EXPLAINED = (
    "本月部分部门数据未到，预警为临时结果；数据到齐后本月会重算，线索编号可能变化。"
)


class WorklistError(ValueError):
    """One line for the user."""


def write_worklists(
    restricted_db: Path,
    month: str,
    out_dir: Path,
    township: str | None = None,
    missing: list[str] | tuple = (),
) -> list[Path]:
    """`missing`: the departments the month lacks; a partial month's lists are marked 临时."""
    with duckdb.connect(str(restricted_db), read_only=True) as con:
        columns = ["lead_id", "township_code", *(column for _, column in PRINTED)]
        rows = con.execute(
            f"""select {", ".join(columns)} from worklist_rows
                where month = ? and (? is null or township_code = ?)
                order by township_code, village_code, days_overdue desc nulls last, lead_id""",
            [month, township, township],
        ).fetchall()
        guide = con.execute(
            f"select {', '.join(c for _, c in GUIDE)} from worklist_rule_guide "
            "order by severity_rank desc, rule_code"
        ).fetchall()
    if not rows:
        where = f" in township {township}" if township else ""
        raise WorklistError(f"no open leads{where} as of {month}: no work list to write")
    by_township: dict[str, list[tuple]] = {}
    for row in rows:
        by_township.setdefault(row[1], []).append(row)
    written = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        for code, township_rows in by_township.items():
            path = out_dir / f"worklist_{month}_{code}.xlsx"
            label = township_rows[0][2 + [c for _, c in PRINTED].index("township_label")]
            workbook = build_workbook(month, label, township_rows, guide)
            if missing:
                mark_provisional(workbook, worklist_note(list(missing)))
            save_private(workbook, path)
            written.append(path)
    except OSError as err:
        problem = err.strerror or type(err).__name__
        raise WorklistError(f"cannot write the work lists into {out_dir}: {problem}") from None
    return written


def build_workbook(month: str, township: str, rows: list[tuple], guide: list[tuple]) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "核实清单"
    headers = [LEAD_ID_HEADER, *(h for h, _ in PRINTED), OUTCOME_HEADER, *TO_FILL]
    append_row(sheet, headers)
    for row in rows:
        lead_id, _, *printed = row
        append_row(sheet, [lead_id, *(_cell(v) for v in printed), *[None] * (1 + len(TO_FILL))])
    _style_header(sheet, len(headers))
    first_fill = len(PRINTED) + 2
    for column in range(first_fill, len(headers) + 1):
        sheet.cell(1, column).fill = FILL_IN_FILL
    outcome_column = get_column_letter(first_fill)
    choice = DataValidation(
        type="list",
        formula1='"' + ",".join(OUTCOME_CODES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="核实结果",
        error="请从下拉列表选择核实结果",
    )
    choice.add(f"{outcome_column}2:{outcome_column}{len(rows) + 1}")
    sheet.add_data_validation(choice)
    widths = [_width(LEAD_ID_HEADER, "lead_id"), *(_width(h, c) for h, c in PRINTED)]
    widths += [_width(h, h) for h in (OUTCOME_HEADER, *TO_FILL)]
    _set_widths(sheet, widths)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    # "&" starts a formatting code in a page header: doubled, it prints as itself.
    sheet.oddHeader.center.text = f"{month} {township} 预警线索核实清单".replace("&", "&&")

    rules = workbook.create_sheet("规则说明")
    append_row(rules, [h for h, _ in GUIDE])
    for row in guide:
        append_row(rules, list(row))
    rules.append([])
    append_row(rules, ["核实结果填写", "", "新线索和新增风险填：" + "、".join(OUTCOME_CODES[:5])])
    append_row(rules, ["", "", "风险消除复核填：" + "、".join(OUTCOME_CODES[5:])])
    append_row(rules, ["", "", "核实日期写成 YYYY-MM-DD；未核实的行留空，下月清单会继续列出。"])
    _style_header(rules, len(GUIDE))
    _set_widths(rules, [_width(h, c) for h, c in GUIDE])
    for line in rules.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook


def mark_provisional(workbook: Workbook, note: str) -> None:
    """A partial month's list, marked where it shows: the first sheet's name, tab colour and
    printed page header, and a note sheet. Row 1 of the first sheet stays the header row the
    returned-list loader reads; the file name stays the same."""
    listed = workbook.worksheets[0]
    listed.title = "核实清单（临时）"
    listed.sheet_properties.tabColor = "FF0000"
    listed.oddHeader.left.text = note.replace("&", "&&")
    listed.oddHeader.left.color = "FF0000"
    notice = workbook.create_sheet("临时名单说明")
    append_row(notice, [note])
    append_row(notice, [PROVISIONAL_EXPLAINED])
    notice.column_dimensions["A"].width = 90
    notice["A1"].font = Font(bold=True, color="FF0000")


def _cell(value):
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else value


def append_row(sheet, values: list) -> None:
    """`sheet.append` with every string as a text cell (`text_cell`); numbers stay numbers."""
    sheet.append([text_cell(sheet, v) if isinstance(v, str) else v for v in values])


def text_cell(sheet, text: str) -> Cell:
    """`text` as a string cell, never a formula: openpyxl would write "=..." as <f>, and Excel
    runs "+ - @" (and tab/CR-led) input as one when the cell is edited. The string type plus
    Excel's quote-prefix flag (what a typed leading ' sets) shows the text as it was typed and
    keeps it text on edit. Control characters a workbook cannot hold become U+FFFD."""
    cell = Cell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", text))
    cell.data_type = "s"
    if text.startswith(FORMULA_LEADS):
        cell.quotePrefix = True
    return cell


def _style_header(sheet, columns: int) -> None:
    for column in range(1, columns + 1):
        cell = sheet.cell(1, column)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _width(header: str, column: str) -> float:
    # A Chinese character takes about two Latin widths in Excel.
    return WIDE.get(column, max(12, 2.2 * len(header) + 2))


def _set_widths(sheet, widths: list[float]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def save_private(workbook: Workbook, path: Path) -> None:
    """Created 0600 (whatever the umask), so no other user can ever read a list in progress."""
    if path.exists():
        path.unlink()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        workbook.save(handle)
    os.chmod(path, 0o600)
