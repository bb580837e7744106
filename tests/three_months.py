"""A small county for the tests of the run lock, the alerts and `poverty-monitor status`
(issue 25): 50 households, three months landed, and the doors a run comes in by."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from user_door import CLI, cli, user_environment

MONTHS = ["2026-04", "2026-05", "2026-06"]
PARTITIONS = [f"{month}-01" for month in MONTHS]


def land_three_months(root: Path) -> Path:
    """The generator writes twelve months at least: the first nine are taken away."""
    cli("generate", "--households", "50", "--months", f"2025-07:{MONTHS[-1]}",
        "--out", str(root / "landing"), "--seed", "25", home=root / "home")  # fmt: skip
    for folder in (root / "landing").glob("*/*"):
        if folder.name < MONTHS[0]:
            shutil.rmtree(folder)
    return root / "landing"


def environment(landing: Path, warehouse: Path, home: Path, **settings: str) -> dict[str, str]:
    """The user's environment for the CLI and `dagster` (writes home's dagster.yaml)."""
    return {
        **user_environment(home),
        "POVMON_LANDING_DIR": str(landing),
        "POVMON_WAREHOUSE_DIR": str(warehouse),
        **settings,
    }


def point_at(monkeypatch, landing: Path, warehouse: Path, **settings: str) -> None:
    monkeypatch.setenv("POVMON_LANDING_DIR", str(landing))
    monkeypatch.setenv("POVMON_WAREHOUSE_DIR", str(warehouse))
    for name, value in settings.items():
        monkeypatch.setenv(name, value)


def monthly_job():
    """The job as the code location defines it (the dbt manifest built first, as the CLI does)."""
    from orchestration.lib.dbt_manifest import ensure_manifest
    from orchestration.settings import load_settings

    ensure_manifest(load_settings())
    from orchestration.definitions import defs

    return defs().resolve_job_def("monthly_early_warning")


def status(env: dict[str, str], *args: str) -> str:
    """`poverty-monitor status`, which must succeed."""
    result = subprocess.run(
        [CLI, "status", *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout
