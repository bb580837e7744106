"""The returned work list as the loader reads it: the first sheet of the .xlsx, as UTF-8 CSV.

openpyxl's read-only mode streams rows, so a county's returned list is never whole in memory.
"""

from __future__ import annotations

import csv
import hashlib
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from orchestration.lib.landing.decoding import CHUNK, FileRejected, Inspected

XLSX = "xlsx"


def inspect_workbook(stream: BinaryIO) -> Inspected:
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return Inspected(digest.hexdigest(), XLSX)


def workbook_as_csv(path: Path, target: Path, file_label: str) -> Path:
    """First sheet to CSV; dates as YYYY-MM-DD (Excel turns typed dates into date cells)."""
    from openpyxl import load_workbook  # only runs that receive a work list pay for the import

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise FileRejected("unreadable_xlsx", f"{file_label}: not a readable .xlsx") from None
    try:
        sheet = workbook.worksheets[0]
        with target.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            for row in sheet.iter_rows(values_only=True):
                if any(cell not in (None, "") for cell in row):
                    writer.writerow(_text(cell) for cell in row)
    finally:
        workbook.close()
    return target


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
