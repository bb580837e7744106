"""Issue 25 part B, one lock for every door: (1) a Dagster run while the CLI holds the
warehouse's run lock waits, then fails with the CLI's one line; the CLI while a Dagster run
holds it is refused in one line (exit 2); (2) `dagster job backfill` of three partitions (three
runs launched at once): all three months built, none failed on a lock (they waited their turn).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from three_months import (
    MONTHS,
    PARTITIONS,
    environment,
    land_three_months,
    monthly_job,
    point_at,
    status,
)
from user_door import CLI

from orchestration.lib.run_failures import first_failure

DAGSTER = str(Path(sys.executable).parent / "dagster")
HOLD_LOCK = {
    # The CLI's own lock, held as `poverty-monitor run` holds it.
    "cli": "from orchestration.lib.run_lock import exclusive_run as hold\n"
    "lock = hold(Path(sys.argv[1]))",
    # The lock as a Dagster run's resources take it at the start of the run.
    "dagster": "from orchestration.defs.resources import BuildDatabase\n"
    "lock = BuildDatabase().yield_for_execution(dg.build_init_resource_context())",
}


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Path:
    return land_three_months(tmp_path_factory.mktemp("one_lock"))


def hold_lock(door: str, warehouse: Path, env: dict[str, str]) -> subprocess.Popen:
    """Another process holding the warehouse's run lock until it is killed."""
    script = (
        textwrap.dedent("""
        import sys, time
        from pathlib import Path
        import dagster as dg
        """)
        + HOLD_LOCK[door]
        + "\nwith lock:\n    print('held', flush=True)\n    time.sleep(600)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(warehouse)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "held"
    return process


def test_1_a_dagster_run_waits_for_the_cli_then_fails_with_its_line(landing, tmp_path, monkeypatch):
    warehouse = tmp_path / "warehouse"
    point_at(monkeypatch, landing, warehouse, POVMON_LOCK_WAIT="3")
    job = monthly_job()
    holder = hold_lock("cli", warehouse, environment(landing, warehouse, tmp_path / "home"))
    try:
        started = time.monotonic()
        with dg.DagsterInstance.ephemeral() as instance:
            result = job.execute_in_process(
                partition_key=PARTITIONS[-1], instance=instance, raise_on_error=False
            )
            logged = [entry.user_message for entry in instance.all_logs(result.run_id)]
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert not result.success
    cause = first_failure(result.all_events).cause
    assert cause.startswith(f"another run is in progress on {warehouse} (poverty-monitor run, ")
    assert "since" in cause and "\n" not in cause
    assert any("waiting for the run in progress on" in line for line in logged)
    assert waited >= 3
    assert not (warehouse / "build.duckdb").exists()  # no step opened the build database


def test_1_the_cli_is_refused_in_one_line_while_a_dagster_run_holds_the_lock(landing, tmp_path):
    warehouse = tmp_path / "warehouse"
    env = environment(landing, warehouse, tmp_path / "home")
    holder = hold_lock("dagster", warehouse, env)
    try:
        result = subprocess.run(
            [CLI, "run", "--month", MONTHS[-1]], env=env, capture_output=True, text=True,
            timeout=600, check=False,
        )  # fmt: skip
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 2, result.stdout[-2000:] + result.stderr[-2000:]
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(
        f"poverty-monitor run: error: another run is in progress on {warehouse} (Dagster run, "
    )
    assert "Traceback" not in result.stdout + result.stderr


def test_2_a_backfill_of_three_partitions_builds_all_three_and_no_run_fails_on_a_lock(
    landing, tmp_path, monkeypatch
):
    from orchestration.defs.alerts.sensors import run_success_records

    warehouse, home = tmp_path / "warehouse", tmp_path / "dagster_home"
    env = environment(landing, warehouse, home)  # writes home's dagster.yaml
    # The worst case for the lock: every run launched at once, no queue (Dagster's default
    # queue needs the daemon; the shipped instance queues one run at a time).
    with open(home / "dagster.yaml", "a") as instance_yaml:
        instance_yaml.write(
            "run_coordinator:\n"
            "  module: dagster._core.run_coordinator.default_run_coordinator\n"
            "  class: DefaultRunCoordinator\n"
        )
    subprocess.run(
        [DAGSTER, "job", "backfill", "-m", "orchestration.definitions",
         "-j", "monthly_early_warning", "--partitions", ",".join(PARTITIONS), "--noprompt"],
        env=env, capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    with dg.DagsterInstance.from_config(str(home)) as instance:
        runs = wait_for_runs(instance, expected=3)
        assert sorted(run.tags["dagster/partition"] for run in runs) == PARTITIONS
        assert [run.status for run in runs] == [dg.DagsterRunStatus.SUCCESS] * 3, [
            first_failure(e.dagster_event for e in instance.all_logs(run.run_id) if e.dagster_event)
            for run in runs
        ]
        logged = [e.user_message for run in runs for e in instance.all_logs(run.run_id)]
        point_at(monkeypatch, landing, warehouse)
        for run in runs:  # as the daemon evaluates the success sensor
            [succeeded] = instance.all_logs(run.run_id, of_type=dg.DagsterEventType.RUN_SUCCESS)
            run_success_records(
                dg.build_run_status_sensor_context(
                    sensor_name=run_success_records.name,
                    dagster_event=succeeded.dagster_event,
                    dagster_instance=instance,
                    dagster_run=run,
                )
            )
    # They were launched at once: the lock made some wait for the others.
    assert any("waiting for the run in progress on" in line for line in logged)
    with duckdb.connect(str(warehouse / "analytics.duckdb"), read_only=True) as con:
        built = con.execute(
            "select distinct month from quality.file_reconciliation order by month"
        ).fetchall()
    assert [month for (month,) in built] == MONTHS
    statuses = json.loads(status(env, "--format", "json"))
    assert [(s["month"], s["result"], s["stale"]) for s in statuses] == [
        (month, "success", []) for month in MONTHS
    ]


def wait_for_runs(instance, expected: int, timeout: float = 1500):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = instance.get_runs()
        if len(runs) >= expected and all(run.is_finished for run in runs):
            return runs
        time.sleep(2)
    raise AssertionError(f"runs not finished after {timeout} s: {instance.get_runs()}")
