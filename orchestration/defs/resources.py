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
from orchestration.lib.run_lock import RunInProgress, exclusive_run
from orchestration.settings import Settings, load_settings


class BuildDatabase(dg.ConfigurableResource):
    """Paths come from the environment (settings module), so dbt and Dagster agree.

    Every step of the job uses this resource, and the in-process executor sets it up once per
    run: so a run holds the warehouse's run lock from before its first step opens the build
    database until its last step has ended, however it was started."""

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext):
        settings = self.settings
        # Every run, from the CLI, the UI or the daemon, writes personal data private.
        make_private(settings.warehouse_dir)
        try:
            with exclusive_run(
                settings.warehouse_dir,
                door=f"Dagster run {context.run_id[:8]}" if context.run_id else "Dagster run",
                wait_seconds=settings.lock_wait_seconds,
                on_wait=context.log.info if context.log else None,
            ):
                yield self
        except RunInProgress as err:
            raise dg.Failure(description=str(err)) from None

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
