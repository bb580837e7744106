"""marts.mart_poverty_measures: FGT and SDG 3.8.2 against hand-computed examples (the dbt unit
tests in _poverty_measures__models.yml, run here), against a pandas recomputation on a generated
run, and the dbt docs that describe it (`make docs`)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from orchestration.settings import PROJECT_ROOT

# The hand-computed example of the dbt unit test poverty_measures_fgt_hand_computed:
# (members, per-capita income, rural roster household). Dibao line 12 x 500, monitoring 8000.
HAND_EXAMPLE = [(2, 3000.0, True), (1, 4500.0, True), (1, 6000.0, True), (4, 12000.0, True)]
HAND_CIVIL_AFFAIRS = [(2, 1500.0, False)]


def fgt(households: list[tuple[int, float, bool]], line: float, alpha: int) -> float:
    """FGT over persons: (1/N) sum members * ((z - y)/z)^alpha over y < z (gap capped at 1)."""
    persons = sum(members for members, _, _ in households)
    total = sum(
        members * min((line - income) / line, 1.0) ** alpha
        for members, income, _ in households
        if income < line
    )
    return total / persons


def test_reference_fgt_reproduces_the_hand_computation():
    everyone = HAND_EXAMPLE + HAND_CIVIL_AFFAIRS
    assert [fgt(everyone, 6000, alpha) for alpha in (0, 1, 2)] == [0.5, 0.275, 0.16875]
    assert [fgt(HAND_EXAMPLE, 8000, alpha) for alpha in (0, 1, 2)] == [
        0.5,
        0.2421875,
        0.12939453125,
    ]
    assert fgt([(1, -600.0, False)], 6000, 1) == 1.0  # below zero counts as zero income


@pytest.fixture(scope="module")
def warehouse_copy(sample_run, tmp_path_factory) -> Path:
    """A copy of the sample run's build database, so dbt can run against it in isolation."""
    folder = tmp_path_factory.mktemp("measures") / "warehouse"
    folder.mkdir()
    shutil.copy2(sample_run.build_db, folder / "build.duckdb")
    return folder


def _recompute(fact: pd.DataFrame) -> pd.DataFrame:
    """The mart's definitions, written again in pandas (model description in the yml)."""
    members = fact.members.astype(float)
    income = fact.per_capita_income.astype(float)
    history = fact.is_income_month & (fact.trailing_income_months >= 3)  # min_income_months
    roster = fact.household_source == "rural_revitalization"
    columns = {"county_code": fact.county_code, "month": fact.month}
    for name, line, scope in (
        ("dibao", 12 * fact.dibao_standard_monthly.astype(float), True),  # the line, recomputed
        ("monitoring", fact.monitoring_line_annual.astype(float), roster),
    ):
        evaluated = (history & (line > 0) & scope).fillna(False).astype(bool)
        poor = evaluated & (income.round(6) < line)
        gap = np.where(poor, np.minimum((line - income) / line, 1.0), 0.0)
        columns[f"n_{name}"] = np.where(evaluated, members, 0.0)
        columns[f"p0_{name}"] = np.where(poor, members, 0.0)
        columns[f"p1_{name}"] = np.where(evaluated, members * gap, 0.0)
        columns[f"p2_{name}"] = np.where(evaluated, members * gap**2, 0.0)
    sdg = history & fact.is_medical_month & fact.trailing_annual_income.notna()
    oop = fact.trailing_oop_sum.astype(float).round(6)
    annual = fact.trailing_annual_income.astype(float)
    columns["n_sdg"] = np.where(sdg, members, 0.0)
    columns["above_10"] = np.where(sdg & (oop > (0.10 * annual).round(6)), members, 0.0)
    columns["above_25"] = np.where(sdg & (oop > (0.25 * annual).round(6)), members, 0.0)
    sums = pd.DataFrame(columns).groupby(["county_code", "month"]).sum()
    out = pd.DataFrame(index=sums.index)
    for name in ("dibao", "monitoring"):
        n = sums[f"n_{name}"].replace(0.0, np.nan)
        for alpha in (0, 1, 2):
            out[f"fgt{alpha}_{name}"] = sums[f"p{alpha}_{name}"] / n
    n_sdg = sums.n_sdg.replace(0.0, np.nan)
    out["sdg382_share_above_10"] = sums.above_10 / n_sdg
    out["sdg382_share_above_25"] = sums.above_25 / n_sdg
    out["households"] = fact.groupby(["county_code", "month"]).size()
    out["persons_dibao_evaluated"] = sums.n_dibao
    return out


