"""Run the Dagster job in-process for ranges of months (the `run` command)."""

from __future__ import annotations

import contextlib
import os
import sys
from datetime import datetime
from pathlib import Path

import dagster as dg

from orchestration.defs.partitions import (
    CLI_DOOR,
    DOOR_TAG,
    FULL_REFRESH_TAG,
    REKEY_TAG,
    partition_key_of,
)
from orchestration.lib import terminal
from orchestration.lib.dbt_args import dbt_environment
from orchestration.lib.dbt_manifest import DbtParseFailed, ensure_manifest
from orchestration.lib.publish.file_modes import make_private
from orchestration.lib.run_failures import first_failure
from orchestration.lib.run_lock import RunInProgress, exclusive_run
from orchestration.lib.run_status import FAILED, SUCCESS, record_result
from orchestration.settings import Settings

JOB_NAME = "monthly_early_warning"
PROGRESS_LOGGING = {"loggers": {"progress": {}}}
VERBOSE_LOGGING = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


class PipelineFailed(Exception):
    pass


def run_months(
    settings: Settings,
    month_runs: list[list[str]],
    verbose: bool = False,
    full_refresh: bool = False,
    rekey: bool = False,
) -> None:
    os.environ.update(dbt_environment(settings))
    make_private(settings.warehouse_dir)  # before the first file: logs, lock, dbt's target
    try:
        ensure_manifest(settings)
    except DbtParseFailed as err:
        raise PipelineFailed(str(err)) from None
    from orchestration.definitions import defs  # after the manifest exists

    job = defs().resolve_job_def(JOB_NAME)
    try:
        with exclusive_run(settings.warehouse_dir), _instance() as instance:
            for months in month_runs:
                print(
                    f"Running {months[0]}..{months[-1]}: landing -> dbt build -> publish",
                    flush=True,
                )
                with _quiet_unless(verbose, settings.warehouse_dir):
                    result = job.execute_in_process(
                        instance=instance,
                        run_config=VERBOSE_LOGGING if verbose else PROGRESS_LOGGING,
                        tags={
                            "dagster/asset_partition_range_start": partition_key_of(months[0]),
                            "dagster/asset_partition_range_end": partition_key_of(months[-1]),
                            FULL_REFRESH_TAG: str(full_refresh or rekey).lower(),
                            REKEY_TAG: str(rekey).lower(),
                            DOOR_TAG: CLI_DOOR,
                        },
                        raise_on_error=False,
                    )
                _record_result(settings, months, result)
    except RunInProgress as err:
        raise PipelineFailed(str(err)) from None


def _record_result(settings: Settings, months: list[str], result) -> None:
    """The run's result in the status file (the daemon's sensors record the other doors'
    runs); a failure ends the command with one line."""
    failure = None if result.success else first_failure(result.all_events)
    record_result(
        settings.run_status_file,
        months,
        SUCCESS if result.success else FAILED,
        step=failure.step if failure else None,
        cause=failure.cause if failure else None,
        run_id=result.run_id,
        door=CLI_DOOR,
    )
    if not result.success:
        raise PipelineFailed(
            f"{failure.step} failed for {months[0]}..{months[-1]}: {failure.cause}"
            if failure
            else f"the run for {months[0]}..{months[-1]} failed"
        )


@contextlib.contextmanager
def _quiet_unless(verbose: bool, warehouse_dir: Path):
    """dbt's full output goes to warehouse/logs/run-*.log; the terminal gets progress lines."""
    if verbose:
        yield
        return
    logs = warehouse_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log_path = logs / f"run-{datetime.now():%Y%m%d-%H%M%S}.log"
    terminal.active = terminal.Terminal(sys.stdout)
    try:
        with open(log_path, "a", encoding="utf-8") as log, contextlib.redirect_stdout(log):
            terminal.log_file = log
            yield
    finally:
        terminal.active = terminal.log_file = None
        print(f"  full log: {log_path}", flush=True)


def _instance():
    if os.environ.get("DAGSTER_HOME") and Path(os.environ["DAGSTER_HOME"]).is_dir():
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.ephemeral()
