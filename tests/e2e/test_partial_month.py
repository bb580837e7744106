"""Issue 25, "a partial month says so, everywhere": June run with only the medical extract is
marked in `run` (before and after), `warnings`, the work lists and the dashboard; and June's
leads once every department arrived are the same whichever order they arrived in.

Five June runs in all: copy A lands medical_insurance, runs, then the rest, runs; copy B lands
all but medical_insurance, runs, then medical_insurance, runs; copy C lands everything at once.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from june_arrives import JUNE, copy_of
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest
from user_door import CLI, user_environment

from orchestration.cli.worklists import LEAD_ID_HEADER
from orchestration.dashboard import APP

MEDICAL = "medical_insurance"
REST = ("civil_affairs", "human_resources", "rural_revitalization")
BEFORE_RUN = (
    f"{JUNE} is incomplete: civil_affairs, human_resources, rural_revitalization not delivered"
    " — its warnings will be provisional"
)
PROVISIONAL = f"{JUNE} is incomplete (civil_affairs, human_resources, rural_revitalization"
NOTE = "临时名单：缺少民政、人社、乡村振兴部门数据，核实前请留意"
LEADS = "select * from monitoring.leads order by lead_id"
JUNE_STATUS = "select * from monitoring.lead_status where month = ? order by lead_id"


def land(county, *sources: str) -> None:
    for source in sources:
        shutil.copytree(
            county.june / source / JUNE, county.landing / source / JUNE, dirs_exist_ok=True
        )


def run_june(county) -> str:
    result = county.run("--month", JUNE)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def warnings_of(county, output: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [
            CLI,
            "warnings",
            "--month",
            JUNE,
            "--format",
            output,
            "--warehouse",
            str(county.warehouse),
        ],
        env=user_environment(county.home),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return result


def leads_of(county) -> tuple[list, list]:
    with duckdb.connect(str(county.warehouse / "analytics.duckdb"), read_only=True) as con:
        return con.execute(LEADS).fetchall(), con.execute(JUNE_STATUS, [JUNE]).fetchall()


def snapshot(county, folder: Path) -> Path:
    """analytics.duckdb as this run published it (for the dashboard, after later runs)."""
    folder.mkdir(parents=True)
    shutil.copy2(county.warehouse / "analytics.duckdb", folder / "analytics.duckdb")
    return folder


@pytest.fixture(scope="module")
def deliveries(through_may, tmp_path_factory):
    root = tmp_path_factory.mktemp("partial_month")
    seen: dict = {}
    a = copy_of(through_may, root / "a")
    land(a, MEDICAL)
    seen["run_partial"] = run_june(a)
    seen["warnings"] = {output: warnings_of(a, output) for output in ("table", "csv", "json")}
    seen["lists"] = root / "lists"
    seen["worklist"] = a.cli("worklist", "--month", JUNE, "--out", str(seen["lists"]),
                             "--warehouse", str(a.warehouse))  # fmt: skip
    seen["partial_warehouse"] = snapshot(a, root / "partial_warehouse")
    seen["provisional"] = leads_of(a)
    land(a, *REST)
    seen["run_complete"] = run_june(a)
    seen["warnings_complete"] = warnings_of(a, "csv")
    seen["a"] = leads_of(a)

    b = copy_of(through_may, root / "b")
    land(b, *REST)
    seen["run_b_partial"] = run_june(b)
    land(b, MEDICAL)
    run_june(b)
    seen["b"] = leads_of(b)

    c = copy_of(through_may, root / "c")
    c.land_june()
    run_june(c)
    seen["c"] = leads_of(c)
    seen["complete_warehouse"] = c.warehouse
    return seen


def test_1_run_names_the_missing_departments_before_it_starts(deliveries):
    before, _, after = deliveries["run_partial"].partition("Running ")
    assert BEFORE_RUN in before
    assert "is incomplete" not in deliveries["run_complete"]
    b_line = f"{JUNE} is incomplete: {MEDICAL} not delivered"
    assert b_line in deliveries["run_b_partial"].partition("Running ")[0]


def test_2_the_run_summary_marks_the_partial_month(deliveries):
    summary = deliveries["run_partial"].partition("Run summary")[2]
    assert f"PROVISIONAL {PROVISIONAL}" in summary
    assert "PROVISIONAL" not in deliveries["run_complete"]


def test_3_warnings_say_provisional_and_stay_parseable(deliveries):
    table, csv, as_json = (deliveries["warnings"][key] for key in ("table", "csv", "json"))
    assert table.stdout.splitlines()[0].startswith(PROVISIONAL)
    assert PROVISIONAL in csv.stderr and PROVISIONAL in as_json.stderr
    header, first = csv.stdout.splitlines()[:2]
    assert header.startswith("month,") and header.endswith(",month_complete")
    assert first.endswith(",False")
    records = json.loads(as_json.stdout)
    assert records and {record["month_complete"] for record in records} == {False}
    complete = deliveries["warnings_complete"]
    assert not complete.stderr and complete.stdout.splitlines()[1].endswith(",True")


def test_4_the_work_lists_are_marked_and_keep_their_layout(deliveries):
    assert "the lists are marked 临时名单" in deliveries["worklist"]
    paths = sorted(deliveries["lists"].glob(f"worklist_{JUNE}_*.xlsx"))
    assert paths
    for path in paths:
        workbook = load_workbook(path)
        listed = workbook.worksheets[0]
        assert listed.title == "核实清单（临时）"
        assert listed.oddHeader.left.text == NOTE
        assert workbook.worksheets[-1]["A1"].value == NOTE
        assert listed["A1"].value == LEAD_ID_HEADER  # the loader's header row stays row 1


def test_5_the_dashboard_warns_on_a_partial_month(deliveries, monkeypatch):
    def warnings_shown(warehouse: Path) -> list[str]:
        monkeypatch.setenv("POVMON_WAREHOUSE_DIR", str(warehouse))
        app = AppTest.from_file(str(APP), default_timeout=60)
        app.run()
        assert not app.exception, app.exception
        return [item.value for item in app.warning]

    assert any(PROVISIONAL in shown for shown in warnings_shown(deliveries["partial_warehouse"]))
    complete = warnings_shown(deliveries["complete_warehouse"])
    assert not any("Provisional" in shown for shown in complete)


def test_6_leads_do_not_depend_on_the_order_departments_arrived(deliveries):
    leads_a, june_a = deliveries["a"]
    leads_b, june_b = deliveries["b"]
    leads_c, june_c = deliveries["c"]
    assert june_c, "June has lead statuses to compare"
    assert deliveries["provisional"][1] != june_c  # the partial month was rebuilt, not kept
    assert leads_a == leads_c
    assert leads_b == leads_c
    assert june_a == june_c
    assert june_b == june_c
