"""Every run of the monthly job that the CLI did not start (schedule, sensor, UI, backfill)
leaves its result in the status file; a failure also goes to the operator's webhook. The CLI
records its own runs and tells its person on the terminal."""

import dagster as dg

from orchestration.defs.automation.job import monthly_early_warning_job
from orchestration.defs.partitions import CLI_DOOR, DOOR_TAG, partition_month
from orchestration.lib.months import month_range
from orchestration.lib.run_failures import first_failure
from orchestration.lib.run_status import FAILED, SUCCESS, failure_text, post_alert, record_result
from orchestration.settings import load_settings

RANGE_TAGS = ("dagster/asset_partition_range_start", "dagster/asset_partition_range_end")


def run_months(run: dg.DagsterRun) -> list[str]:
    """The months a run built: its partition, or its partition range (a backfill's)."""
    tags = run.tags
    if all(tag in tags for tag in RANGE_TAGS):
        start, end = (partition_month(tags[tag]) for tag in RANGE_TAGS)
        return month_range(start, end)
    return [partition_month(tags["dagster/partition"])] if "dagster/partition" in tags else []


def _door(run: dg.DagsterRun) -> str:
    return (
        run.tags.get(DOOR_TAG)
        or run.tags.get("dagster/sensor_name")
        or ("schedule" if "dagster/schedule_name" in run.tags else "Dagster")
    )


@dg.run_failure_sensor(
    monitored_jobs=[monthly_early_warning_job],
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="a failed monthly run: its months, step and cause to the status file and "
    "POVMON_ALERT_WEBHOOK",
)
def run_failure_alerts(context: dg.RunFailureSensorContext):
    run = context.dagster_run
    if run.tags.get(DOOR_TAG) == CLI_DOOR:
        return dg.SkipReason("a CLI run: the CLI reported and recorded it")
    settings = load_settings()
    months = run_months(run)
    events = [e.dagster_event for e in context.instance.all_logs(run.run_id) if e.dagster_event]
    failure = first_failure(events)
    step, cause = (failure.step, failure.cause) if failure else ("run", "the run failed")
    record_result(
        settings.run_status_file,
        months,
        FAILED,
        step=step,
        cause=cause,
        run_id=run.run_id,
        door=_door(run),
    )
    if settings.alert_webhook:
        try:
            post_alert(
                settings.alert_webhook, failure_text(months or ["?"], step, cause, run.run_id)
            )
        except OSError as err:
            # The webhook's URL carries the robot's key: name the setting, not the URL.
            context.log.warning(f"could not post to POVMON_ALERT_WEBHOOK: {err.__class__.__name__}")
    return None


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[monthly_early_warning_job],
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="a successful monthly run: its months to the status file",
)
def run_success_records(context: dg.RunStatusSensorContext):
    run = context.dagster_run
    if run.tags.get(DOOR_TAG) == CLI_DOOR:
        return dg.SkipReason("a CLI run: the CLI recorded it")
    record_result(
        load_settings().run_status_file,
        run_months(run),
        SUCCESS,
        run_id=run.run_id,
        door=_door(run),
    )
    return None
