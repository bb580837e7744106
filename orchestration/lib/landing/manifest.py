"""Optional `_manifest.json` per source-month: expected rows and sha256 per file."""

from __future__ import annotations

import json
from pathlib import Path

from orchestration.lib.landing.decoding import FileRejected


def read_manifest(folder: Path) -> dict[str, dict]:
    path = folder / "_manifest.json"
    if not path.exists():
        return {}
    try:
        files = json.loads(path.read_text(encoding="utf-8"))["files"]
    except (ValueError, KeyError, TypeError):
        raise FileRejected(
            "manifest_unreadable", f'{path}: not a valid manifest ({{"files": {{...}}}})'
        ) from None
    return files if isinstance(files, dict) else {}


def check_hash(entry: dict | None, sha256: str, file_label: str) -> None:
    if entry and entry.get("sha256") and entry["sha256"].lower() != sha256:
        raise FileRejected("manifest_mismatch", f"{file_label}: sha256 differs from _manifest.json")


def check_rows(entry: dict | None, rows: int, file_label: str) -> None:
    if entry and entry.get("rows") is not None and int(entry["rows"]) != rows:
        raise FileRejected(
            "manifest_mismatch",
            f"{file_label}: {rows} data rows but _manifest.json says {entry['rows']}",
        )
