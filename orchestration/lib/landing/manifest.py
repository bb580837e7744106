"""Optional `_manifest.json` per source-month: expected rows and sha256 per file.

A manifest is written by a department's tool, so it is checked like any delivered file: a
wrong shape rejects the files it describes (one line naming the file and the field), never
the run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from orchestration.lib.landing.decoding import FileRejected

SHA256_HEX = re.compile(r"[0-9a-fA-F]{64}")


def read_manifest(folder: Path) -> dict:
    """{file name: entry as written}; entries are checked per file by `check_entry`."""
    path = folder / "_manifest.json"
    if not path.exists():
        return {}
    try:
        files = json.loads(path.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        files = None
    if not isinstance(files, dict):
        raise FileRejected(
            "manifest_unreadable", f'{path}: not a valid manifest ({{"files": {{...}}}})'
        )
    return files


def check_entry(entry: object, file_label: str) -> None:
    """An entry is an object whose "sha256" (if given) is 64 hex digits and whose "rows" (if
    given) is a whole number >= 0; the value itself is not echoed (it may be anything)."""
    if entry is None:
        return
    if not isinstance(entry, dict):
        raise FileRejected(
            "manifest_entry_invalid", f"{file_label}: its _manifest.json entry is not an object"
        )
    sha256 = entry.get("sha256")
    if sha256 is not None and not (isinstance(sha256, str) and SHA256_HEX.fullmatch(sha256)):
        raise FileRejected(
            "manifest_entry_invalid",
            f'{file_label}: _manifest.json "sha256" is not 64 hexadecimal digits',
        )
    rows = entry.get("rows")
    if rows is not None and (isinstance(rows, bool) or not isinstance(rows, int) or rows < 0):
        raise FileRejected(
            "manifest_entry_invalid",
            f'{file_label}: _manifest.json "rows" is not a whole number >= 0',
        )


def check_hash(entry: dict | None, sha256: str, file_label: str) -> None:
    if entry and entry.get("sha256") and entry["sha256"].lower() != sha256:
        raise FileRejected("manifest_mismatch", f"{file_label}: sha256 differs from _manifest.json")


def check_rows(entry: dict | None, rows: int, file_label: str) -> None:
    """Rows as the manifest says; and a file with a header but no data rows, which would
    empty its month (a department's export that failed half-way), only when the manifest
    says "rows": 0."""
    expected = entry.get("rows") if entry else None
    if expected is not None and expected != rows:
        raise FileRejected(
            "manifest_mismatch",
            f"{file_label}: {rows} data rows but _manifest.json says {expected}",
        )
    if rows == 0 and expected != 0:
        raise FileRejected(
            "no_data_rows",
            f"{file_label}: a header and no data rows "
            '(accepted only when _manifest.json says "rows": 0)',
        )
