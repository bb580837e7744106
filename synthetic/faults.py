"""Dirty-data faults: about ``rate`` × rows of each file, never in scenario rows, one fault per
row, each listed with its 1-based data row number and the check that must catch it."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .gb11643 import CHECK_CODES
from .monthly import Column, Table
from .vocab import HEADERS

KINDS: dict[str, tuple[str, ...]] = {
    "assistance_roll.csv": ("id_checksum", "negative_amount", "month_mismatch"),
    "settlements.csv": (
        "id_checksum",
        "oop_balance",
        "negative_amount",
        "date_outside_month",
        "duplicate_settlement_id",
    ),
    "employment.csv": ("id_checksum", "negative_amount", "month_mismatch"),
    "households.csv": ("month_mismatch",),
    "members.csv": ("id_checksum",),
}
NEGATIVE_COLUMN = {
    "assistance_roll.csv": "月救助金额",
    "settlements.csv": "医疗总费用",
    "employment.csv": "月工资收入",
}
MISSING_COLUMN_SOURCES = ("civil_affairs", "medical_insurance", "human_resources")


def choose_missing_column(
    rng: np.random.Generator, months: list[str], files: dict[str, str]
) -> tuple[str, int, str]:
    """(source, month index, column) of the one file delivered without a required column:
    never rural_revitalization, never one of the last three months.

    A rejected civil-affairs or HR file removes an income month, and INCOME_DROP at the last
    month needs all of its 15 months: those sources are only chosen before that window, so the
    planted INCOME_DROP household still has a month in which it must fire.
    """
    n = len(months)
    allowed = {
        source: [t for t in range(n - 3) if source == "medical_insurance" or t < n - 15]
        for source in MISSING_COLUMN_SOURCES
    }
    sources = [source for source in MISSING_COLUMN_SOURCES if allowed[source]]
    source = sources[int(rng.integers(0, len(sources)))]
    t = allowed[source][int(rng.integers(0, len(allowed[source])))]
    header = HEADERS[files[source]]
    return source, t, header[int(rng.integers(0, len(header)))]


def _strings(col: Column, rows: np.ndarray) -> np.ndarray:
    if isinstance(col, pa.Array):
        return np.asarray(col.take(pa.array(rows)).to_pylist(), dtype=object).astype(str)
    return np.asarray(col[rows]).astype(str)


def _set(col: Column, rows: np.ndarray, values) -> Column:
    if isinstance(col, pa.Array):
        mask = np.zeros(len(col), dtype=bool)
        mask[rows] = True
        order = np.argsort(rows, kind="stable")  # replace_with_mask fills in row order
        replacement = pa.array(np.asarray(values)[order], type=col.type)
        return pc.replace_with_mask(col, pa.array(mask), replacement)
    out = np.array(col, copy=True)
    out[rows] = values
    return out


def _wrong_check(rng: np.random.Generator, ids: np.ndarray) -> np.ndarray:
    ids = ids.astype("U18")
    codes = ids.view(np.uint32).reshape(-1, 18).copy()
    current = np.array([CHECK_CODES.index(chr(c).upper()) for c in codes[:, 17]], dtype=np.int64)
    wrong = (current + rng.integers(1, 11, len(ids))) % 11
    codes[:, 17] = np.frombuffer(CHECK_CODES.encode(), dtype=np.uint8)[wrong]
    return codes.view("U18").ravel()


def inject(
    rng: np.random.Generator,
    table: Table,
    source: str,
    month: str,
    month_start: np.datetime64,
    month_end: np.datetime64,
    rate: float,
) -> list[dict]:
    """Corrupt about ``rate`` × rows of the table in place; return the fault records."""
    n = table.n_rows
    eligible = np.nonzero(~table.protected)[0]
    count = min(int(round(rate * n)), len(eligible))
    if count == 0:
        return []
    rows = np.sort(rng.choice(eligible, size=count, replace=False))
    kinds = np.resize(np.array(KINDS[table.name]), count)
    rng.shuffle(kinds)
    if table.name == "settlements.csv":
        _duplicate_ids(rng, table.columns, rows, kinds, eligible)

    faults = []
    for kind in KINDS[table.name]:
        at = rows[kinds == kind]
        if len(at) == 0:
            continue
        if kind in _DAMAGE:  # duplicate ids were copied above
            _DAMAGE[kind](rng, table, at, month, month_start, month_end)
        faults.extend(
            {
                "kind": kind,
                "source": source,
                "month": month,
                "file": table.name,
                "row_number": int(r) + 1,
                "expected_check": kind,
            }
            for r in at
        )
    faults.sort(key=lambda f: f["row_number"])
    return faults


def _duplicate_ids(rng, cols: dict, rows: np.ndarray, kinds: np.ndarray, eligible) -> None:
    """A duplicate id copies the id of an earlier, unfaulted, unprotected row; a row with no
    such row before it gets an OOP imbalance instead (``kinds`` is updated in place)."""
    dup = rows[kinds == "duplicate_settlement_id"]
    clean = np.setdiff1d(eligible, rows)
    before = np.searchsorted(clean, dup)
    possible = before > 0
    kinds[np.isin(rows, dup[~possible])] = "oop_balance"
    dup, before = dup[possible], before[possible]
    if len(dup):
        source_rows = clean[(rng.random(len(dup)) * before).astype(np.int64)]
        ids = cols["结算编号"]
        cols["结算编号"] = _set(ids, dup, _strings(ids, source_rows))


def _id_checksum(rng, table: Table, at, month, month_start, month_end) -> None:
    cols = table.columns
    cols["身份证号"] = _set(cols["身份证号"], at, _wrong_check(rng, _strings(cols["身份证号"], at)))


def _negative_amount(rng, table: Table, at, month, month_start, month_end) -> None:
    cols, name = table.columns, NEGATIVE_COLUMN[table.name]
    value = cols[name][at]
    value = -np.where(value > 0, value, rng.integers(1000, 200000, len(at)))
    cols[name] = _set(cols[name], at, value)
    if table.name == "settlements.csv":
        # Payers 0 and OOP = the negative total: the balance still holds.
        for payer in ("统筹基金支付", "大病保险支付", "医疗救助支付"):
            cols[payer] = _set(cols[payer], at, 0)
        cols["个人自付"] = _set(cols["个人自付"], at, value)


def _oop_balance(rng, table: Table, at, month, month_start, month_end) -> None:
    cols = table.columns
    cols["个人自付"] = _set(
        cols["个人自付"], at, cols["个人自付"][at] + rng.integers(100, 50000, len(at))
    )


def _month_mismatch(rng, table: Table, at, month, month_start, month_end) -> None:
    previous = str(np.datetime64(month, "M") - 1)
    table.columns["统计月份"] = _set(table.columns["统计月份"], at, np.full(len(at), previous))


def _date_outside_month(rng, table: Table, at, month, month_start, month_end) -> None:
    shift = rng.integers(1, 20, len(at)).astype("timedelta64[D]")
    outside = np.where(rng.random(len(at)) < 0.5, month_start - shift, month_end - 1 + shift)
    table.columns["结算日期"] = _set(table.columns["结算日期"], at, outside)


_DAMAGE = {
    "id_checksum": _id_checksum,
    "negative_amount": _negative_amount,
    "oop_balance": _oop_balance,
    "month_mismatch": _month_mismatch,
    "date_outside_month": _date_outside_month,
}
