"""The safety net: on the delivery deadline, 02:00 Asia/Shanghai, run the PREVIOUS month even
if a department has not delivered (the run is tagged with the missing ones); nothing when that
month was already run with the files now landed."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import dagster as dg

from orchestration.defs.automation.job import monthly_early_warning_job
from orchestration.defs.automation.requests import reference_version, requests_for
from orchestration.lib.landing_state import LandingScan
from orchestration.lib.run_state import plan_month, read_run_state
from orchestration.settings import load_automation_settings, load_settings

TIMEZONE = "Asia/Shanghai"  # where the departments and the county work
DEADLINE_DAY = load_automation_settings().delivery_deadline_day


def month_before(tick: datetime) -> str:
    """The statistical month a tick is for: the one before the tick's month, in China."""
    local = tick.astimezone(ZoneInfo(TIMEZONE))
    return f"{local.replace(day=1) - timedelta(days=1):%Y-%m}"


@dg.schedule(
    cron_schedule=f"0 2 {DEADLINE_DAY} * *",
    execution_timezone=TIMEZONE,
    job=monthly_early_warning_job,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description=f"On day {DEADLINE_DAY} (POVMON_DELIVERY_DEADLINE_DAY), 02:00 {TIMEZONE}: "
    "run the previous month if it was not yet run with the files now landed, complete or not.",
)
def monthly_early_warning_schedule(context: dg.ScheduleEvaluationContext):
    settings = load_settings()
    month = month_before(context.scheduled_execution_time or datetime.now(UTC))
    landed = LandingScan(settings.landing_dir).files_of(month)
    plan = plan_month(month, landed, read_run_state(settings.warehouse_dir))
    if not plan.landed:
        return dg.SkipReason(f"{month}: no department delivered by the deadline; nothing to run")
    if plan.built_with_these_files:
        return dg.SkipReason(f"{month} was already run with the files now landed")
    if plan.missing:
        context.log.warning(
            f"{month}: running at the deadline without {', '.join(plan.missing)} "
            "(not delivered, or rejected by the last run)"
        )
    return requests_for([plan], reference_version(settings))
