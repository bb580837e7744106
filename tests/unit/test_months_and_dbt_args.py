"""Pure helpers: month parsing/ranges and the dbt command line (no dbt needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orchestration.lib.dbt_args import build_args, build_vars, window_environment
from orchestration.lib.months import contiguous_runs, landed_months, month_range, parse_month_span
from orchestration.settings import Settings


def test_month_span_is_inclusive_and_crosses_years():
    assert parse_month_span("2025-11:2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert parse_month_span("2026-06") == ["2026-06"]


@pytest.mark.parametrize("bad", ["2026-13", "2026-6", "26-06", "2026/06", ""])
def test_bad_months_are_refused(bad):
    with pytest.raises(ValueError, match="not a month"):
        parse_month_span(bad)


def test_backwards_range_is_refused():
    with pytest.raises(ValueError, match="ends before it starts"):
        month_range("2026-03", "2026-01")


def test_contiguous_runs_split_at_gaps():
    months = ["2026-03", "2026-01", "2026-02", "2026-06", "2026-02"]
    assert contiguous_runs(months) == [["2026-01", "2026-02", "2026-03"], ["2026-06"]]


def test_landed_months_reads_source_folders(tmp_path):
    for folder in ["civil_affairs/2026-01", "medical_insurance/2026-02", "notes/misc"]:
        (tmp_path / folder).mkdir(parents=True)
    assert landed_months(tmp_path) == ["2026-01", "2026-02"]


def test_returned_work_lists_alone_do_not_make_a_month(tmp_path):
    for folder in ["civil_affairs/2026-01", "case_management/2026-02"]:
        (tmp_path / folder).mkdir(parents=True)
    assert landed_months(tmp_path) == ["2026-01"]


def test_optional_reference_files_may_be_absent_but_are_checked_when_given(tmp_path):
    from orchestration.lib.reference import (
        ReferenceFolderError,
        absent_reference,
        check_reference_dir,
        reference_files,
    )
    from orchestration.settings import SHIPPED_REFERENCE_DIR

    for path in SHIPPED_REFERENCE_DIR.glob("*.csv"):
        if path.stem != "regions" and not path.stem.endswith("_catalog"):
            (tmp_path / path.name).write_bytes(path.read_bytes())
    check_reference_dir(tmp_path)
    assert absent_reference(tmp_path) == ["regions"] and absent_reference(None) == []
    assert tmp_path / "regions.csv" not in reference_files(tmp_path)
    (tmp_path / "regions.csv").write_text("region_code,name,source\n4306241,某镇,test\n")
    with pytest.raises(ReferenceFolderError, match="line 2: region_code must be a 6-, 9- or 12"):
        check_reference_dir(tmp_path)
    (tmp_path / "regions.csv").write_text("region_code,name,source\n430624101,某镇,test\n")
    check_reference_dir(tmp_path)
    assert absent_reference(tmp_path) == []


def test_dbt_build_args_carry_the_reference_dir_and_the_environment_the_window():
    settings = Settings(Path("/l"), Path("/w"), Path("/ref"), "key")
    args = build_args(build_vars(settings))
    assert args[:2] == ["build", "--vars"]
    assert args[3:] == ["--exclude-resource-type", "unit_test"]
    # The window changes every month: not a var, or dbt would parse the whole project again.
    assert window_environment("2026-01-01", "2026-04-01") == {
        "POVMON_RUN_MIN_DATE": "2026-01-01",
        "POVMON_RUN_MAX_DATE": "2026-04-01",
    }
    assert json.loads(args[2]) == {
        "reference_dir": "/ref",
        "reference_absent": ["regions"],  # /ref holds no regions.csv: read as no names
    }
    assert "key" not in " ".join(args)  # the pseudonym key never goes to dbt


def test_dbt_vars_default_to_shipped_seeds():
    settings = Settings(Path("/l"), Path("/w"), None, "key")
    assert build_vars(settings)["reference_dir"] == ""
