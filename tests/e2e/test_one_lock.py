"""Issue 25 part B: one lock for every door, and failures that reach a person.

(1) a Dagster run while the CLI holds the warehouse's run lock waits, then fails with the
CLI's one line; the CLI while a Dagster run holds it is refused in one line (exit 2).
(2) `dagster job backfill` of three partitions (three runs launched at once): all three
months built, none failed on a lock (they waited for each other).
(3) a failed automated run reaches the webhook and the status file without an ID number or
name, and `poverty-monitor status` shows the month failed with its cause; a CLI run that
fixes it shows as a success.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from types import SimpleNamespace

import dagster as dg
import duckdb
import pytest
from conftest import dagster_home, pipeline_environment
from user_door import CLI, cli, user_environment

from orchestration.lib.run_failures import first_failure
from orchestration.lib.run_status import month_results

MONTHS = ["2026-04", "2026-05", "2026-06"]
PARTITIONS = [f"{month}-01" for month in MONTHS]
DAGSTER = str(Path(sys.executable).parent / "dagster")
ID_NUMBER = re.compile(r"\d{17}[\dX]")
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
    """50 households, three months landed (the generator writes twelve at least)."""
    root = tmp_path_factory.mktemp("one_lock")
    cli("generate", "--households", "50", "--months", f"2025-07:{MONTHS[-1]}",
        "--out", str(root / "landing"), "--seed", "25", home=root / "home")  # fmt: skip
    for folder in (root / "landing").glob("*/*"):
        if folder.name < MONTHS[0]:
            shutil.rmtree(folder)
    return root / "landing"


def environment(landing: Path, warehouse: Path, home: Path, **settings: str) -> dict[str, str]:
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
    from orchestration.lib.dbt_manifest import ensure_manifest
    from orchestration.settings import load_settings

    ensure_manifest(load_settings())
    from orchestration.definitions import defs

    return defs().resolve_job_def("monthly_early_warning")


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
    landing, tmp_path
):
    warehouse, home = tmp_path / "warehouse", dagster_home(tmp_path / "dagster_home")
    env = environment(landing, warehouse, home)
    env["DAGSTER_HOME"] = str(home)
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
    # They were launched at once: the lock made some wait for the others.
    assert any("waiting for the run in progress on" in line for line in logged)
    with duckdb.connect(str(warehouse / "analytics.duckdb"), read_only=True) as con:
        built = con.execute(
            "select distinct month from quality.file_reconciliation order by month"
        ).fetchall()
    assert [month for (month,) in built] == MONTHS


def wait_for_runs(instance, expected: int, timeout: float = 1500):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = instance.get_runs()
        if len(runs) >= expected and all(run.is_finished for run in runs):
            return runs
        time.sleep(2)
    raise AssertionError(f"runs not finished after {timeout} s: {instance.get_runs()}")


class Webhook(BaseHTTPRequestHandler):
    """A county's robot: keeps what it is sent."""

    received: list[dict] = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        Webhook.received.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"errcode": 0}')

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def failed_run(landing, tmp_path_factory) -> SimpleNamespace:
    """June run as the sensor or the schedule launches it (a partition, no CLI tag) with a
    reference folder that is not there; the run-failure sensor evaluated on its failure."""
    from orchestration.defs.alerts.sensors import run_failure_alerts

    root = tmp_path_factory.mktemp("failed_run")
    server = HTTPServer(("127.0.0.1", 0), Webhook)  # a free port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Webhook.received = []
    with pipeline_environment(landing, root / "warehouse") as settings:
        os.environ["POVMON_ALERT_WEBHOOK"] = (
            f"http://127.0.0.1:{server.server_port}/cgi-bin/webhook/send?key=robot-key"
        )
        os.environ["POVMON_REFERENCE_DIR"] = str(root / "no_such_reference")
        job = monthly_job()
        with dg.DagsterInstance.get() as instance:
            result = job.execute_in_process(
                partition_key=PARTITIONS[-1], instance=instance, raise_on_error=False
            )
            [failed] = [event for event in result.all_events if event.is_job_failure]
            context = dg.build_run_status_sensor_context(
                sensor_name=run_failure_alerts.name,
                dagster_event=failed,
                dagster_instance=instance,
                dagster_run=result.dagster_run,
            ).for_run_failure()
            run_failure_alerts(context)
    server.shutdown()
    server.server_close()
    return SimpleNamespace(
        root=root, warehouse=settings.warehouse_dir, run=result, alerts=list(Webhook.received)
    )


def test_3_a_failed_automated_run_posts_its_month_step_and_cause_to_the_webhook(failed_run):
    assert not failed_run.run.success
    [alert] = failed_run.alerts
    assert alert["msgtype"] == "text"
    text = alert["text"]["content"]
    assert text.startswith(
        "poverty-monitor: the monthly run for 2026-06 failed in warehouse_models: "
    )
    assert "no_such_reference" in text and "\n" not in text


def test_3_the_failure_is_in_the_status_file(failed_run):
    entry = month_results(failed_run.warehouse / "status.json")["2026-06"]
    assert (entry["result"], entry["step"]) == ("failed", "warehouse_models")
    assert "no_such_reference" in entry["cause"]
    assert entry["run_id"] == failed_run.run.run_id


def test_3_neither_carries_an_id_number_or_a_name(failed_run, landing):
    secrets = identities(landing)
    assert len(secrets) > 40
    written = json.dumps(failed_run.alerts, ensure_ascii=False)
    written += (failed_run.warehouse / "status.json").read_text(encoding="utf-8")
    assert not ID_NUMBER.search(written)
    assert not {secret for secret in secrets if secret in written}


def test_3_status_shows_the_month_failed_with_its_cause(failed_run, landing):
    env = environment(landing, failed_run.warehouse, failed_run.root / "home")
    statuses = json.loads(status(env, "--format", "json"))
    assert [month["month"] for month in statuses] == MONTHS
    june = statuses[-1]
    assert (june["result"], june["step"]) == ("failed", "warehouse_models")
    assert "no_such_reference" in june["cause"]
    assert june["complete"] and len(june["landed"]) == 4 and not june["missing"]
    assert all(month["stale"] for month in statuses)  # nothing published yet
    assert "failed in warehouse_models: reference folder" in status(env)


def test_3_a_cli_run_after_the_fix_shows_as_a_success_with_nothing_stale(failed_run, landing):
    env = environment(landing, failed_run.warehouse, failed_run.root / "home")
    subprocess.run([CLI, "run", "--month", MONTHS[-1]], env=env, check=True,
                   capture_output=True, timeout=1200)  # fmt: skip
    june = json.loads(status(env, "--format", "json"))[-1]
    assert (june["result"], june["cause"], june["stale"]) == ("success", None, [])


def status(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [CLI, "status", *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def identities(landing: Path) -> set[str]:
    """Every ID number and name in the landed extracts."""
    found = set()
    for path in landing.rglob("*.csv"):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                found |= {
                    value
                    for header, value in row.items()
                    if header and ("身份证" in header or "姓名" in header) and value
                }
    return found
