"""The returned work list as the loader reads it: the first sheet of the .xlsx, as UTF-8 CSV.

openpyxl's read-only mode streams rows, so a county's returned list is never whole in memory.
What the read-only mode cannot be trusted with is settled here, from the sheet's own XML:
- the declared size (`<dimension>`): tools write stale ones (A1:S2 over 70 rows) or huge ones
  (A1:XFD20001), so the real extent of the rows is read and every row is cut to the header's
  width;
- merged cells: read-only mode sees only the top-left value. A merged 核实结果 / 核实日期 over
  three rows is what the township put against each of those rows, so every cell of the merge
  gets it (rejecting the file would hold back every other row's outcome for a formatting habit);
- a formula with no saved value (files written by scripts, never opened in Excel) in a column
  the loader keeps: its value is unknown, not empty, so the file is rejected naming the cell
  (elsewhere, e.g. a name re-saved as a formula, it is dropped with its column).
"""

from __future__ import annotations

import csv
import hashlib
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO
from xml.etree.ElementTree import ParseError, iterparse

from orchestration.lib.contract import RETURNED_FILES
from orchestration.lib.landing.decoding import CHUNK, FileRejected, Inspected

XLSX = "xlsx"
# Only the returned work list comes as .xlsx; the columns the loader keeps of it.
LOADED_HEADERS = frozenset(header for extract in RETURNED_FILES for header in extract.columns)
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def inspect_workbook(stream: BinaryIO) -> Inspected:
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return Inspected(digest.hexdigest(), XLSX)


def workbook_as_csv(path: Path, target: Path, file_label: str) -> Path:
    """First sheet to CSV; dates as YYYY-MM-DD (Excel turns typed dates into date cells)."""
    from openpyxl import load_workbook  # only runs that receive a work list pay for the import

    unreadable = FileRejected("unreadable_xlsx", f"{file_label}: not a readable .xlsx")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise unreadable from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the declared size may be stale or absurd: read the rows
        with target.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            facts = _sheet_facts(path, sheet._worksheet_path)  # noqa: SLF001 (no public name)
            for row in _rows(sheet.iter_rows(values_only=True), facts, file_label):
                writer.writerow(_text(cell) for cell in row)
    except (zipfile.BadZipFile, KeyError, ValueError, ParseError):  # a cell or part malformed
        raise unreadable from None
    finally:
        workbook.close()
    return target


@dataclass
class _Merge:
    first_row: int
    last_row: int
    first_column: int
    last_column: int
    value: object = None


@dataclass
class _SheetFacts:
    merges: list[_Merge] = field(default_factory=list)
    # Formula cells with no saved value, by row: {row: [columns]}. An empty saved value counts:
    # it cannot be told apart from one never calculated.
    uncached_formulas: dict[int, list[int]] = field(default_factory=dict)


def _sheet_facts(path: Path, sheet_path: str) -> _SheetFacts:
    """One streaming pass over the sheet XML: merged ranges and formulas with no saved value."""
    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

    facts = _SheetFacts()
    with zipfile.ZipFile(path) as archive, archive.open(sheet_path.lstrip("/")) as source:
        for _, element in iterparse(source):
            if element.tag == f"{_MAIN}c":
                if element.find(f"{_MAIN}f") is not None and not element.findtext(f"{_MAIN}v"):
                    column, row = coordinate_to_tuple(element.get("r", ""))[::-1]
                    facts.uncached_formulas.setdefault(row, []).append(column)
                element.clear()
            elif element.tag == f"{_MAIN}row":
                element.clear()
            elif element.tag == f"{_MAIN}mergeCell":
                first_column, first_row, last_column, last_row = range_boundaries(
                    element.get("ref", "")
                )
                facts.merges.append(_Merge(first_row, last_row, first_column, last_column))
    return facts


def _rows(rows, facts: _SheetFacts, file_label: str):
    """The non-empty rows, merges filled in, each cut or padded to the header's width."""
    header: list | None = None
    waiting = sorted(facts.merges, key=lambda merge: merge.first_row, reverse=True)
    active: list[_Merge] = []
    for number, row in enumerate(rows, start=1):
        _refuse_unknown_values(facts.uncached_formulas.get(number, ()), number, header, file_label)
        width = len(header) if header else None
        cells = list(row[:width] if width else row)
        while waiting and waiting[-1].first_row <= number:
            active.append(waiting.pop())
        active = [merge for merge in active if merge.last_row >= number]
        for merge in active:
            cells = _fill_merge(cells, merge, number, width)
        if not any(cell not in (None, "") for cell in cells):
            continue
        if header is None:  # the header: its last titled column is the sheet's width
            width = max(i for i, cell in enumerate(cells, start=1) if cell not in (None, ""))
            header = cells = cells[:width]
        yield cells + [None] * (width - len(cells))


def _refuse_unknown_values(columns, number: int, header: list | None, file_label: str) -> None:
    """A formula with no saved value in the header or under a header the loader reads."""
    for column in columns:
        if header is None or (column <= len(header) and header[column - 1] in LOADED_HEADERS):
            from openpyxl.utils import get_column_letter

            raise FileRejected(
                "unreadable_xlsx",
                f"{file_label}: cell {get_column_letter(column)}{number} holds a formula "
                "with no saved value; open and save the file in Excel, or type the value",
            )


def _fill_merge(cells: list, merge: _Merge, number: int, width: int | None) -> list:
    if width is not None and merge.first_column > width:
        return cells  # beyond the header: ignored like any cell there
    last = merge.last_column if width is None else min(merge.last_column, width)
    if len(cells) < last:
        cells = cells + [None] * (last - len(cells))
    if number == merge.first_row:
        merge.value = cells[merge.first_column - 1]
    for column in range(merge.first_column, last + 1):
        cells[column - 1] = merge.value
    return cells


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)