def test_mart_matches_a_direct_recomputation_on_a_generated_run(sample_run):
    with duckdb.connect(str(sample_run.analytics_db), read_only=True) as con:
        fact = con.execute("select * from marts.fct_household_months").df()
        mart = con.execute("select * from marts.mart_poverty_measures").df()
        overall = con.execute(
            "select * from marts.mart_poverty_measures where grain = 'all' order by month"
        ).df()
    mart = mart[mart.grain == "county"].set_index(["county_code", "month"]).sort_index()
    expected = _recompute(fact).sort_index()
    # The all-counties rows pool the persons of every county (not an average of counties).
    pooled = _recompute(fact.assign(county_code="all")).reset_index()
    np.testing.assert_allclose(
        overall.fgt0_dibao.astype(float), pooled.fgt0_dibao.astype(float), rtol=1e-9
    )
    assert list(overall.month) == list(pooled.month)
    assert list(mart.index) == list(expected.index)  # every county-month, once
    for column in expected.columns:
        np.testing.assert_allclose(
            mart[column].astype(float).to_numpy(),
            expected[column].astype(float).to_numpy(),
            rtol=1e-9,
            atol=1e-12,
            err_msg=column,
        )
    # Non-trivial: the sample has poor persons under both lines and catastrophic spending.
    latest = mart.xs(mart.index.get_level_values("month").max(), level="month")
    assert (latest.fgt0_dibao > 0).any() and (latest.fgt0_monitoring > 0).any()
    assert (latest.sdg382_share_above_10 > latest.sdg382_share_above_25).any()
    assert (mart.households_dibao_excluded > 0).any()  # the first months lack history
    assert (
        latest.households
        == latest.households_formerly_poor
        + latest.households_monitored
        + latest.households_ordinary
        + latest.households_civil_affairs
    ).all()


CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{2,}")


def _make() -> list[str]:
    """`make`, with the uv on PATH when the Makefile's own copy (.tools/) is not there."""
    command = ["make", "--no-print-directory"]
    uv = shutil.which("uv")
    if not (PROJECT_ROOT / ".tools" / "bin" / "uv").exists() and uv:
        command.append(f"UV={uv}")
    return command


def test_make_docs_describes_every_mart_and_monitoring_column_in_chinese_and_english(
    warehouse_copy,
):
    result = subprocess.run(
        [*_make(), "docs", f"WAREHOUSE={warehouse_copy}"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    docs = warehouse_copy / "dbt_docs"
    assert (docs / "static_index.html").stat().st_size > 100_000
    manifest = json.loads((docs / "manifest.json").read_text())
    catalog = json.loads((docs / "catalog.json").read_text())
    checked, missing = 0, []
    for unique_id, entry in catalog["nodes"].items():
        if entry["metadata"]["schema"] not in ("marts", "monitoring"):
            continue
        node = manifest["nodes"][unique_id]
        if not (CJK.search(node["description"]) and LATIN.search(node["description"])):
            missing.append(node["name"])
        for column in entry["columns"]:
            text = node["columns"].get(column.lower(), {}).get("description", "")
            if not (CJK.search(text) and LATIN.search(text)):
                missing.append(f"{node['name']}.{column}")
            checked += 1
    assert "model.poverty_monitor.mart_poverty_measures" in catalog["nodes"]
    assert checked > 100
    assert not missing, f"described without Chinese and English: {missing}"
