"""The user's door for the tests that go in by it: the installed CLI in the user's
environment, and what a run recorded in the build database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
from conftest import TEST_KEY, dagster_home

CLI = str(Path(sys.executable).parent / "poverty-monitor")


def user_environment(home: Path, key: str | None = TEST_KEY) -> dict[str, str]:
    """The user's environment: the venv's bin on PATH, a key (None: no key exported), a
    Dagster home of its own."""
    env = dict(
        os.environ,
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        DAGSTER_HOME=str(dagster_home(home)),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        GX_ANALYTICS_ENABLED="False",
    )
    env.pop("POVMON_PSEUDONYM_KEY", None)
    if key is not None:
        env["POVMON_PSEUDONYM_KEY"] = key
    return env


def cli(*args: str, home: Path, timeout: int = 1800) -> str:
    result = subprocess.run(
        [CLI, *args],
        capture_output=True,
        text=True,
        env=user_environment(home),
        check=False,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def last_build(build_db: Path) -> tuple[str, str, bool]:
    """The months the latest build rebuilt and whether it was a full refresh."""
    with duckdb.connect(str(build_db), read_only=True) as con:
        return con.execute(
            "select min_month, max_month, full_refresh from raw.build_runs "
            "order by built_at desc limit 1"
        ).fetchone()
