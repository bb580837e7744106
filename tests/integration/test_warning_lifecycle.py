"""Issue 3 behaviours on the session's generated sample (conftest.sample_run, copied): re-runs
are identical, a corrected medical re-delivery withdraws the spike it caused (load history
kept), and a department missing for the last month stops the rules that need it - for
everyone - while the others still run."""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest
from conftest import SAMPLE_MONTHS, pipeline_environment
from extract_edits import correct_oop

from orchestration.cli.pipeline import run_months
from orchestration.lib.catalogs import RULES
from orchestration.lib.months import contiguous_runs, landed_months

MONTHS = SAMPLE_MONTHS
LAST = MONTHS[-1]
INCOME_RULES = {rule["rule_code"] for rule in RULES if "income" in rule["needs"].split()}


def run_pipeline(root, months=None):
    with pipeline_environment(root / "raw_landing", root / "warehouse") as st:
        run_months(st, contiguous_runs(months or landed_months(root / "raw_landing")))
    return st


def query(path, sql, params=()):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


@pytest.fixture(scope="module")
def base(sample_landing, sample_run, tmp_path_factory):
    """The session sample and its warehouse, as one folder the tests copy and change."""
    root = tmp_path_factory.mktemp("lifecycle")
    shutil.copytree(sample_landing, root / "raw_landing")
    shutil.copytree(sample_run.warehouse_dir, root / "warehouse")
    return root


@pytest.fixture
def copy_of_base(base, tmp_path):
    shutil.copytree(base / "raw_landing", tmp_path / "raw_landing")
    shutil.copytree(base / "warehouse", tmp_path / "warehouse")
    return tmp_path


def test_running_the_same_month_again_gives_identical_warnings(copy_of_base):
    sql = "select * from monitoring.early_warnings order by all"
    before = query(copy_of_base / "warehouse" / "analytics.duckdb", sql)
    settings = run_pipeline(copy_of_base, [LAST])
    assert before and query(settings.analytics_db, sql) == before


def test_corrected_medical_redelivery_withdraws_the_spike(copy_of_base):
    landing = copy_of_base / "raw_landing"
    spike = next(
        s
        for s in json.loads((landing / "_scenarios.json").read_text())["scenarios"]
        if s["rule"] == "MEDICAL_SPIKE" and s["role"] == "fire" and LAST in s["fires_in"]
    )
    analytics = copy_of_base / "warehouse" / "analytics.duckdb"
    spikes_sql = (
        "select count(*) from monitoring.early_warnings "
        "where rule_code = 'MEDICAL_SPIKE' and month = ?"
    )
    before = query(analytics, spikes_sql, [LAST])[0][0]
    assert before >= 1

    correct_oop(landing, LAST, spike["source_household_id"])

    settings = run_pipeline(copy_of_base, [LAST])
    assert query(settings.analytics_db, spikes_sql, [LAST])[0][0] == before - 1
    history = query(
        settings.build_db,
        "select status, sha256 from raw.load_ledger where source = "
        "'medical_insurance' and month = ? order by loaded_at",
        [LAST],
    )
    assert [status for status, _ in history] == ["loaded", "loaded"]
    assert history[0][1] != history[1][1]


@pytest.mark.parametrize("missing_source", ["human_resources", "rural_revitalization"])
def test_missing_department_stops_only_the_rules_that_need_it(base, tmp_path, missing_source):
    shutil.copytree(base / "raw_landing", tmp_path / "raw_landing")
    shutil.rmtree(tmp_path / "raw_landing" / missing_source / LAST)
    settings = run_pipeline(tmp_path)
    coverage = {
        rule: (evaluated, not_evaluated, reasons)
        for rule, evaluated, not_evaluated, reasons in query(
            settings.analytics_db,
            "select rule_code, households_evaluated, households_not_evaluated, "
            "not_evaluated_reasons from monitoring.rule_coverage where month = ?",
            [LAST],
        )
    }
    needs_it = INCOME_RULES | {
        rule["rule_code"] for rule in RULES if missing_source in rule["needs"].split()
    }
    for rule in needs_it:
        evaluated, not_evaluated, reasons = coverage[rule]
        assert evaluated == 0 and not_evaluated > 0, rule
        assert "missing" in reasons, rule
    assert coverage["MEDICAL_SPIKE"][0] > 0
    income_warnings = query(
        settings.analytics_db,
        "select count(*) from monitoring.early_warnings where month = ? and rule_code in "
        "(select unnest(?))",
        [LAST, sorted(INCOME_RULES)],
    )
    assert income_warnings == [(0,)]
    previous = query(
        settings.analytics_db,
        "select households_evaluated from monitoring.rule_coverage "
        "where month = ? and rule_code = 'INCOME_BELOW_DIBAO'",
        [MONTHS[-2]],
    )
    assert previous[0][0] > 0
    # Households keep their members through the gap: the planted spike still fires.
    spike = next(
        s
        for s in json.loads((tmp_path / "raw_landing" / "_scenarios.json").read_text())["scenarios"]
        if s["rule"] == "MEDICAL_SPIKE" and s["role"] == "fire"
    )
    with duckdb.connect(str(settings.analytics_db), read_only=True) as con:
        con.execute(f"attach '{settings.restricted_db}' as restricted (read_only)")
        fired = con.execute(
            "select count(*) from monitoring.early_warnings as warnings "
            "inner join restricted.household_identity as identity using (household_key) "
            "where identity.source_household_id = ? and warnings.rule_code = 'MEDICAL_SPIKE' "
            "and warnings.month = ?",
            [spike["source_household_id"], LAST],
        ).fetchone()[0]
    assert fired == 1
