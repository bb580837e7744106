"""Benchmark a county's or a province's month: a 12-month backfill, then one new month on top
of 12 months of history and (after the months up to 24 land) on top of 24, each beside (a) the
same compiled model SQL run bare in one DuckDB session and (b) a plain pandas implementation of
three rules.

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
from pandas_rules import RULES  # noqa: E402

from orchestration.lib.months import month_range  # noqa: E402
from orchestration.settings import SHIPPED_REFERENCE_DIR, load_settings  # noqa: E402
from synthetic import generate_landing  # noqa: E402

CLI = str(Path(sys.executable).with_name("poverty-monitor"))
BACKFILL_MONTHS = 12
STEPS = {
    "raw_extracts": "landing",
    "warehouse_models": "dbt",
    "expectation_suites": "GE",
    "published_warehouse": "publish",
}
PANDAS_RULES = Path(__file__).with_name("pandas_rules.py")
PANDAS_TIME = re.compile(r"pandas: \d+ flags over .* in ([\d.]+) s")
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


def pandas_run(case: Path) -> tuple[float | None, str]:
    """The pandas version over every landed month, in its own process (at a province's size
    it may not fit in memory; that is a result too), its flags compared with the
    warehouse's: (seconds, note). Flags that differ stop the benchmark."""
    result = subprocess.run(
        [
            "/usr/bin/time",
            "-f",
            "PEAK_RSS_KB %M",
            sys.executable,
            str(PANDAS_RULES),
            str(case / "landing"),
            "--compare",
            str(case / "warehouse"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    timed = PANDAS_TIME.search(result.stdout)
    peak = re.findall(r"PEAK_RSS_KB (\d+)", result.stderr)
    if result.returncode == 1:
        raise AssertionError(f"pandas flags != warehouse flags:\n{result.stdout[-3000:]}")
    if result.returncode != 0 or not timed:
        return None, f"pandas did not finish ({result.stderr.strip().splitlines()[-1:]})"
    same = re.search(r"identical: ([\d]+) flags", result.stdout)
    note = f"pandas flags = warehouse ({int(same.group(1)):,} flags of {', '.join(RULES)})"
    if peak:
        note += f", pandas peak RSS {int(peak[-1]) / 1024:,.0f} MB"
    return float(timed.group(1)), note


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
    """The departments deliver `months`: hard links, not copies (a province's month is GBs)."""
    for folder in source.iterdir():
        if folder.is_dir():
            for month in months:
                if (folder / month).is_dir():
                    shutil.copytree(
                        folder / month, target / folder.name / month, copy_function=os.link
                    )


def bench_households(households: int, histories: list[int], root: Path) -> list[Measured]:
    """One warehouse per size: a 12-month backfill, then the 13th month; the months up to
    each longer history land in one incremental run (timed but not a row: incremental equals
    a full refresh, tests/integration/test_incremental.py), then the month after it."""
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
    case = root / "warehouse_case"
    (case / "dagster_home").mkdir(parents=True, exist_ok=True)
    (case / "dagster_home" / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    warehouse = case / "warehouse"
    land(full, case / "landing", months[:BACKFILL_MONTHS])
    seconds, peak, output = timed_run(case)
    backfill = Measured(
        f"{households:,} x {BACKFILL_MONTHS}-month backfill",
        seconds,
        peak,
        stages(output, warehouse),
    )
    print_measured(backfill)
    backfill.bare_seconds = replay(warehouse, full_refresh=True, settings=load_settings())
    measured = [backfill]
    history = BACKFILL_MONTHS
    for target in histories:
        if target > history:
            # Up to the month before in one run, then that month alone: the month measured
            # then follows a month's run, as it does every month (the spare file the publish
            # starts from then lacks two months, not the whole catch-up).
            land(full, case / "landing", months[history : target - 1])
            seconds, _, _ = timed_run(case)
            print(f"  months {history + 1}..{target - 1} in one run: {seconds:.0f} s", flush=True)
            land(full, case / "landing", [months[target - 1]])
            seconds, _, _ = timed_run(case, "--month", months[target - 1])
            print(f"  month {target}: {seconds:.0f} s", flush=True)
            history = target
        land(full, case / "landing", [months[history]])
        seconds, peak, output = timed_run(case, "--month", months[history])
        month_run = Measured(
            f"{households:,}: new month on {history}", seconds, peak, stages(output, warehouse)
        )
        print_measured(month_run)
        month_run.bare_seconds = replay(warehouse, full_refresh=False, settings=load_settings())
        month_run.pandas_seconds, month_run.note = pandas_run(case)
        measured.append(month_run)
        history += 1
    return measured


def print_measured(run: Measured) -> None:
    """The run's own figures as soon as it ends: a province's size can fail later (the
    replay or pandas out of disk or memory) and the run itself is the figure that counts."""
    figures = ", ".join(f"{stage} {seconds:.1f}" for stage, seconds in run.stages.items())
    print(
        f"  {run.label}: {run.seconds:.1f} s ({figures}), peak RSS {run.peak_rss_mb:,.0f} MB",
        flush=True,
    )


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
