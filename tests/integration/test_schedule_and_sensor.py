"""Issue 25: the schedule runs the right month; the sensor waits for a complete month.

One county built through May by the CLI; June lands department by department while the
definitions' own sensor and schedule are evaluated by Dagster (no daemon, no waiting for a
date), then June is run by the CLI and the ticks look again. The story runs once (one June
run per module); each test asserts on one step of it.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg
import pytest
from conftest import pipeline_environment
from june_arrives import JUNE, copy_of

from orchestration.lib.dbt_manifest import ensure_manifest

LAST_DEPARTMENT = "medical_insurance"
DEADLINE_TICK = datetime(2026, 7, 10, 2, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


class Ticks:
    """The definitions' sensor evaluated tick after tick, its cursor carried as the daemon
    carries it; the schedule evaluated at the July deadline."""

    def __init__(self, definitions: dg.Definitions, cursor: str | None = None):
        self.sensor = definitions.resolve_sensor_def("landed_extracts_sensor")
        self.schedule = definitions.resolve_schedule_def("monthly_early_warning_schedule")
        self.definitions = definitions
        self.cursor = cursor

    def sensor_tick(self):
        data = self.sensor.evaluate_tick(
            dg.build_sensor_context(cursor=self.cursor, definitions=self.definitions)
        )
        self.cursor = data.cursor or self.cursor
        return data

    def schedule_tick(self):
        context = dg.build_schedule_context(
            scheduled_execution_time=DEADLINE_TICK,
            repository_def=self.definitions.get_repository_def(),
        )
        return self.schedule.evaluate_tick(context)


def _land(county, sources: list[str]) -> None:
    for source in sources:
        shutil.copytree(
            county.june / source / JUNE, county.landing / source / JUNE, dirs_exist_ok=True
        )


def _touch(path) -> None:
    later = path.stat().st_mtime + 3600
    os.utime(path, (later, later))


@pytest.fixture(scope="module")
def story(through_may, tmp_path_factory):
    county = copy_of(through_may, tmp_path_factory.mktemp("sched"))
    seen: dict[str, object] = {"county": county}
    with pipeline_environment(county.landing, county.warehouse) as settings:
        ensure_manifest(settings)
        from orchestration.definitions import defs

        ticks = Ticks(defs())
        seen["switched_on"] = ticks.sensor_tick()  # no cursor: the sensor was just switched on
        june_sources = sorted(p.parent.name for p in county.june.glob(f"*/{JUNE}"))
        _land(county, [s for s in june_sources if s != LAST_DEPARTMENT])
        seen["three_departments"] = ticks.sensor_tick()
        seen["schedule_three_departments"] = ticks.schedule_tick()
        _touch(county.landing / "civil_affairs" / "2026-05" / "assistance_roll.csv")
        seen["touched_may"] = ticks.sensor_tick()
        _land(county, [LAST_DEPARTMENT])
        seen["fourth_department"] = ticks.sensor_tick()
        seen["schedule_before_run"] = ticks.schedule_tick()

        seen["june_run"] = county.run("--month", JUNE)
        seen["schedule_after_run"] = ticks.schedule_tick()
        seen["after_run"] = ticks.sensor_tick()
        _touch(county.landing / "human_resources" / JUNE / "employment.csv")
        seen["touched_june"] = ticks.sensor_tick()
        with (county.landing / LAST_DEPARTMENT / JUNE / "settlements.csv").open("a") as f:
            f.write("\n")  # the same rows, new bytes: a re-delivery
        seen["redelivered"] = ticks.sensor_tick()
        seen["redelivered_again"] = Ticks(defs()).sensor_tick()  # e.g. a reset cursor
        state = county.warehouse / "run_state.json"
        state.rename(state.with_suffix(".away"))  # as a warehouse built before the file
        seen["no_state_file"] = Ticks(defs()).sensor_tick()
        state.with_suffix(".away").rename(state)
    return seen


def _partitions(data) -> list[str | None]:
    return [request.partition_key for request in data.run_requests]


def test_1_schedule_at_the_july_deadline_requests_june(story):
    data = story["schedule_before_run"]
    assert _partitions(data) == ["2026-06-01"]  # not 2026-07-01: the month before the tick
    assert "povmon/missing_sources" not in data.run_requests[0].tags  # June is complete


def test_1_schedule_at_the_deadline_runs_a_partial_month_naming_who_is_missing(story):
    [request] = story["schedule_three_departments"].run_requests
    assert request.partition_key == "2026-06-01"
    assert request.tags["povmon/missing_sources"] == LAST_DEPARTMENT


def test_1_schedule_runs_nothing_for_a_june_already_run_with_the_same_files(story):
    assert story["june_run"].returncode == 0, story["june_run"].stderr[-2000:]
    data = story["schedule_after_run"]
    assert data.run_requests == []
    assert "already run" in data.skip_message


def test_2_switching_the_sensor_on_over_a_built_warehouse_requests_nothing(story):
    assert story["switched_on"].run_requests == []


def test_2_three_departments_of_june_request_nothing(story):
    assert story["three_departments"].run_requests == []


def test_2_the_fourth_department_requests_june_once(story):
    data = story["fourth_department"]
    assert _partitions(data) == ["2026-06-01"]
    assert data.run_requests[0].run_key.startswith("2026-06:")


def test_2_a_touched_file_requests_nothing(story):
    assert story["touched_may"].run_requests == []
    assert story["after_run"].run_requests == []
    assert story["touched_june"].run_requests == []


def test_2_a_redelivered_file_of_a_month_already_run_requests_it_again(story):
    data = story["redelivered"]
    assert _partitions(data) == ["2026-06-01"]
    # Asked again with the same bytes, the run key is the same: Dagster runs it once.
    again = story["redelivered_again"].run_requests
    assert [r.run_key for r in again] == [data.run_requests[0].run_key]
    assert data.run_requests[0].run_key != story["fourth_department"].run_requests[0].run_key


def test_the_run_state_file_holds_months_files_and_hashes_only(story):
    path = story["county"].warehouse / "run_state.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    state = json.loads(path.read_text(encoding="utf-8"))
    june = state["months"][JUNE]
    assert {f"{LAST_DEPARTMENT}/settlements.csv", "civil_affairs/assistance_roll.csv"} <= set(june)
    assert {entry["status"] for entry in june.values()} == {"loaded"}
    assert set(state) == {"version", "built_at", "months"}
    assert all(set(entry) == {"sha256", "status"} for entry in june.values())


def test_2_a_warehouse_built_before_the_state_file_requests_nothing_and_says_why(story):
    data = story["no_state_file"]
    assert data.run_requests == []
    assert "run_state.json" in data.skip_message


def test_a_fresh_warehouse_gets_one_run_for_consecutive_complete_months(tmp_path, monkeypatch):
    """Not one run per month (the flood of issue 25): one run for the stretch."""
    from conftest import point_settings_at

    from orchestration.definitions import defs
    from orchestration.lib.contract import EXTRACT_FILES

    for month in ("2026-04", "2026-05", "2026-07"):
        for extract in EXTRACT_FILES:  # the sensor looks at bytes, not at rows
            folder = tmp_path / "landing" / extract.source / month
            folder.mkdir(parents=True, exist_ok=True)
            (folder / extract.name).write_text("landed\n", encoding="utf-8")
    ensure_manifest(point_settings_at(monkeypatch, tmp_path / "landing", tmp_path / "warehouse"))
    data = Ticks(defs()).sensor_tick()
    stretch, july = data.run_requests
    assert stretch.partition_key is None
    assert (
        stretch.tags["dagster/asset_partition_range_start"],
        stretch.tags["dagster/asset_partition_range_end"],
    ) == ("2026-04-01", "2026-05-01")
    assert july.partition_key == "2026-07-01"
