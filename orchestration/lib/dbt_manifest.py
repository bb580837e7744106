"""Make sure dbt's manifest exists before Dagster loads the dbt assets (STACK-NOTES 2)."""

from __future__ import annotations

import fcntl
import json
import os
import re
import subprocess
from pathlib import Path

from orchestration.lib.dbt_args import dbt_environment, dbt_executable
from orchestration.settings import DBT_PROJECT_DIR, Settings

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class DbtParseFailed(Exception):
    pass


def ensure_manifest(settings: Settings) -> None:
    """Parse when the manifest is missing or older than any project file. The webserver, the
    code server and a run may load the definitions at once: one parses, the others wait."""
    target = DBT_PROJECT_DIR / "target"
    target.mkdir(exist_ok=True)
    with open(target / ".parse.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _is_fresh(target / "manifest.json"):
            _parse(settings)


def _is_fresh(manifest: Path) -> bool:
    return manifest.exists() and manifest.stat().st_mtime >= _newest_project_file()


def _parse(settings: Settings) -> None:
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
        raise DbtParseFailed(f"dbt parse failed: {first_error(result.stdout + result.stderr)}")


def first_error(output: str) -> str:
    """dbt's error as one line: the lines after "Encountered an error:", colours removed."""
    lines = [_ANSI.sub("", line).strip() for line in output.splitlines()]
    lines = [line for line in lines if line]
    start = next((i for i, line in enumerate(lines) if "Encountered an error" in line), None)
    if start is None:
        return next((line for line in lines if "rror" in line), lines[-1] if lines else "no output")
    return ": ".join(lines[start + 1 : start + 3]) or lines[start]


def _newest_project_file() -> float:
    files = [DBT_PROJECT_DIR / "dbt_project.yml"]
    for folder in ("models", "macros", "seeds", "tests"):
        files += (DBT_PROJECT_DIR / folder).rglob("*")
    return max(f.stat().st_mtime for f in files if f.is_file())


def executable_nodes(manifest_path: Path) -> int:
    """How many results a full `dbt build` reports to Dagster (unit tests report none)."""
    nodes = json.loads(manifest_path.read_text(encoding="utf-8"))["nodes"].values()
    return sum(node["resource_type"] in {"model", "seed", "snapshot", "test"} for node in nodes)


def incremental_tables(manifest_path: Path) -> frozenset[tuple[str, str]]:
    """(schema, table) of the month-grained models: a run rewrites only its window's months."""
    nodes = json.loads(manifest_path.read_text(encoding="utf-8"))["nodes"].values()
    return frozenset(
        (node["schema"], node["alias"])
        for node in nodes
        if node["resource_type"] == "model" and node["config"]["materialized"] == "incremental"
    )
