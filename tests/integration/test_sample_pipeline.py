"""The whole pipeline over a generated sample (one run per session, see conftest.sample_run):
planted scenarios, privacy of the published warehouse, reconciliation, the CLI views."""

from __future__ import annotations

import json
import re

import duckdb
import pandas as pd
import pytest
from privacy_scan import analytics_text, files_text

from orchestration.cli import main
from orchestration.lib.contract import EXTRACT_FILES
from orchestration.lib.landing.decoding import to_utf8
from synthetic.scenarios import RULES


def warning_months(settings) -> dict[tuple[str, str], set[str]]:
    """(roster household id, rule) -> months it fired, joined back through restricted.duckdb."""
    with duckdb.connect(str(settings.analytics_db), read_only=True) as con:
        con.execute(f"attach '{settings.restricted_db}' as restricted (read_only)")
        rows = con.execute(
            """
            select identity.source_household_id, warnings.rule_code, warnings.month
            from monitoring.early_warnings as warnings
            inner join restricted.household_identity as identity
                on warnings.household_key = identity.household_key
            where identity.source = 'rural_revitalization'
            """
        ).fetchall()
    fired: dict[tuple[str, str], set[str]] = {}
    for household, rule, month in rows:
        fired.setdefault((household, rule), set()).add(month)
    return fired


@pytest.mark.parametrize("rule", RULES)
def test_planted_scenarios_fire_exactly_in_their_months(rule, sample_landing, sample_run):
    scenarios = json.loads((sample_landing / "_scenarios.json").read_text())["scenarios"]
    planted = [s for s in scenarios if s["rule"] == rule]
    assert {s["role"] for s in planted} == {"fire", "control"}
    fired = warning_months(sample_run)
    for scenario in planted:
        months = fired.get((scenario["source_household_id"], rule), set())
        assert set(scenario["fires_in"]) <= months, scenario["description"]
        assert not set(scenario["quiet_in"]) & months, scenario["description"]
        if scenario["role"] == "fire":
            assert scenario["fires_in"], "a fire scenario must fire somewhere"


def _landed_identities(landing) -> tuple[set[str], set[str]]:
    ids, names = set(), set()
    for extract in EXTRACT_FILES:
        for path in landing.glob(f"{extract.source}/*/{extract.name}"):
            data = path.read_bytes()
            _, utf8 = to_utf8(data, path.name)
            text = (utf8 or data).decode("utf-8")
            frame = pd.read_csv(pd.io.common.StringIO(text), dtype=str)
            if "身份证号" in frame:
                ids |= set(frame["身份证号"].dropna().str.upper())
            if "姓名" in frame:
                names |= set(frame["姓名"].dropna())
    return ids, names


def test_analytics_database_holds_no_id_number_or_name(sample_landing, sample_run):
    ids, names = _landed_identities(sample_landing)
    assert len(ids) > 500 and len(names) > 300  # the check below has something to find
    blob = analytics_text(sample_run.analytics_db)
    id_like = set(re.findall(r"[0-9]{17}[0-9Xx]", blob))
    assert not {token.upper() for token in id_like} & ids
    han_runs = set(re.findall(r"[\u4e00-\u9fff]+", blob))
    leaked = {name for name in names if any(name in run for run in han_runs)}
    assert not leaked


def test_every_file_balances(sample_run):
    with duckdb.connect(str(sample_run.analytics_db), read_only=True) as con:
        files, unbalanced = con.execute(
            "select count(*), count(*) filter (where not is_balanced) "
            "from quality.file_reconciliation"
        ).fetchone()
    assert files == 18 * len(EXTRACT_FILES)
    assert unbalanced == 0


def test_warnings_command_prints_the_month(sample_run, monkeypatch, capsys):
    monkeypatch.setenv("POVMON_WAREHOUSE_DIR", str(sample_run.warehouse_dir))
    assert main(["warnings", "--month", "2026-06", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    with duckdb.connect(str(sample_run.analytics_db), read_only=True) as con:
        expected = con.execute(
            "select count(*) from monitoring.early_warnings where month = '2026-06'"
        ).fetchone()[0]
    assert len(listed) == expected > 0
    assert {row["month"] for row in listed} == {"2026-06"}
    assert set(listed[0]) >= {"household_key", "rule_code", "severity", "measured_value"}


def test_warnings_for_a_month_never_run_is_a_one_line_error(sample_run, monkeypatch, capsys):
    monkeypatch.setenv("POVMON_WAREHOUSE_DIR", str(sample_run.warehouse_dir))
    assert main(["warnings", "--month", "2019-01"]) == 2
    err = capsys.readouterr().err.strip()
    assert (
        err == "poverty-monitor warnings: error: month 2019-01 has not been run "
        "(see poverty-monitor run)"
    )


def test_explain_shows_measures_comparisons_and_source_rows(
    sample_landing, sample_run, monkeypatch, capsys
):
    scenarios = json.loads((sample_landing / "_scenarios.json").read_text())["scenarios"]
    spike = next(s for s in scenarios if s["rule"] == "MEDICAL_SPIKE" and s["role"] == "fire")
    month = spike["fires_in"][-1]
    with duckdb.connect(str(sample_run.restricted_db), read_only=True) as con:
        key = con.execute(
            "select household_key from household_identity where source_household_id = ?",
            [spike["source_household_id"]],
        ).fetchone()[0]
    monkeypatch.setenv("POVMON_WAREHOUSE_DIR", str(sample_run.warehouse_dir))
    assert main(["explain", "--household", key[:12], "--month", month]) == 0
    out = capsys.readouterr().out
    assert f"Household {key} in {month}" in out
    spike_line = next(line for line in out.splitlines() if "MEDICAL_SPIKE" in line)
    assert "FIRES" in spike_line and "5,000.00" in spike_line
    assert re.search(rf"medical_insurance\s+{month}/settlements.csv\s+row\s+\d+", out)
    assert re.search(rf"human_resources\s+{month}/employment.csv\s+row\s+\d+", out)
    ids, names = _landed_identities(sample_landing)
    assert not any(token in ids for token in re.findall(r"[0-9]{17}[0-9Xx]", out))


def test_data_docs_are_built_for_every_suite(sample_run):
    index = sample_run.warehouse_dir / "data_docs" / "index.html"
    assert index.exists()
    html = index.read_text(encoding="utf-8")
    for suite in (
        "medical_insurance__settlements",
        "rural_revitalization__members",
        "marts__fct_household_months",
    ):
        assert suite in html
    pages = list((sample_run.warehouse_dir / "data_docs" / "validations").rglob("*.html"))
    assert len(pages) >= 7 * 18  # every suite, every month of the run
    ids, _ = _landed_identities(sample_run.landing_dir)
    sample_page = "".join(p.read_text(encoding="utf-8") for p in pages[:20])
    assert not {t.upper() for t in re.findall(r"[0-9]{17}[0-9Xx]", sample_page)} & ids


def test_logs_event_log_and_data_docs_hold_no_id_number(sample_landing, sample_run):
    ids, _ = _landed_identities(sample_landing)
    readable = files_text(
        sample_run.warehouse_dir / "logs",
        sample_run.warehouse_dir / "data_docs",
        sample_run.warehouse_dir.parent / "warehouse_dagster_home",
    )
    assert len(readable) > 100_000
    assert not {t.upper() for t in re.findall(r"[0-9]{17}[0-9Xx]", readable)} & ids
