import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.dbt_cli import dbt_executable
from orchestration.defs.dbt.project import dbt_project
from orchestration.progress import progress_logger
from orchestration.resources import BuildDatabase


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
