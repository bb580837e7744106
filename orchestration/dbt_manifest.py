"""Make sure dbt's manifest exists before Dagster loads the dbt assets (STACK-NOTES 2)."""

from __future__ import annotations

import os
import subprocess

from orchestration.dbt_cli import dbt_environment, dbt_executable
from orchestration.settings import DBT_PROJECT_DIR, Settings


class DbtParseFailed(Exception):
    pass


def ensure_manifest(settings: Settings) -> None:
    """Parse when the manifest is missing or older than any project file."""
    manifest = DBT_PROJECT_DIR / "target" / "manifest.json"
    if manifest.exists() and manifest.stat().st_mtime >= _newest_project_file():
        return
    result = subprocess.run(
        [
            dbt_executable(),
            "parse",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--quiet",
        ],
        env={**os.environ, **dbt_environment(settings)},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        lines = (result.stdout + result.stderr).strip().splitlines() or ["no output"]
        first_error = next((line for line in lines if "rror" in line), lines[-1])
        raise DbtParseFailed(f"dbt parse failed: {first_error.strip()}")


def _newest_project_file() -> float:
    files = [DBT_PROJECT_DIR / "dbt_project.yml"]
    for folder in ("models", "macros", "seeds", "tests"):
        files += (DBT_PROJECT_DIR / folder).rglob("*")
    return max(f.stat().st_mtime for f in files if f.is_file())
