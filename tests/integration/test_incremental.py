"""Incremental = full refresh, always: a warehouse built month by month (a backfill, new
months one at a time, a corrected medical re-delivery in the middle, a department missing
for the last month, then that month's roster re-delivered without a household, whose last
month, attributes and members' names must come back from the month before) equals, table by
table, a full refresh of the same landing; and each run rebuilt only what the ledger says
changed."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from conftest import pipeline_environment
from extract_edits import correct_oop, drop_roster_household, spike_in_the_middle
from user_door import cli, last_build
from warehouse_diff import differences

from orchestration.cli.pipeline import run_months
from orchestration.lib.months import contiguous_runs, landed_months, month_range
from orchestration.settings import SHIPPED_REFERENCE_DIR
from synthetic import generate_landing

MONTHS = month_range("2025-04", "2026-06")  # 15: INCOME_DROP can fire in the last one
BACKFILL = MONTHS[:12]


def land(generated, landing, months):
    for source in generated.iterdir():
        for month in months:
            if source.is_dir() and (source / month).is_dir():
                shutil.copytree(source / month, landing / source.name / month)


def build(landing, warehouse, months=None, full_refresh=False):
    with pipeline_environment(landing, warehouse) as settings:
        run_months(settings, contiguous_runs(months or landed_months(landing)), False, full_refresh)
    return settings


def rebuilt(settings) -> tuple[str, str, bool]:
    return last_build(settings.build_db)


@pytest.fixture(scope="module")
def month_by_month(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    generated = root / "generated"
    generate_landing(generated, 120, MONTHS, seed=13, reference_dir=SHIPPED_REFERENCE_DIR)
    landing = root / "raw_landing"
    land(generated, landing, BACKFILL)
    windows = [rebuilt(build(landing, root / "warehouse"))]
    land(generated, landing, [MONTHS[12]])
    windows.append(rebuilt(build(landing, root / "warehouse", [MONTHS[12]])))
    # The medical department corrects an old month (one that had a spike) while the next month
    # arrives: the run over every landed month rebuilds from that month on, nothing earlier.
    month, household = spike_in_the_middle(root / "warehouse", MONTHS[4], MONTHS[10])
    correct_oop(landing, month, household)
    land(generated, landing, [MONTHS[13]])
    windows.append(rebuilt(build(landing, root / "warehouse")))
    # The last month arrives without the HR extract.
    land(generated, landing, [MONTHS[14]])
    shutil.rmtree(landing / "human_resources" / MONTHS[14])
    windows.append(rebuilt(build(landing, root / "warehouse", [MONTHS[14]])))
    # The roster of that month comes again without one household: the identity, household
    # dimension and names carried from earlier builds must forget what only it had said.
    dropped = drop_roster_household(landing, MONTHS[14])
    settings = build(landing, root / "warehouse")
    windows.append(rebuilt(settings))
    return root, settings, windows, (month, household), dropped


def test_each_run_rebuilt_only_what_changed(month_by_month):
    _, _, windows, (redelivered, _), _ = month_by_month
    assert windows == [
        (MONTHS[0], MONTHS[11], True),  # the first build is a full one
        (MONTHS[12], MONTHS[12], False),
        (redelivered, MONTHS[13], False),
        (MONTHS[14], MONTHS[14], False),
        (MONTHS[14], MONTHS[14], False),  # the roster re-delivered
    ]


@pytest.fixture(scope="module")
def full_refresh(month_by_month):
    root, *_ = month_by_month
    full = build(root / "raw_landing", root / "full_refresh", full_refresh=True)
    assert rebuilt(full)[2] is True
    return full.warehouse_dir


def assert_same_warehouse(one, other):
    for database in ("analytics.duckdb", "restricted.duckdb"):
        assert differences(one / database, other / database) == {}
        assert differences(other / database, one / database) == {}


def test_month_by_month_equals_a_full_refresh(month_by_month, full_refresh):
    _, incremental, *_ = month_by_month
    assert_same_warehouse(full_refresh, incremental.warehouse_dir)


def test_full_refresh_from_the_command_line_rebuilds_every_month(
    month_by_month, full_refresh, tmp_path
):
    """`poverty-monitor run --full-refresh` on a warehouse built month by month (a copy, so
    the other tests keep theirs) rebuilds every landed month, and equals a fresh build."""
    root, *_ = month_by_month
    warehouse = tmp_path / "warehouse"
    shutil.copytree(root / "warehouse", warehouse)
    cli(
        "run", "--full-refresh", "--landing", str(root / "raw_landing"),
        "--warehouse", str(warehouse), home=tmp_path,
    )  # fmt: skip
    assert last_build(warehouse / "build.duckdb") == (MONTHS[0], MONTHS[-1], True)
    assert_same_warehouse(full_refresh, warehouse)


def test_the_lifecycle_holds_on_the_incremental_path(month_by_month):
    _, settings, _, (redelivered, household), _ = month_by_month
    with duckdb.connect(str(settings.analytics_db), read_only=True) as con:
        con.execute(f"attach '{settings.restricted_db}' as restricted (read_only)")
        spikes = con.execute(
            """
            select count(*) from monitoring.early_warnings as warnings
            inner join restricted.household_identity as identity using (household_key)
            where identity.source_household_id = ? and warnings.rule_code = 'MEDICAL_SPIKE'
              and warnings.month = ?
            """,
            [household, redelivered],
        ).fetchone()[0]
        not_evaluated = con.execute(
            "select households_evaluated from monitoring.rule_coverage "
            "where month = ? and rule_code = 'INCOME_BELOW_DIBAO'",
            [MONTHS[14]],
        ).fetchone()[0]
        earlier = con.execute(
            "select households_evaluated from monitoring.rule_coverage "
            "where month = ? and rule_code = 'INCOME_BELOW_DIBAO'",
            [MONTHS[13]],
        ).fetchone()[0]
    assert spikes == 0  # the corrected re-delivery withdrew the spike
    assert not_evaluated == 0 and earlier > 0  # HR missing: income rules not evaluated


def test_a_household_the_redelivery_dropped_is_last_seen_the_month_before(month_by_month):
    _, settings, *_, dropped = month_by_month
    with duckdb.connect(str(settings.analytics_db), read_only=True) as con:
        con.execute(f"attach '{settings.restricted_db}' as restricted (read_only)")
        last_month = con.execute(
            """
            select households.last_month from marts.dim_households as households
            inner join restricted.household_identity as identity using (household_key)
            where identity.source = 'rural_revitalization' and identity.source_household_id = ?
            """,
            [dropped],
        ).fetchall()
    assert last_month == [(MONTHS[13],)]
