"""Thresholds are data: --reference DIR replaces the shipped seeds without code changes."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess

import duckdb

from orchestration.dbt_cli import build_vars, dbt_environment, dbt_executable
from orchestration.settings import DBT_PROJECT_DIR, SHIPPED_REFERENCE_DIR, Settings


def test_reference_folder_replaces_the_seeds(tmp_path):
    reference = tmp_path / "reference"
    reference.mkdir()
    for name in ("dibao_standards", "monitoring_lines", "disposable_income", "rule_parameters"):
        shutil.copy(SHIPPED_REFERENCE_DIR / f"{name}.csv", reference)
    rows = list(csv.DictReader((reference / "dibao_standards.csv").open(encoding="utf-8")))
    for row in rows:
        if (row["county_code"], row["year"]) == ("430624", "2026"):
            row["rural_monthly"], row["source"] = "987.65", "provincial notice (test)"
    with (reference / "dibao_standards.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    settings = Settings(tmp_path, tmp_path / "wh", reference, "key")
    settings.warehouse_dir.mkdir()
    result = subprocess.run(
        [
            dbt_executable(),
            "run",
            "--select",
            "stg_reference__dibao_standards",
            "--vars",
            json.dumps(build_vars("2026-01-01", "2026-02-01", settings)),
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(tmp_path / "target"),
            "--log-path",
            str(tmp_path / "logs"),
        ],
        env={**os.environ, **dbt_environment(settings)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    with duckdb.connect(str(settings.build_db), read_only=True) as con:
        standard = con.execute(
            "select rural_monthly, reference_source from staging.stg_reference__dibao_standards "
            "where county_code = '430624' and reference_year = 2026"
        ).fetchone()
    assert (float(standard[0]), standard[1]) == (987.65, "provincial notice (test)")
