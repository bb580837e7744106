"""Crash safety: the run killed (SIGKILL, whole process group) during ingest and during the
dbt build leaves the last published warehouse intact and readable; a rerun completes and
publishes the same result as a clean run; a second run started meanwhile is refused."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from conftest import dagster_home

from orchestration.lib.months import month_range
from orchestration.settings import SHIPPED_REFERENCE_DIR
from synthetic import generate_landing

CLI = str(Path(sys.executable).parent / "poverty-monitor")
MONTHS = month_range("2025-05", "2026-04")


def environment(root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "POVMON_LANDING_DIR": str(root / "raw_landing"),
        "POVMON_WAREHOUSE_DIR": str(root / "warehouse"),
        "POVMON_PSEUDONYM_KEY": "crash-key",
        "DAGSTER_HOME": str(dagster_home(root / "dagster_home")),
    }


def start_run(root: Path, *months: str) -> subprocess.Popen:
    args = [CLI, "run"] + [a for m in months for a in ("--month", m)]
    return subprocess.Popen(
        args,
        env=environment(root),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def run_to_end(root: Path, *months: str) -> str:
    process = start_run(root, *months)
    out, _ = process.communicate(timeout=600)
    assert process.returncode == 0, out[-3000:]
    return out


def kill_when(process: subprocess.Popen, marker: str) -> str:
    """Read progress lines until `marker` shows, then SIGKILL the whole process group."""
    seen = []
    deadline = time.monotonic() + 300
    for line in process.stdout:
        seen.append(line)
        if marker in line or time.monotonic() > deadline:
            break
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    return "".join(seen)


def digest(analytics: Path) -> str:
    with duckdb.connect(str(analytics), read_only=True) as con:
        rows = (
            con.execute(
                "select * exclude (loaded_at) from quality.file_reconciliation order by all"
            ).fetchall()
            + con.execute("select * from monitoring.early_warnings order by all").fetchall()
        )
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A warehouse published from all months but the last; the last month then lands."""
    root = tmp_path_factory.mktemp("crash")
    generate_landing(
        root / "all_landing",
        households=80,
        months=MONTHS,
        seed=21,
        reference_dir=SHIPPED_REFERENCE_DIR,
    )
    shutil.copytree(root / "all_landing", root / "raw_landing")
    for source in (root / "raw_landing").iterdir():
        if source.is_dir():
            shutil.rmtree(source / MONTHS[-1])
    run_to_end(root)
    for source in (root / "all_landing").iterdir():
        if source.is_dir():
            shutil.copytree(source / MONTHS[-1], root / "raw_landing" / source.name / MONTHS[-1])
    return root


def test_kills_leave_the_last_publish_readable_and_a_rerun_completes(published, tmp_path):
    analytics = published / "warehouse" / "analytics.duckdb"
    before = digest(analytics)
    reader = duckdb.connect(str(analytics), read_only=True)  # an analyst keeps it open

    for marker in ('Started execution of step "raw_extracts"', "dbt build: "):
        output = kill_when(start_run(published, *MONTHS), marker)
        assert marker in output
        assert reader.execute("select count(*) from monitoring.early_warnings").fetchone()[0] > 0
        assert digest(analytics) == before  # the old warehouse, whole

    # The rerun; a second run started meanwhile is refused with one clear line.
    rerun = start_run(published, *MONTHS)
    for line in rerun.stdout:
        if 'Started execution of step "raw_extracts"' in line:
            break
    second = subprocess.run(
        [CLI, "run"],
        env=environment(published),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    rest = rerun.stdout.read()
    assert rerun.wait(timeout=600) == 0, rest[-3000:]
    assert second.returncode == 2
    errors = [line for line in second.stderr.splitlines() if "warning:" not in line]
    assert len(errors) == 1 and "another run is in progress" in errors[0]
    # The analyst's open connection did not block the run and still reads the old warehouse.
    assert reader.execute("select max(month) from monitoring.rule_coverage").fetchone() == (
        MONTHS[-2],
    )
    reader.close()
    assert not list((published / "warehouse").glob(".*.tmp"))
    with duckdb.connect(str(analytics), read_only=True) as con:
        assert con.execute("select max(month) from monitoring.rule_coverage").fetchone() == (
            MONTHS[-1],
        )

    # The same landing run once, cleanly, from scratch gives the same warehouse.
    clean = tmp_path / "clean"
    shutil.copytree(published / "all_landing", clean / "raw_landing")
    run_to_end(clean)
    assert digest(analytics) == digest(clean / "warehouse" / "analytics.duckdb")
