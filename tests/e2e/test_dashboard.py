"""`poverty-monitor dashboard`: the Streamlit app through Streamlit's own test API (AppTest)
against a generated sample, the command line, and once end to end in headless Chromium with a
screenshot in test-artifacts/."""

from __future__ import annotations

import os
import shutil

import duckdb
import pytest
from dashboard_e2e import chromium_path, dashboard_server, headless_chromium, screenshot_page
from PIL import Image
from streamlit.testing.v1 import AppTest

from orchestration.cli import build_parser, main
from orchestration.dashboard import APP, streamlit_command
from orchestration.settings import PROJECT_ROOT

SCREENSHOT = PROJECT_ROOT / "test-artifacts" / "dashboard-warnings.png"


@pytest.fixture(scope="module")
def published(sample_run, tmp_path_factory):
    """A copy of the sample's published warehouse (a test may replace it, as a publish does)."""
    warehouse = tmp_path_factory.mktemp("dashboard") / "warehouse"
    warehouse.mkdir()
    shutil.copy2(sample_run.analytics_db, warehouse / "analytics.duckdb")
    return warehouse


def scalar(warehouse, sql, params=None):
    with duckdb.connect(str(warehouse / "analytics.duckdb"), read_only=True) as con:
        return con.execute(sql, params or []).fetchone()[0]


def latest_month(warehouse) -> str:
    return scalar(warehouse, "select max(month) from monitoring.rule_coverage")


def run_app(warehouse, monkeypatch, page: str | None = None) -> AppTest:
    monkeypatch.setenv("POVMON_WAREHOUSE_DIR", str(warehouse))
    app = AppTest.from_file(str(APP), default_timeout=60)
    if page:
        app.query_params["page"] = page
    app.run()
    assert not app.exception, app.exception
    return app


def metric(app: AppTest, label: str) -> int:
    (found,) = [item for item in app.metric if label in item.label]
    return int(found.value)


def test_streamlit_serves_on_loopback_only_without_telemetry():
    command = streamlit_command(8765)
    options = dict(zip(command[5::2], command[6::2], strict=True))
    assert command[2:5] == ["streamlit", "run", str(APP)]
    assert options["--server.address"] == "127.0.0.1"
    assert options["--server.port"] == "8765"
    assert options["--server.headless"] == "true"
    assert options["--browser.gatherUsageStats"] == "false"


