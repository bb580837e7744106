"""The warehouse's run lock: re-entrant in the thread that holds it (the CLI runs the job
in-process, whose resources take it again), exclusive for everyone else, who wait or are
refused with one line naming the holder; and the settings that tune it."""

from __future__ import annotations

import threading
import time

import pytest

from orchestration.lib.run_lock import RunInProgress, exclusive_run
from orchestration.settings import SettingsError, load_settings


def in_thread(function):
    outcome = {}

    def target():
        try:
            outcome["value"] = function()
        except Exception as err:  # handed back to the test
            outcome["error"] = err

    thread = threading.Thread(target=target)
    thread.start()
    return thread, outcome


def test_the_holder_takes_it_again_and_anyone_else_is_refused_naming_it(tmp_path):
    with exclusive_run(tmp_path, door="poverty-monitor run"):
        with exclusive_run(tmp_path, door="Dagster run 1234abcd", wait_seconds=60):
            pass  # re-entered at once: no wait for itself
        thread, outcome = in_thread(lambda: exclusive_run(tmp_path).__enter__())
        thread.join(10)
        assert isinstance(outcome["error"], RunInProgress)
        message = str(outcome["error"])
        assert message.startswith(
            f"another run is in progress on {tmp_path} (poverty-monitor run, "
        )
        assert " since " in message and "\n" not in message
    with exclusive_run(tmp_path):  # released, also after the re-entry ended
        pass


def test_a_waiting_run_says_so_once_and_starts_when_the_lock_comes_free(tmp_path):
    said = []

    def wait_then_hold():
        with exclusive_run(tmp_path, door="Dagster run", wait_seconds=30, on_wait=said.append):
            return time.monotonic()

    with exclusive_run(tmp_path):
        thread, outcome = in_thread(wait_then_hold)
        time.sleep(1.5)
        released = time.monotonic()
    thread.join(30)
    assert outcome["value"] >= released
    assert len(said) == 1 and said[0].startswith(f"waiting for the run in progress on {tmp_path}")


def test_a_run_that_waits_too_long_is_refused(tmp_path):
    with exclusive_run(tmp_path):
        thread, outcome = in_thread(lambda: exclusive_run(tmp_path, wait_seconds=1).__enter__())
        thread.join(10)
    assert isinstance(outcome["error"], RunInProgress)


def test_lock_wait_and_webhook_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("POVMON_WAREHOUSE_DIR", str(tmp_path))
    settings = load_settings()
    assert settings.lock_wait_seconds == 4 * 3600 and settings.alert_webhook is None
    assert settings.run_status_file == tmp_path / "status.json"
    monkeypatch.setenv("POVMON_LOCK_WAIT", "soon")
    with pytest.raises(SettingsError, match="POVMON_LOCK_WAIT"):
        load_settings()
    monkeypatch.setenv("POVMON_LOCK_WAIT", "60")
    monkeypatch.setenv("POVMON_ALERT_WEBHOOK", "qyapi.weixin.qq.com/send?key=secret-robot-key")
    with pytest.raises(SettingsError) as refused:
        load_settings()
    assert "secret-robot-key" not in str(refused.value)  # the URL carries the robot's key
    monkeypatch.setenv("POVMON_ALERT_WEBHOOK", "https://oapi.dingtalk.com/robot/send?x=1")
    monkeypatch.setenv("POVMON_STATUS_FILE", str(tmp_path / "ops" / "povmon.json"))
    settings = load_settings()
    assert settings.lock_wait_seconds == 60
    assert settings.run_status_file == tmp_path / "ops" / "povmon.json"
