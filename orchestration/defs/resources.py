"""Dagster resources: the build database (the only DuckDB file the pipeline writes) and dbt."""

from contextlib import contextmanager

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource

from orchestration.defs.dbt.project import dbt_project
from orchestration.defs.progress_logger import progress_logger
from orchestration.lib.dbt_args import dbt_executable
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


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "build_db": BuildDatabase(),
            "dbt": DbtCliResource(
                project_dir=dbt_project,
                profiles_dir=dbt_project.profiles_dir,
                dbt_executable=dbt_executable(),
            ),
        },
        loggers={"progress": progress_logger, "console": dg.colored_console_logger},
        # One writer on the build database: steps run one after another in the run process.
        executor=dg.in_process_executor,
    )
