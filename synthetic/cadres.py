"""A small simulator of township cadres (make demo): reads a month's work lists as written by
`poverty-monitor worklist`, fills in a plausible share of them the way townships do (most
verified, some unreachable, some left blank, one mistyped lead id) and writes the county's
merged return, `case_management/<YYYY-MM>/verifications.xlsx` (mode 0600).

    python -m synthetic.cadres --worklists warehouse/restricted/worklists --month 2026-05 \\
        --out raw_landing/case_management/2026-06
"""

from __future__ import annotations

import argparse
import calendar
from pathlib import Path

import numpy as np
from openpyxl import Workbook, load_workbook

from orchestration.cli.worklists import (
    LEAD_ID_HEADER,
    OUTCOME_CODES,
    OUTCOME_HEADER,
    TO_FILL,
    append_row,
    save_private,
)

FILLED_SHARE = 0.7  # township lists come back partly done: the rest stay open, then overdue
# Outcome shares per kind of lead (the order of the contract's codes).
VERIFICATION_SHARES = {
    "纳入监测": 0.3,
    "纳入救助": 0.1,
    "已享受政策": 0.15,
    "排除": 0.33,
    "无法联系": 0.12,
}
CLEARANCE_SHARES = {"风险消除": 0.7, "继续监测": 0.3}
CLEARANCE_KIND = "风险消除复核"
NOTES = ("已入户核实", "电话核实，情况属实", "与村干部共同走访", "家庭成员外出务工，已电话联系", "")
if set(VERIFICATION_SHARES) | set(CLEARANCE_SHARES) != set(OUTCOME_CODES):
    raise ValueError("the simulator's outcomes must be the contract's 核实结果 codes")


def fill_worklists(worklists: Path, month: str, out_dir: Path, seed: int = 7) -> Path:
    """Returns the written verifications.xlsx; `month` is the work lists' month."""
    rng = np.random.default_rng(seed)
    headers, rows = None, []
    for path in sorted(worklists.glob(f"worklist_{month}_*.xlsx")):
        values = list(load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True))
        headers = headers or list(values[0])
        rows += [list(row) for row in values[1:] if row[0]]
    if headers is None:
        raise SystemExit(f"no work lists for {month} in {worklists}")
    returned_month = out_dir.name
    year, number = (int(part) for part in returned_month.split("-"))
    days = calendar.monthrange(year, number)[1]
    column = {name: headers.index(name) for name in (OUTCOME_HEADER, *TO_FILL, "线索类型")}
    for row in rows:
        if rng.random() >= FILLED_SHARE:
            continue
        shares = (
            CLEARANCE_SHARES if row[column["线索类型"]] == CLEARANCE_KIND else VERIFICATION_SHARES
        )
        outcome = rng.choice(list(shares), p=list(shares.values()))
        date_column, verifier_column, note_column = (column[h] for h in TO_FILL)
        row[column[OUTCOME_HEADER]] = str(outcome)
        row[date_column] = f"{returned_month}-{int(rng.integers(1, days + 1)):02d}"
        row[verifier_column] = f"GB{int(rng.integers(1, 60)):04d}"
        row[note_column] = str(rng.choice(NOTES))
    typo = [None] * len(headers)
    typo[headers.index(LEAD_ID_HEADER)] = f"{month.replace('-', '')}-0000000000000000"
    typo[column[OUTCOME_HEADER]], typo[column[TO_FILL[0]]] = "排除", f"{returned_month}-03"
    rows.append(typo)
    workbook = Workbook()
    sheet = workbook.active
    # As a township's Excel keeps them: names read as text are written back as text.
    append_row(sheet, headers)
    for row in rows:
        append_row(sheet, row)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "verifications.xlsx"
    save_private(workbook, target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worklists", type=Path, required=True)
    parser.add_argument("--month", required=True, help="the work lists' month (YYYY-MM)")
    parser.add_argument("--out", type=Path, required=True, help="case_management/<YYYY-MM>")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    target = fill_worklists(args.worklists, args.month, args.out, args.seed)
    print(f"cadres returned {target}")


if __name__ == "__main__":
    main()
