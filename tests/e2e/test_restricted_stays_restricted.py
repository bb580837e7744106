"""Restricted data stays restricted, and publish is all or nothing (issue items 4, 9, 10).

One story on a county run through May: June arrives with an ID number and names in the wrong
columns and is run by the CLI; then a publish is left half done (restricted.duckdb put back
to May's, the state a kill between the two moves leaves); a run is killed while it publishes;
the next run repairs everything. Each test asserts on what one step left behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import time
from dataclasses import dataclass, field

import pytest
from conftest import TEST_KEY
from extract_edits import read_extract, write_extract
from june_arrives import FIRST, JUNE, copy_of
from landing_files import make_id
from privacy_scan import (
    analytics_text,
    birth_dates,
    delivered_dates,
    files_text,
    identities_in,
    landed_identities,
    readable_by_others,
)
from user_door import CLI, user_environment

MISPLACED_ID = make_id("43062419870523004")  # in 劳动能力
NAME_AS_HEALTH, NAME_AS_VISIT = "慕容雪晴", "端木秋云"  # in 健康状况, in 就诊类型
PUBLISH_MARKER = "publish: writing restricted.duckdb"
INTERRUPTED = "the last publish was interrupted: run poverty-monitor run again"
# What others may read under the warehouse folder: the published analytics copy (and its spare
# from the publish before), the Data Docs, and files without personal data: the publish stamp,
# what the last run built (for the sensor) and each month's last run (for `status`).
READABLE = {
    "analytics.duckdb",
    ".analytics.duckdb.spare",
    ".publish_stamp",
    "run_state.json",
    "status.json",
}


@dataclass
class Story:
    county: object
    june_run: subprocess.CompletedProcess
    half_published: dict[str, subprocess.CompletedProcess] = field(default_factory=dict)
    killed_output: str = ""
    killed_leftovers: dict[str, int] = field(default_factory=dict)
    repair_run: subprocess.CompletedProcess | None = None
    repaired: dict[str, subprocess.CompletedProcess] = field(default_factory=dict)


def plant_misplaced_identities(county) -> None:
    members_path = county.june_file("rural_revitalization", "members.csv")
    members, encoding = read_extract(members_path)
    assert NAME_AS_HEALTH not in set(members["姓名"])
    members.loc[0, "劳动能力"] = MISPLACED_ID
    members.loc[1, "健康状况"] = NAME_AS_HEALTH
    write_extract(members_path, members, encoding)
    settlements_path = county.june_file("medical_insurance", "settlements.csv")
    settlements, encoding = read_extract(settlements_path)
    settlements.loc[0, "就诊类型"] = NAME_AS_VISIT
    write_extract(settlements_path, settlements, encoding)


def reader(county, command: str) -> subprocess.CompletedProcess:
    """`warnings` or `worklist` for June, whatever its exit status."""
    return subprocess.run(
        [CLI, command, "--warehouse", str(county.warehouse), "--month", JUNE],
        env=user_environment(county.home),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def readers(county) -> dict[str, subprocess.CompletedProcess]:
    return {command: reader(county, command) for command in ("warnings", "worklist")}


def run_killed_while_publishing(county) -> str:
    """`run --month JUNE`, SIGKILLed (whole process group) once it writes restricted.duckdb."""
    process = subprocess.Popen(
        [CLI, "run", *county.locations, "--month", JUNE],
        env=user_environment(county.home),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    seen, deadline = [], time.monotonic() + 600
    for line in process.stdout:
        seen.append(line)
        if PUBLISH_MARKER in line or time.monotonic() > deadline:
            break
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    return "".join(seen)


@pytest.fixture(scope="module")
def story(through_may, tmp_path_factory) -> Story:
    county = copy_of(through_may, tmp_path_factory.mktemp("restricted"))
    may_restricted = county.root / "may_restricted.duckdb"
    shutil.copy2(county.warehouse / "restricted.duckdb", may_restricted)
    plant_misplaced_identities(county)
    county.land_june()
    told = Story(county, county.run("--month", JUNE))
    assert told.june_run.returncode == 0, told.june_run.stdout[-3000:] + told.june_run.stderr

    # Item 10: the state a kill between moving restricted.duckdb and analytics.duckdb leaves.
    shutil.copy2(may_restricted, county.warehouse / "restricted.duckdb")
    told.half_published = readers(county)

    # Item 4: a run killed while the restricted copy is being written.
    told.killed_output = run_killed_while_publishing(county)
    told.killed_leftovers = {
        path.name: stat.S_IMODE(path.stat().st_mode)
        for path in county.warehouse.glob(".restricted.duckdb*")
        if path.name != ".restricted.duckdb.spare"
    }

    told.repair_run = county.run("--month", JUNE)
    told.repaired = readers(county)
    return told


def test_item4_only_the_published_analytics_and_data_docs_are_readable_by_others(story):
    warehouse = story.county.warehouse
    assert story.repair_run.returncode == 0, story.repair_run.stderr
    readable = readable_by_others(warehouse)
    assert readable
    assert {p for p in readable if p not in READABLE and not p.startswith("data_docs")} == set()
    assert stat.S_IMODE(warehouse.stat().st_mode) == 0o711  # reach known files, not list
    for private in ("build.duckdb", "restricted.duckdb"):
        assert stat.S_IMODE((warehouse / private).stat().st_mode) == 0o600
    for folder in ("logs", "gx_project", "dbt_target", "restricted"):
        assert stat.S_IMODE((warehouse / folder).stat().st_mode) == 0o700


def test_item4_a_run_killed_while_publishing_leaves_only_private_temporaries(story):
    assert PUBLISH_MARKER in story.killed_output
    staging = [name for name in story.killed_leftovers if name.endswith(".tmp")]
    assert staging, story.killed_leftovers  # the kill landed while the copy was written
    assert {name: oct(mode) for name, mode in story.killed_leftovers.items() if mode & 0o077} == {}


def test_item9_misplaced_id_numbers_and_names_are_not_in_docs_stores_or_logs(story):
    text = files_text(story.county.warehouse)  # Data Docs, gx_project, logs, dbt_target
    assert "expect_column_values_to_be_in_set" in text  # the validations are there
    secrets = {MISPLACED_ID, NAME_AS_HEALTH, NAME_AS_VISIT, *birth_dates(MISPLACED_ID)}
    assert {secret for secret in secrets if secret in text} == set()


def test_must_show_no_identity_or_key_in_anything_others_can_read(story):
    county = story.county
    ids, names = landed_identities(county.landing)
    ids.add(MISPLACED_ID)
    names |= {NAME_AS_HEALTH, NAME_AS_VISIT}
    # Birth dates before the first month that no extract delivers as a date of its own (a
    # settlement on someone's birthday is not a leak; dates from the run on are due dates).
    dates = {
        date
        for id_number in ids
        for date in birth_dates(id_number)
        if date.replace("-", "") < FIRST.replace("-", "") + "01"
    } - delivered_dates(county.landing)
    assert len(dates) > 500
    assert len(ids) > 500 and len(names) > 300
    readable_files = [
        county.warehouse / path
        for path in readable_by_others(county.warehouse)
        if (county.warehouse / path).is_file() and ".duckdb" not in path
    ]
    everything = "\n".join(
        [
            analytics_text(county.warehouse / "analytics.duckdb"),
            # (not dbt's target folder, private: its manifest holds dbt's unit-test fixtures)
            files_text(*(county.warehouse / part for part in ("logs", "data_docs", "gx_project"))),
            *(path.read_text(encoding="utf-8", errors="ignore") for path in readable_files),
        ]
    )
    assert identities_in(everything, ids, names, dates) == set()
    assert TEST_KEY not in everything


def test_item10_readers_refuse_a_half_done_publish_in_one_line(story):
    for command, result in story.half_published.items():
        assert result.returncode == 2, (command, result.stdout[-2000:])
        errors = [line for line in result.stderr.splitlines() if "warning:" not in line]
        assert errors == [f"poverty-monitor {command}: error: {INTERRUPTED}"], result.stderr


def test_item10_the_next_run_publishes_both_and_the_readers_agree(story):
    assert {result.returncode for result in story.half_published.values()} == {2}  # refused
    assert story.repair_run.returncode == 0, story.repair_run.stderr
    warnings, worklist = story.repaired["warnings"], story.repaired["worklist"]
    assert warnings.returncode == 0, warnings.stderr
    assert worklist.returncode == 0, worklist.stderr
    opened = int(warnings.stdout.split(" households in the case loop: ")[1].split(" with")[0])
    lists = int(worklist.stdout.split(" township work lists")[0].split()[-1])
    assert opened > 0 and lists > 0  # June's leads are in both files
