"""Dagster resources: the build database (the only DuckDB file the pipeline writes) and dbt."""

from contextlib import contextmanager
from functools import cached_property
from importlib import metadata

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource
from packaging import version

from orchestration.defs.dbt.project import dbt_project
from orchestration.defs.progress_logger import progress_logger
from orchestration.lib.dbt_args import dbt_executable
from orchestration.lib.publish.file_modes import make_private
from orchestration.settings import Settings, load_settings


class BuildDatabase(dg.ConfigurableResource):
    """Paths come from the environment (settings module), so dbt and Dagster agree."""

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        # Every run, from the CLI, the UI or the daemon, writes personal data private.
        make_private(self.settings.warehouse_dir)

    @property
    def settings(self) -> Settings:
        return load_settings()

    @contextmanager
    def connect(self):
        settings = self.settings
        settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(settings.build_db), config=settings.duckdb_config)
        try:
            yield con
        finally:
            con.close()


class WarehouseDbt(DbtCliResource):
    """dagster-dbt asks `dbt --version` in a subprocess at every run (seconds); the dbt it
    runs is the one installed beside this interpreter, so the package says the version."""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        # dagster-dbt loads dbt's adapter in-process (seconds per run) only to fetch row counts
        # and column metadata afterwards, which these assets do not ask for.
        return None


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "build_db": BuildDatabase(),
            "dbt": WarehouseDbt(
                project_dir=dbt_project,
                profiles_dir=dbt_project.profiles_dir,
                dbt_executable=dbt_executable(),
            ),
        },
        loggers={"progress": progress_logger, "console": dg.colored_console_logger},
        # One writer on the build database: steps run one after another in the run process.
        executor=dg.in_process_executor,
    )
