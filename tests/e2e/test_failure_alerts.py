"""Issue 25 part B, failures reach a person: (3) a failed automated run reaches the webhook
and the status file without an ID number or a name, and `poverty-monitor status` shows the
month failed with its cause; the CLI run that fixes it shows as a success."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from types import SimpleNamespace

import dagster as dg
import pytest
from conftest import pipeline_environment
from three_months import MONTHS, PARTITIONS, environment, land_three_months, monthly_job, status
from user_door import CLI

from orchestration.lib.run_status import month_results

ID_NUMBER = re.compile(r"\d{17}[\dX]")


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Path:
    return land_three_months(tmp_path_factory.mktemp("alerts"))


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


def identities(landing: Path) -> set[str]:
    """Every ID number and name in the landed extracts."""
    found = set()
    for path in landing.rglob("*.csv"):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030")  # some departments deliver GB18030
        for row in csv.DictReader(io.StringIO(text)):
            found |= {
                value
                for header, value in row.items()
                if header and ("身份证" in header or "姓名" in header) and value
            }
    return found
