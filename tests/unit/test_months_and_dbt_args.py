"""Pure helpers: month parsing/ranges and the dbt command line (no dbt needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orchestration.lib.dbt_args import build_args, build_vars
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


def test_dbt_build_args_carry_the_half_open_window_and_reference_dir():
    settings = Settings(Path("/l"), Path("/w"), Path("/ref"), "key")
    args = build_args(build_vars("2026-01-01", "2026-04-01", settings))
    assert args[:2] == ["build", "--vars"]
    assert args[3:] == ["--exclude-resource-type", "unit_test"]
    assert json.loads(args[2]) == {
        "min_date": "2026-01-01",
        "max_date": "2026-04-01",
        "reference_dir": "/ref",
    }
    assert "key" not in " ".join(args)  # the pseudonym key never goes to dbt


def test_dbt_vars_default_to_shipped_seeds():
    settings = Settings(Path("/l"), Path("/w"), None, "key")
    assert build_vars("a", "b", settings)["reference_dir"] == ""
