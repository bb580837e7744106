"""CSV bytes (Arrow's writer; money as exact 2-decimal numbers), encodings and manifests."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from .monthly import Column, Table
from .vocab import DATE_COLUMNS, HEADERS, MONEY_COLUMNS

_WRITE_OPTIONS = pacsv.WriteOptions(include_header=False, quoting_style="none")
UTF8, UTF8_BOM, GB18030 = "utf-8", "utf-8-sig", "gb18030"


def encoding_for(source: str, name: str, month: str) -> str:
    """Deterministic per file: civil affairs of odd months and members.csv of every third
    month in GB18030; a few files UTF-8 with a byte-order mark; the rest plain UTF-8."""
    m = int(month[5:7])
    if source == "civil_affairs":
        return GB18030 if m % 2 == 1 else (UTF8_BOM if m % 4 == 0 else UTF8)
    if name == "members.csv":
        return GB18030 if m % 3 == 0 else UTF8
    if name == "households.csv":
        return UTF8_BOM if m % 4 == 1 else UTF8
    if name == "employment.csv":
        return UTF8_BOM if m % 6 == 2 else UTF8
    return UTF8_BOM if m % 5 == 0 else UTF8


def column_order(name: str, month: str) -> tuple[str, ...]:
    """Header order: the contract's, except that some deliveries shuffle columns (the
    contract says to match by name), here employment.csv and settlements.csv of July."""
    header = HEADERS[name]
    if month[5:7] == "07" and name in ("employment.csv", "settlements.csv"):
        return header[1:] + header[:1]
    return header


def money(cents: np.ndarray) -> pa.Array:
    """int64 cents -> decimal128(18, 2) without float rounding (unscaled value = cents)."""
    cents = np.ascontiguousarray(cents, dtype=np.int64)
    words = np.empty((len(cents), 2), dtype=np.int64)
    words[:, 0] = cents
    words[:, 1] = cents >> 63  # sign extension to 128 bits
    return pa.Array.from_buffers(pa.decimal128(18, 2), len(cents), [None, pa.py_buffer(words)])


def _arrow(name: str, col: Column) -> pa.Array:
    if isinstance(col, pa.Array):
        return col
    if name in MONEY_COLUMNS:
        return money(col)
    if name in DATE_COLUMNS:
        return pa.array(np.asarray(col, dtype="datetime64[D]"))
    return pa.array(col)


def csv_text(table: Table, order: tuple[str, ...]) -> bytes:
    """UTF-8 CSV bytes: our own header line (unquoted), then Arrow's fast row writer."""
    arrays = [_arrow(name, table.columns[name]) for name in order]
    sink = io.BytesIO()
    sink.write((",".join(order) + "\n").encode("utf-8"))
    if table.n_rows:
        pacsv.write_csv(pa.table(arrays, names=list(order)), sink, _WRITE_OPTIONS)
    return sink.getvalue()


def encode(text: bytes, encoding: str) -> bytes:
    if encoding == UTF8:
        return text
    if encoding == UTF8_BOM:
        return b"\xef\xbb\xbf" + text
    return text.decode("utf-8").encode(GB18030)


def write_file(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def write_manifest(folder: Path, entries: dict[str, dict]) -> None:
    body = {"files": {name: entries[name] for name in sorted(entries)}}
    (folder / "_manifest.json").write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")


def write_json(path: Path, body: dict) -> None:
    path.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
