"""Thresholds are data: a province's own reference folder replaces the shipped seeds, through
the doors users use (`poverty-monitor run --reference DIR`, and POVMON_REFERENCE_DIR)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import dagster_home

from orchestration.lib.reference import OPTIONAL_REFERENCE, REFERENCE_COLUMNS
from orchestration.settings import SHIPPED_REFERENCE_DIR

CLI = str(Path(sys.executable).parent / "poverty-monitor")
COUNTY, YEAR, STANDARD = "430624", "2026", "987.65"
SOURCE = "某省民政厅2026年低保标准通知（测试）"
MONTHS = ["2026-04", "2026-05", "2026-06"]
REQUIRED = [name for name in REFERENCE_COLUMNS if name not in OPTIONAL_REFERENCE]


def province_reference(folder: Path) -> Path:
    """The shipped seeds with one county's 2026 standards (urban and rural) replaced, without
    the optional region names (a province that has none: lists show codes only)."""
    folder.mkdir(parents=True)
    for name in REQUIRED:
        shutil.copy(SHIPPED_REFERENCE_DIR / f"{name}.csv", folder)
    path = folder / "dibao_standards.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    changed = [row for row in rows if (row["county_code"], row["year"]) == (COUNTY, YEAR)]
    assert changed, "the seeds must have a row to replace"
    for row in changed:
        row.update(urban_monthly=STANDARD, rural_monthly=STANDARD, source=SOURCE)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder


def run(landing: Path, warehouse: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    months = [a for m in MONTHS for a in ("--month", m)]
    return subprocess.run(
        [CLI, "run", "--landing", str(landing), "--warehouse", str(warehouse), *months, *args],
        env={
            **os.environ,
            **env,
            "DAGSTER_HOME": str(dagster_home(warehouse.parent / "dagster_home")),
        },
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def assert_thresholds_follow_the_folder(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse / "analytics.duckdb"), read_only=True) as con:
        thresholds = con.execute(
            """
            select substr(region_code, 1, 6) = ? as in_county, threshold_value, count(*)
            from monitoring.early_warnings
            where rule_code = 'INCOME_BELOW_DIBAO' and month like ? || '-%'
            group by all
            """,
            [COUNTY, YEAR],
        ).fetchall()
        sources = con.execute(
            "select distinct dibao_standard_source from marts.fct_household_months "
            "where county_code = ? and month like ? || '-%'",
            [COUNTY, YEAR],
        ).fetchall()
    in_county = {float(value) for is_county, value, _ in thresholds if is_county}
    assert in_county == {12 * float(STANDARD)}, thresholds
    assert any(not is_county for is_county, _, _ in thresholds), "other counties keep the seeds"
    assert 12 * float(STANDARD) not in {float(v) for c, v, _ in thresholds if not c}
    assert sources == [(SOURCE,)]
    with duckdb.connect(str(warehouse / "analytics.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_regions").fetchone() == (0,)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    return province_reference(tmp_path_factory.mktemp("province") / "reference")


def test_run_with_reference_option_uses_the_folder(sample_landing, reference, tmp_path):
    result = run(sample_landing, tmp_path / "warehouse", "--reference", str(reference))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert_thresholds_follow_the_folder(tmp_path / "warehouse")


def test_run_with_reference_setting_uses_the_folder(sample_landing, reference, tmp_path):
    result = run(sample_landing, tmp_path / "warehouse", POVMON_REFERENCE_DIR=str(reference))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert_thresholds_follow_the_folder(tmp_path / "warehouse")
    # explain, the case worker's view, names the province's source for the threshold.
    with duckdb.connect(str(tmp_path / "warehouse" / "analytics.duckdb"), read_only=True) as con:
        household = con.execute(
            "select household_key from marts.fct_household_months "
            "where county_code = ? and month = ? limit 1",
            [COUNTY, MONTHS[-1]],
        ).fetchone()[0]
    explained = subprocess.run(
        [CLI, "explain", "--household", household, "--month", MONTHS[-1]],
        env={**os.environ, "POVMON_WAREHOUSE_DIR": str(tmp_path / "warehouse")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert explained.returncode == 0, explained.stderr
    assert SOURCE in explained.stdout


@pytest.mark.parametrize("missing", REQUIRED)
def test_a_missing_reference_file_is_one_line_naming_it(missing, reference, tmp_path):
    partial = tmp_path / "partial"
    shutil.copytree(reference, partial)
    (partial / f"{missing}.csv").unlink()
    (tmp_path / "landing" / "civil_affairs" / "2026-01").mkdir(parents=True)
    result = run(tmp_path / "landing", tmp_path / "warehouse", "--reference", str(partial))
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if "warning:" not in line]
    assert lines == [
        f"poverty-monitor run: error: reference file {partial / missing}.csv is missing: "
        f"copy {SHIPPED_REFERENCE_DIR / missing}.csv into {partial} and edit it"
    ]


def test_a_bad_value_names_the_file_line_and_column(reference, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(reference, broken)
    path = broken / "monitoring_lines.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("1.5", "一点五", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "landing" / "civil_affairs" / "2026-01").mkdir(parents=True)
    result = run(tmp_path / "landing", tmp_path / "warehouse", "--reference", str(broken))
    assert result.returncode == 2
    assert result.stderr.strip().endswith(
        f"reference file {path} line 3: near_dibao_multiplier must be a number, got '一点五'"
    )
    assert "Error" not in result.stderr  # no Python exception class names


def test_a_repeated_key_names_both_lines(reference, tmp_path):
    repeated = tmp_path / "repeated"
    shutil.copytree(reference, repeated)
    path = repeated / "dibao_standards.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    (tmp_path / "landing" / "civil_affairs" / "2026-01").mkdir(parents=True)
    result = run(tmp_path / "landing", tmp_path / "warehouse", "--reference", str(repeated))
    assert result.returncode == 2
    county, year = lines[1].split(",")[:2]
    assert result.stderr.strip().endswith(
        f"reference file {path} line {len(lines) + 1}: county_code, year {county} {year} "
        "repeats line 2; keep one row"
    )
