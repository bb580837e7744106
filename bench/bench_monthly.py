"""Benchmark a county's or a province's month: a 12-month backfill, then one new month on top
of 12 months of history and on top of 24, each beside (a) the same compiled model SQL run
bare in one DuckDB session and (b) a plain pandas implementation of three rules.

    .venv/bin/python bench/bench_monthly.py --households 10000 [--households 100000 ...]
        [--histories 12,24] [--keep DIR] [--markdown FILE]

Every pipeline run goes through `poverty-monitor run` in a child process, as a user runs it,
so peak RSS is the whole run's (the CLI, dbt, Great Expectations). Prints one table.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bare_replay import replay  # noqa: E402
from pandas_rules import FLAG_KEY, RULES, pandas_flags, warehouse_flags  # noqa: E402

from orchestration.lib.months import month_range, next_month  # noqa: E402
from orchestration.settings import SHIPPED_REFERENCE_DIR, load_settings  # noqa: E402
from synthetic import generate_landing  # noqa: E402

CLI = str(Path(sys.executable).with_name("poverty-monitor"))
STEPS = {
    "raw_extracts": "landing",
    "warehouse_models": "dbt",
    "expectation_suites": "GE",
    "published_warehouse": "publish",
}
# Dagster prints 850ms, 12.3s or 1m26s.
FINISHED = re.compile(r'Finished execution of step "(\w+)" in (?:(\d+)m)?([\d.]+)(ms|s)')


@dataclass
class Measured:
    label: str
    seconds: float
    peak_rss_mb: float
    stages: dict[str, float] = field(default_factory=dict)
    bare_seconds: float | None = None
    pandas_seconds: float | None = None
    note: str = ""


def timed_run(root: Path, *args: str) -> tuple[float, float, str]:
    """`poverty-monitor run ...` under GNU time: (seconds, peak RSS MB, output)."""
    environment = {
        **os.environ,
        "POVMON_LANDING_DIR": str(root / "landing"),
        "POVMON_WAREHOUSE_DIR": str(root / "warehouse"),
        "POVMON_PSEUDONYM_KEY": "bench-key",
        "DAGSTER_HOME": str(root / "dagster_home"),
    }
    started = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-f", "PEAK_RSS_KB %M", CLI, "run", *args],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"run failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    peak = max(int(kb) for kb in re.findall(r"PEAK_RSS_KB (\d+)", result.stderr))
    return seconds, peak / 1024, result.stdout


def stages(output: str, warehouse: Path) -> dict[str, float]:
    found = {
        STEPS[step]: 60 * int(minutes or 0) + float(n) / (1000 if unit == "ms" else 1)
        for step, minutes, n, unit in FINISHED.findall(output)
        if step in STEPS
    }
    results = json.loads((warehouse / "dbt_target" / "run_results.json").read_text())["results"]
    found["dbt models"] = sum(
        r["execution_time"] for r in results if r["unique_id"].split(".")[0] in ("model", "seed")
    )
    found["dbt tests"] = sum(
        r["execution_time"] for r in results if r["unique_id"].startswith("test.")
    )
    return found


def land(source: Path, target: Path, months: list[str]) -> None:
    for folder in source.iterdir():
        if folder.is_dir():
            for month in months:
                if (folder / month).is_dir():
                    shutil.copytree(folder / month, target / folder.name / month)


def bench_households(households: int, histories: list[int], root: Path) -> list[Measured]:
    longest = max(histories)
    months = month_range("2024-01", "2099-12")[: longest + 1]
    full = root / "generated"
    started = time.perf_counter()
    summary = generate_landing(
        full, households, months, seed=42, reference_dir=SHIPPED_REFERENCE_DIR
    )
    rows = sum(summary["rows"].values())
    print(
        f"\n{households:,} households: generated {len(months)} months, {rows:,} extract rows "
        f"in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    measured = []
    for history in histories:
        case = root / f"history_{history}"
        (case / "dagster_home").mkdir(parents=True, exist_ok=True)
        (case / "dagster_home" / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
        land(full, case / "landing", months[:history])
        warehouse = case / "warehouse"
        seconds, peak, output = timed_run(case)
        if history == 12:
            backfill = Measured(
                f"{households:,} x 12-month backfill", seconds, peak, stages(output, warehouse)
            )
            backfill.bare_seconds = replay(warehouse, full_refresh=True, settings=load_settings())
            measured.append(backfill)
        new = next_month(months[history - 1])
        land(full, case / "landing", [new])
        seconds, peak, output = timed_run(case, "--month", new)
        month_run = Measured(
            f"{households:,}: new month on {history}", seconds, peak, stages(output, warehouse)
        )
        month_run.bare_seconds = replay(warehouse, full_refresh=False, settings=load_settings())
        started = time.perf_counter()
        flags = pandas_flags(case / "landing", SHIPPED_REFERENCE_DIR, months[: history + 1])
        month_run.pandas_seconds = time.perf_counter() - started
        ours = set(map(tuple, warehouse_flags(warehouse)[FLAG_KEY].values))
        same = set(map(tuple, flags[FLAG_KEY].values)) == ours
        month_run.note = (
            f"pandas flags {'=' if same else '!='} warehouse "
            f"({len(ours):,} flags of {', '.join(RULES)})"
        )
        if not same:
            raise AssertionError(month_run.note)
        measured.append(month_run)
    return measured


def table(rows: list[Measured]) -> str:
    columns = ["landing", "dbt", "dbt models", "dbt tests", "GE", "publish"]
    lines = [
        "| run | seconds | " + " | ".join(columns) + " | peak RSS MB | bare DuckDB s | pandas s |",
        "|---|---:|" + "---:|" * len(columns) + "---:|---:|---:|",
    ]
    for row in rows:
        cells = [f"{row.stages.get(c, 0):.1f}" for c in columns]
        bare = f"{row.bare_seconds:.1f}" if row.bare_seconds is not None else "-"
        pandas = f"{row.pandas_seconds:.1f}" if row.pandas_seconds is not None else "-"
        lines.append(
            f"| {row.label} | {row.seconds:.1f} | "
            + " | ".join(cells)
            + f" | {row.peak_rss_mb:,.0f} | {bare} | {pandas} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, action="append", required=True)
    parser.add_argument("--histories", default="12,24")
    parser.add_argument("--keep", type=Path, help="keep every landing and warehouse here")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    # The replay reads the settings too; a bench needs no secret key, nor the warning about it.
    os.environ.setdefault("POVMON_PSEUDONYM_KEY", "bench-key")
    histories = sorted({int(h) for h in args.histories.split(",")})
    root = args.keep or Path(tempfile.mkdtemp(prefix="povmon-bench-"))
    rows: list[Measured] = []
    try:
        for households in args.households:
            rows += bench_households(households, histories, root / f"h{households}")
            print(table(rows), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    text = table(rows) + "\n\n" + "\n".join(f"- {r.label}: {r.note}" for r in rows if r.note)
    print("\n" + text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
