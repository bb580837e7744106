"""The monthly run unattended, through the production doors (issue 25): `poverty-monitor serve
daemon` and `serve webserver` (the systemd units' ExecStart lines) with nothing in the
environment but the README's environment file. Three departments of June land: no run. The
fourth lands: exactly one run, for June, which succeeds and publishes. A re-delivered file
with new content: one more run; a `touch`ed file: none. Everything is read through the
webserver's GraphQL API."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest
from conftest import TEST_KEY
from dagster_ui import graphql
from dashboard_e2e import free_port
from june_arrives import JUNE, copy_of
from user_door import CLI

from orchestration.settings import PROJECT_ROOT

SENSOR_SECONDS = 30  # the setting's least value
RUNS_QUERY = """
{ runsOrError { __typename ... on Runs { results {
    runId status tags { key value } } } } }
"""
TICKS_QUERY = """
{ sensorOrError(sensorSelector: {repositoryName: "__repository__",
    repositoryLocationName: "orchestration.definitions", sensorName: "landed_extracts_sensor"}) {
  __typename ... on Sensor { sensorState { status ticks(limit: 200) { status timestamp } } } } }
"""
FIRST_THREE = ("civil_affairs", "medical_insurance", "human_resources")


def environment_file(county, home: Path) -> Path:
    """The README's environment file, filled in for this county."""
    template = (PROJECT_ROOT / "deploy" / "poverty-monitor.env.example").read_text()
    values = {
        "DAGSTER_HOME": str(home),
        "POVMON_LANDING_DIR": str(county.landing),
        "POVMON_WAREHOUSE_DIR": str(county.warehouse),
        "POVMON_PSEUDONYM_KEY": TEST_KEY,
        "POVMON_SENSOR_INTERVAL": str(SENSOR_SECONDS),
    }
    lines = []
    for line in template.splitlines():
        name = line.split("=", 1)[0]
        lines.append(f"{name}={values[name]}" if name in values else line)
    path = county.root / "poverty-monitor.env"
    path.write_text("\n".join(lines) + "\n")
    return path


def read_environment_file(path: Path) -> dict[str, str]:
    """What systemd's EnvironmentFile= gives the service: those variables and nothing else."""
    pairs = (
        line.split("=", 1)
        for line in path.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )
    return {name: value for name, value in pairs}


def runs(port: int) -> list[dict]:
    return graphql(port, RUNS_QUERY)["runsOrError"]["results"]


def ticks(port: int) -> list[dict]:
    return graphql(port, TICKS_QUERY)["sensorOrError"]["sensorState"]["ticks"]


def wait_for(condition, what: str, seconds: float = 900):
    deadline, last_error = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        try:
            value = condition()
        except (OSError, KeyError, TypeError) as err:  # the webserver still starting
            last_error = err
        else:
            if value:
                return value
        time.sleep(2)
    raise AssertionError(f"timed out waiting for {what} (last error: {last_error!r})")


def quiet_ticks(port: int, count: int = 2) -> None:
    """Let the sensor tick `count` more times (so a request, had there been one, was made)."""
    seen = len(ticks(port))
    wait_for(lambda: len(ticks(port)) >= seen + count, f"{count} sensor ticks", 300)


def finished(port: int) -> list[dict]:
    every = runs(port)
    assert not [r for r in every if r["status"] in ("FAILURE", "CANCELED")], every
    return every if all(r["status"] == "SUCCESS" for r in every) else []


def processes_with(variable: str) -> list[int]:
    """Every process whose environment holds `variable` (the daemon, the webserver, their code
    servers and run workers all inherit the environment file's DAGSTER_HOME)."""
    found = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if entry.name.isdigit() and variable.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
    return found


def redeliver(path: Path, content: bytes) -> None:
    """A corrected file, with its manifest entry updated as the department sends it."""
    path.write_bytes(content)
    manifest = path.parent / "_manifest.json"
    if manifest.exists():
        entries = json.loads(manifest.read_text(encoding="utf-8"))
        entries["files"][path.name]["sha256"] = hashlib.sha256(content).hexdigest()
        manifest.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")


def land(county, source: str) -> None:
    shutil.copytree(county.june / source / JUNE, county.landing / source / JUNE, dirs_exist_ok=True)


@pytest.fixture
def serving(through_may, tmp_path):
    """The two systemd units' ExecStart lines, each with the environment file only."""
    county = copy_of(through_may, tmp_path)
    port = free_port()
    env = read_environment_file(environment_file(county, tmp_path / "dagster_home"))
    units = [("daemon",), ("webserver", "--host", "127.0.0.1", "--port", str(port))]
    processes = [
        subprocess.Popen(
            [CLI, "serve", *unit],
            env=env,
            cwd=PROJECT_ROOT,
            stdout=open(tmp_path / f"{unit[0]}.log", "w"),  # noqa: SIM115 - closed with it
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for unit in units
    ]
    try:
        wait_for(lambda: ticks(port), "the sensor's first tick", 300)
        yield county, port
    finally:
        for process in processes:  # what systemd's KillSignal=SIGINT does
            os.killpg(process.pid, signal.SIGINT)
        for process in processes:
            try:
                process.wait(timeout=90)
            finally:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
        leftover = processes_with(f"DAGSTER_HOME={env['DAGSTER_HOME']}")
        assert not leftover, f"processes left running: {leftover}"


def test_the_sensor_runs_a_month_once_it_is_complete_and_again_on_new_content(serving):
    county, port = serving
    quiet_ticks(port)
    assert runs(port) == [], "switching the sensor on over a built warehouse requests nothing"

    for source in FIRST_THREE:
        land(county, source)
    quiet_ticks(port)
    assert runs(port) == [], "three departments of four: June is not complete"

    land(county, "rural_revitalization")
    first = wait_for(lambda: finished(port), "June's run")
    assert len(first) == 1
    assert {t["key"]: t["value"] for t in first[0]["tags"]}["dagster/partition"] == f"{JUNE}-01"
    with duckdb.connect(str(county.warehouse / "analytics.duckdb"), read_only=True) as con:
        assert (
            con.execute(
                "select count(*) from quality.file_reconciliation where month = ?", [JUNE]
            ).fetchone()[0]
            == 5
        )

    employment = county.landing / "human_resources" / JUNE / "employment.csv"
    redeliver(employment, employment.read_bytes() + b"\n")  # new bytes, the same rows
    wait_for(lambda: len(finished(port)) == 2, "the re-delivery's run")

    households = county.landing / "rural_revitalization" / JUNE / "households.csv"
    households.touch()
    quiet_ticks(port)
    assert len(runs(port)) == 2, "a touched file is not a re-delivery"
