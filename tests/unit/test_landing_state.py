"""The sensor's and schedule's Dagster-free logic: hashing the landing with a cache, what a
month lacks, and whether a month was built with the files now landed."""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from orchestration.lib import landing_state
from orchestration.lib.contract import EXTRACT_FILES, SOURCES
from orchestration.lib.landing_state import LandingScan, content_key
from orchestration.lib.run_state import BuiltFile, RunState, plan_month
from orchestration.settings import SettingsError, load_automation_settings

MONTH = "2026-06"


def _land_all(landing, month=MONTH) -> None:
    for extract in EXTRACT_FILES:
        folder = landing / extract.source / month
        folder.mkdir(parents=True, exist_ok=True)
        (folder / extract.name).write_text(f"{extract.name}\n", encoding="utf-8")


def test_a_touched_file_is_not_read_again_and_keeps_its_hash(tmp_path, monkeypatch):
    _land_all(tmp_path)
    first = LandingScan(tmp_path)
    hashes = first.files_of(MONTH)
    path = tmp_path / "human_resources" / MONTH / "employment.csv"
    reads = []
    monkeypatch.setattr(
        landing_state, "file_sha256", lambda p: reads.append(p) or "rehashed-" + p.name
    )
    assert LandingScan(tmp_path, first.cache).files_of(MONTH) == hashes
    assert reads == []  # same size and mtime: the cache answers
    os.utime(path, (1, 1))
    assert LandingScan(tmp_path, first.cache).files_of(MONTH) != hashes
    assert reads == [path]  # touched: read again (the real hash would be unchanged)


def test_a_month_lacks_the_departments_not_landed_or_landed_as_rejected(tmp_path):
    _land_all(tmp_path)
    (tmp_path / "rural_revitalization" / MONTH / "members.csv").unlink()
    landed = LandingScan(tmp_path).files_of(MONTH)
    assert plan_month(MONTH, landed, None).missing == ["rural_revitalization"]
    rejected = BuiltFile(landed["human_resources/employment.csv"], "rejected")
    state = RunState("t", {MONTH: {"human_resources/employment.csv": rejected}})
    plan = plan_month(MONTH, landed, state)
    assert set(plan.missing) == {"rural_revitalization", "human_resources"}
    assert len(SOURCES) == 4


def test_a_month_run_again_only_for_bytes_its_last_run_did_not_see(tmp_path):
    _land_all(tmp_path)
    landed = LandingScan(tmp_path).files_of(MONTH)
    built = {name: BuiltFile(sha256, "loaded") for name, sha256 in landed.items()}
    state = RunState("t", {MONTH: built})
    assert plan_month(MONTH, landed, state).built_with_these_files
    returned = {**landed, "case_management/verifications.csv": "abc"}
    assert plan_month(MONTH, returned, state).redelivered == ["case_management/verifications.csv"]
    assert plan_month("2026-07", landed, state).built is None


def test_the_run_key_is_the_month_and_its_contents():
    assert content_key(MONTH, {"a": "1", "b": "2"}) == content_key(MONTH, {"b": "2", "a": "1"})
    assert content_key(MONTH, {"a": "1"}) != content_key(MONTH, {"a": "2"})
    assert content_key(MONTH, {"a": "1"}).startswith("2026-06:")


def test_the_schedule_asks_for_the_month_before_its_tick_in_china():
    from orchestration.defs.automation.schedule import month_before

    assert month_before(datetime(2026, 7, 10, 2, tzinfo=ZoneInfo("Asia/Shanghai"))) == MONTH
    # 1 July 01:00 in China is still 30 June in UTC: China's month decides.
    assert month_before(datetime(2026, 6, 30, 17, tzinfo=ZoneInfo("UTC"))) == MONTH


@pytest.mark.parametrize(
    ("name", "value"),
    [("POVMON_DELIVERY_DEADLINE_DAY", "31"), ("POVMON_SENSOR_INTERVAL", "soon")],
)
def test_automation_settings_refuse_what_cannot_work(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        load_automation_settings()


def test_automation_settings_default_to_the_10th_and_five_minutes(monkeypatch):
    monkeypatch.delenv("POVMON_DELIVERY_DEADLINE_DAY", raising=False)
    monkeypatch.delenv("POVMON_SENSOR_INTERVAL", raising=False)
    settings = load_automation_settings()
    assert (settings.delivery_deadline_day, settings.sensor_interval) == (10, 300)


def test_a_fixed_reference_folder_asks_for_a_failed_month_again(tmp_path, monkeypatch):
    """The run key holds the reference folder's contents: the same files with a corrected
    folder are a new request, the same folder again is not."""
    import shutil

    from orchestration.defs.automation.requests import reference_version, requests_for
    from orchestration.lib.run_state import MonthPlan
    from orchestration.settings import SHIPPED_REFERENCE_DIR, load_settings

    plan = MonthPlan(MONTH, {"medical_insurance/settlements.csv": "abc"}, None)
    folder = tmp_path / "reference"
    monkeypatch.setenv("POVMON_REFERENCE_DIR", str(folder))
    broken = reference_version(load_settings())  # the folder is not there yet
    shutil.copytree(SHIPPED_REFERENCE_DIR, folder, ignore=shutil.ignore_patterns("*.yml"))
    fixed = reference_version(load_settings())
    keys = [requests_for([plan], version)[0].run_key for version in (broken, fixed, fixed)]
    assert keys[0] != keys[1] == keys[2]
