"""Shared fixtures: every test gets its own DAGSTER_HOME, landing and warehouse in tmp."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from orchestration.settings import SHIPPED_REFERENCE_DIR, load_settings

TEST_KEY = "test-pseudonym-key"
SAMPLE_MONTHS = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 7)]


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("dagster_home")
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    monkeypatch.setenv("GX_ANALYTICS_ENABLED", "False")
    monkeypatch.setenv("POVMON_PSEUDONYM_KEY", TEST_KEY)
    monkeypatch.delenv("POVMON_REFERENCE_DIR", raising=False)


def point_settings_at(monkeypatch, landing: Path, warehouse: Path):
    monkeypatch.setenv("POVMON_LANDING_DIR", str(landing))
    monkeypatch.setenv("POVMON_WAREHOUSE_DIR", str(warehouse))
    return load_settings()


@pytest.fixture(scope="session")
def sample_landing(tmp_path_factory) -> Path:
    """A small generated sample: 300 households x 18 months, clean."""
    from orchestration.generate import generate_landing

    out = tmp_path_factory.mktemp("sample") / "raw_landing"
    generate_landing(
        out,
        households=300,
        months=SAMPLE_MONTHS,
        seed=11,
        dirty_rate=0.0,
        reference_dir=SHIPPED_REFERENCE_DIR,
    )
    return out


@pytest.fixture(scope="session")
def sample_run(sample_landing, tmp_path_factory):
    """The whole pipeline over the sample, once per session (about a minute)."""
    from orchestration.months import contiguous_runs, landed_months
    from orchestration.pipeline import run_months

    warehouse = tmp_path_factory.mktemp("warehouse")
    home = tmp_path_factory.mktemp("dagster_home_session")
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    saved = dict(os.environ)
    os.environ.update(
        {
            "POVMON_LANDING_DIR": str(sample_landing),
            "POVMON_WAREHOUSE_DIR": str(warehouse),
            "POVMON_PSEUDONYM_KEY": TEST_KEY,
            "DAGSTER_HOME": str(home),
        }
    )
    try:
        settings = load_settings()
        run_months(settings, contiguous_runs(landed_months(sample_landing)))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return settings