def test_dashboard_command_line(tmp_path, capsys):
    assert build_parser().parse_args(["dashboard"]).port == 8501
    assert main(["dashboard", "--warehouse", str(tmp_path / "nowhere")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "does not exist yet" in error
    assert main(["dashboard", "--warehouse", str(tmp_path), "--port", "70000"]) == 2
    assert "not a TCP port" in capsys.readouterr().err


def test_app_without_a_warehouse_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("POVMON_WAREHOUSE_DIR", str(tmp_path))
    app = AppTest.from_file(str(APP), default_timeout=60).run()
    assert "does not exist yet" in app.error[0].value


def test_warnings_page_counts_the_latest_month(published, monkeypatch):
    month = latest_month(published)
    app = run_app(published, monkeypatch)
    assert app.title[0].value.endswith(month)
    warnings = scalar(
        published, "select count(*) from monitoring.early_warnings where month = ?", [month]
    )
    assert warnings > 0
    assert metric(app, "Warnings") == warnings
    assert metric(app, "Households") == scalar(
        published,
        "select count(distinct household_key) from monitoring.early_warnings where month = ?",
        [month],
    )
    assert metric(app, "New this month") == scalar(
        published,
        "select count(*) from monitoring.early_warnings where month = ? and is_new",
        [month],
    )
    by_county, warning_list = app.dataframe[0].value, app.dataframe[1].value
    assert by_county["total"].sum() == warnings
    assert len(warning_list) == warnings
    assert warning_list.household_key.str.len().max() == 16  # pseudonym prefix, no identity
    marks = warning_list.case_mark.fillna("none").value_counts()
    for mark in ("lead", "in_care", "suppressed"):
        assert marks.get(mark, 0) == scalar(
            published,
            "select count(*) from monitoring.warning_marks where month = ? and case_mark = ?",
            [month, mark],
        )
    assert marks.get("lead", 0) > 0  # the sample's warnings open leads
    assert len(app.get("vega_lite_chart")) == 2  # by rule, and the trend by month


def test_warnings_page_filters_by_month_county_and_rule(published, monkeypatch):
    county, rule, month = (
        scalar(
            published,
            f"""select {column} from monitoring.early_warnings
                group by {column} order by count(*) desc limit 1""",
        )
        for column in ("county_code", "rule_code", "month")
    )
    app = run_app(published, monkeypatch)
    app.sidebar.selectbox(key="month").set_value(month).run()
    app.sidebar.multiselect(key="counties").set_value([county]).run()
    app.sidebar.multiselect(key="rules").set_value([rule]).run()
    assert not app.exception
    assert metric(app, "Warnings") == scalar(
        published,
        """select count(*) from monitoring.early_warnings
           where month = ? and county_code = ? and rule_code = ?""",
        [month, county, rule],
    )
    assert set(app.dataframe[1].value.rule_code) <= {rule}


def test_measures_page_shows_the_mart(published, monkeypatch):
    month = latest_month(published)
    app = run_app(published, monkeypatch, page="measures")
    table = app.dataframe[0].value.set_index("county_code")
    with duckdb.connect(str(published / "analytics.duckdb"), read_only=True) as con:
        expected = con.execute(
            "select county_code, fgt0_dibao from marts.mart_poverty_measures "
            "where month = ? and grain = 'county'",
            [month],
        ).df()
    assert sorted(table.index) == sorted(expected.county_code)
    for county, fgt0 in zip(expected.county_code, expected.fgt0_dibao, strict=True):
        assert table.loc[county, "fgt0_dibao"] == pytest.approx(fgt0)
    app.radio(key="line").set_value("monitoring").run()
    assert not app.exception


def test_household_drill_down_across_months(published, monkeypatch):
    key = scalar(
        published,
        """select household_key from monitoring.early_warnings
           group by household_key order by count(distinct month) desc, household_key limit 1""",
    )
    app = run_app(published, monkeypatch, page="household")
    app.text_input(key="household").input(key[:12]).run()
    assert not app.exception
    assert app.selectbox(key="household_key").value == key
    profile, warnings = app.dataframe[0].value, app.dataframe[1].value
    assert list(profile.household_key) == [key]
    assert len(warnings) == scalar(
        published, "select count(*) from monitoring.early_warnings where household_key = ?", [key]
    )
    assert warnings.month.nunique() > 1
    months = app.dataframe[-1].value
    assert len(months) == scalar(
        published,
        "select count(*) from marts.fct_household_months where household_key = ?",
        [key],
    )
    app.text_input(key="household").input("no-such-household").run()
    assert "No household matches" in app.info[0].value


def test_quality_page_shows_each_source_and_month(published, monkeypatch):
    app = run_app(published, monkeypatch, page="quality")
    status = app.dataframe[0].value
    assert len(status) == scalar(
        published, "select count(distinct month) from quality.source_months"
    )
    assert set(status.columns) == {
        "civil_affairs",
        "human_resources",
        "medical_insurance",
        "rural_revitalization",
    }
    assert status.stack().str.contains("delivered").all()
    reconciliation = app.dataframe[1].value
    assert reconciliation.is_balanced.all()


def test_app_holds_no_connection_and_shows_a_new_publish(published, tmp_path, monkeypatch):
    warehouse = tmp_path / "warehouse"
    warehouse.mkdir()
    shutil.copy2(published / "analytics.duckdb", warehouse / "analytics.duckdb")
    month = latest_month(warehouse)
    app = run_app(warehouse, monkeypatch)
    assert metric(app, "Warnings") > 0
    # A new publish: written beside the file and moved into place (as the publisher does).
    # Opening it read-write in this process fails if the app still held a read-only connection.
    staged = warehouse / ".analytics.duckdb.test.tmp"
    shutil.copy2(warehouse / "analytics.duckdb", staged)
    with duckdb.connect(str(warehouse / "analytics.duckdb")):
        pass
    with duckdb.connect(str(staged)) as con:
        con.execute("delete from monitoring.early_warnings where month = ?", [month])
    os.replace(staged, warehouse / "analytics.duckdb")
    app.run()
    assert not app.exception
    assert metric(app, "Warnings") == 0


def test_dashboard_end_to_end_in_headless_chromium(published, tmp_path):
    """The real command serves the app; Chromium renders the warnings page and we keep a
    screenshot where CI keeps the workspace (test-artifacts/dashboard-warnings.png)."""
    if chromium_path() is None:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail("chromium is not installed on CI (.ci/run installs Debian's chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium); CI installs it")
    month = latest_month(published)
    warnings = scalar(
        published, "select count(*) from monitoring.early_warnings where month = ?", [month]
    )
    with (
        dashboard_server(published, tmp_path / "dashboard.log") as url,
        headless_chromium() as browser,
    ):
        text = screenshot_page(browser, f"{url}/?page=warnings", SCREENSHOT)
    print(f"dashboard screenshot: {SCREENSHOT}")
    assert f"Early warnings — {month}" in text
    assert f"\n{warnings}\n" in text  # the metric, rendered from the data
    assert "Warning list" in text and "By county and rule" in text
    with Image.open(SCREENSHOT) as image:
        assert image.size == (1400, 1800)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
        assert colours is None or len(colours) > 200  # a page with charts, not a blank
    assert SCREENSHOT.stat().st_size > 50_000


def test_verification_page_counts_leads_by_status_and_township(published, monkeypatch):
    month = latest_month(published)
    app = run_app(published, monkeypatch, page="verification")
    assert app.title[0].value.endswith(month)
    with duckdb.connect(str(published / "analytics.duckdb"), read_only=True) as con:
        by_status = dict(
            con.execute(
                "select status, count(*) from monitoring.lead_status where month = ? "
                "group by status",
                [month],
            ).fetchall()
        )
    assert by_status.get("new", 0) + by_status.get("overdue", 0) > 0
    for label, status in (("new", "new"), ("overdue", "overdue"), ("closed", "closed")):
        assert metric(app, label) == by_status.get(status, 0)
    by_township = app.dataframe[0].value
    assert by_township["合计 total"].sum() == sum(by_status.values())
    assert len(by_township) == scalar(
        published,
        "select count(distinct substr(region_code, 1, 9)) from monitoring.lead_status "
        "where month = ?",
        [month],
    )
