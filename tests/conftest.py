"""Shared fixtures: every test gets its own DAGSTER_HOME, landing and warehouse in tmp. Each
test is marked with its layer, the folder it lives in (unit, dbt, integration, e2e; the
generator's tests in synthetic/ are unit tests)."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from orchestration.settings import SHIPPED_REFERENCE_DIR, load_settings

TEST_KEY = "test-pseudonym-key"
TESTS_DIR = Path(__file__).parent
LAYER_OF_FOLDER = {
    "unit": "unit",
    "synthetic": "unit",
    "dbt": "dbt",
    "integration": "integration",
    "e2e": "e2e",
    "spark": "spark",
}
SAMPLE_MONTHS = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 7)]


def dagster_home(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    return folder


@contextmanager
def pipeline_environment(landing: Path, warehouse: Path, key: str = TEST_KEY):
    """Settings for a pipeline run outside a test function (module/session fixtures);
    the environment is restored afterwards."""
    saved = dict(os.environ)
    os.environ.pop("POVMON_REFERENCE_DIR", None)
    os.environ.update(
        POVMON_LANDING_DIR=str(landing),
        POVMON_WAREHOUSE_DIR=str(warehouse),
        POVMON_PSEUDONYM_KEY=key,
        DAGSTER_HOME=str(dagster_home(warehouse.parent / f"{warehouse.name}_dagster_home")),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    try:
        yield load_settings()
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory, monkeypatch):
    saved = dict(os.environ)  # the CLI's --landing/--warehouse options write os.environ
    home = dagster_home(tmp_path_factory.mktemp("dagster_home"))
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.setenv("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    monkeypatch.setenv("GX_ANALYTICS_ENABLED", "False")
    monkeypatch.setenv("POVMON_PSEUDONYM_KEY", TEST_KEY)
    monkeypatch.delenv("POVMON_REFERENCE_DIR", raising=False)
    yield
    os.environ.clear()
    os.environ.update(saved)


def point_settings_at(monkeypatch, landing: Path, warehouse: Path):
    monkeypatch.setenv("POVMON_LANDING_DIR", str(landing))
    monkeypatch.setenv("POVMON_WAREHOUSE_DIR", str(warehouse))
    return load_settings()


@pytest.fixture(scope="session")
def sample_landing(tmp_path_factory) -> Path:
    """A small generated sample: 300 households x 18 months, clean."""
    from synthetic import generate_landing

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
    from orchestration.cli.pipeline import run_months
    from orchestration.lib.months import contiguous_runs, landed_months

    warehouse = tmp_path_factory.mktemp("sample_run") / "warehouse"
    with pipeline_environment(sample_landing, warehouse) as settings:
        run_months(settings, contiguous_runs(landed_months(sample_landing)))
    return settings


@pytest.fixture(scope="session")
def through_may(tmp_path_factory):
    """A county run through May by the CLI, June's extracts held back (tests/june_arrives.py)."""
    from june_arrives import build_through_may

    return build_through_may(tmp_path_factory.mktemp("through_may"))


def pytest_collection_modifyitems(config, items):
    for item in items:
        folder = Path(item.fspath).relative_to(TESTS_DIR).parts[0]
        if folder not in LAYER_OF_FOLDER:
            raise pytest.UsageError(
                f"{item.nodeid}: tests live in one of {sorted(LAYER_OF_FOLDER)}"
            )
        item.add_marker(getattr(pytest.mark, LAYER_OF_FOLDER[folder]))
