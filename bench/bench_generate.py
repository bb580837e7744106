"""Benchmark: generate 100k households into a temporary folder and print the time.

The brief's reference figure is 100k households × 12 months (2025-07..2026-06); the generator
needs at least 15 months (INCOME_DROP looks at m-14..m), so this runs 2025-04..2026-06 and also
prints the time scaled to 12 months.

    .venv/bin/python bench/bench_generate.py [households]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from orchestration.generate import generate_landing


def main() -> None:
    households = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    months = [str(m) for m in np.arange("2025-04", "2026-07", dtype="datetime64[M]")]
    with tempfile.TemporaryDirectory(prefix="povmon-bench-") as tmp:
        started = time.perf_counter()
        summary = generate_landing(Path(tmp), households, months, seed=42)
        seconds = time.perf_counter() - started
    rows = sum(summary["rows"].values())
    print(f"households={households} months={len(months)} ({months[0]}..{months[-1]})")
    print(f"rows={rows} files={summary['files_written']} seconds={seconds:.2f}")
    print(f"per 12 months ≈ {seconds * 12 / len(months):.2f} s")


if __name__ == "__main__":
    main()
