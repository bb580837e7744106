"""`make dev` on a checkout, with nothing of the project in the environment (no POVMON_*
variables, the venv not on PATH): the UI comes up and the code location is loaded."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

from dagster_ui import graphql
from dashboard_e2e import free_port

from orchestration.settings import PROJECT_ROOT

LOCATION_QUERY = """
{ workspaceOrError { __typename ... on Workspace { locationEntries {
    name
    locationOrLoadError {
      __typename
      ... on RepositoryLocation { repositories { jobs { name } } }
      ... on PythonError { message }
    } } } } }
"""


PROJECT_VARIABLES = ("POVMON_", "DBT_", "GX_", "DAGSTER_", "VIRTUAL_ENV")


def user_environment(dagster_home: Path) -> dict[str, str]:
    """The machine's shell with nothing of the project in it: no POVMON_*/DBT_*/GX_* settings,
    no activated venv on PATH (only DAGSTER_HOME, so the test keeps its instance in tmp)."""
    venv = str(PROJECT_ROOT / ".venv")
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if not p.startswith(venv)]
    env = {k: v for k, v in os.environ.items() if not k.startswith(PROJECT_VARIABLES)}
    return {**env, "PATH": os.pathsep.join(path), "DAGSTER_HOME": str(dagster_home)}


def group_alive(process: subprocess.Popen) -> bool:
    process.poll()  # reap make itself; the processes it leaves are reaped by init
    try:
        os.killpg(process.pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_for_group(process: subprocess.Popen, seconds: float) -> bool:
    """True once no process of the group is left (zombies included) within `seconds`."""
    deadline = time.monotonic() + seconds
    while group_alive(process):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def stop_group(process: subprocess.Popen) -> str:
    """Ctrl-C (SIGINT, Dagster's clean shutdown) to the whole group, as a terminal sends it;
    what is still running 30 s later is listed, then SIGKILLed."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGINT)
    if wait_for_group(process, 30):
        return ""
    left = subprocess.run(
        ["ps", "-o", "pid,stat,cmd", "-g", str(process.pid)], capture_output=True, text=True
    ).stdout
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    wait_for_group(process, 30)
    return left


def test_make_dev_loads_the_code_location_with_a_bare_environment(tmp_path):
    env = user_environment(tmp_path / "dagster_home")
    assert not any(name.startswith(PROJECT_VARIABLES[:3]) for name in env)
    port = free_port()
    log = tmp_path / "make-dev.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            ["make", "dev", f"DEV_PORT={port}"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 180
        location = None
        while time.monotonic() < deadline and process.poll() is None:
            with contextlib.suppress(OSError, KeyError, TypeError):
                entries = graphql(port, LOCATION_QUERY)["workspaceOrError"]["locationEntries"]
                location = entries[0]["locationOrLoadError"] if entries else None
                if location is not None:
                    break
            time.sleep(1)
        assert location is not None, log.read_text()[-3000:]
        assert location["__typename"] == "RepositoryLocation", location.get("message")
        jobs = {job["name"] for repo in location["repositories"] for job in repo["jobs"]}
        assert "monthly_early_warning" in jobs
        config = (tmp_path / "dagster_home" / "dagster.yaml").read_text()
        assert "nux:\n  enabled: false" in config and "telemetry:\n  enabled: false" in config
    finally:
        left_running = stop_group(process)
    assert not left_running, f"make dev left processes running after Ctrl-C:\n{left_running}"
