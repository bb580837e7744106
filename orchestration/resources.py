"""Dagster resource for the build database: the only DuckDB file the pipeline writes."""

from __future__ import annotations

from contextlib import contextmanager

import dagster as dg
import duckdb

from orchestration.settings import Settings, load_settings


class BuildDatabase(dg.ConfigurableResource):
    """Paths come from the environment (settings module), so dbt and Dagster agree."""

    @property
    def settings(self) -> Settings:
        return load_settings()

    @contextmanager
    def connect(self):
        settings = self.settings
        settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(settings.build_db))
        try:
            yield con
        finally:
            con.close()
