"""The landing sensor: run a month once all four departments delivered it, and again when a
file of a month already run is delivered with new content (a `touch` is not a delivery)."""

import json

import dagster as dg

from orchestration.defs.automation.job import monthly_early_warning_job
from orchestration.defs.automation.requests import reference_version, requests_for
from orchestration.lib.landing_state import LandingScan
from orchestration.lib.months import landed_months
from orchestration.lib.run_state import STATE_FILE, MonthPlan, plan_month, read_run_state
from orchestration.settings import load_automation_settings, load_settings


def wanted(plan: MonthPlan) -> bool:
    """A month never run: once complete. A month already run: once it has new bytes."""
    if plan.built is None:
        return not plan.missing
    return bool(plan.redelivered)


@dg.sensor(
    job=monthly_early_warning_job,
    minimum_interval_seconds=load_automation_settings().sensor_interval,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Runs a month when all four departments' extracts have landed, and again when "
    "one of its files is re-delivered with new content; never what is built already.",
)
def landed_extracts_sensor(context: dg.SensorEvaluationContext):
    settings = load_settings()
    state = read_run_state(settings.warehouse_dir)
    if state is None and settings.analytics_db.exists():
        # Without it the sensor cannot tell built months from new ones: flooding the queue
        # with every month is worse than waiting for one run to write it.
        reason = (
            f"the warehouse was built before {STATE_FILE} existed: nothing is requested "
            "until the next run (poverty-monitor run, or the schedule) writes it"
        )
        context.log.info(reason)
        return dg.SkipReason(reason)
    cursor = json.loads(context.cursor) if context.cursor else {}
    scan = LandingScan(settings.landing_dir, cursor.get("hashes"))
    plans = [
        plan_month(month, scan.files_of(month), state)
        for month in landed_months(settings.landing_dir)
    ]
    requests = requests_for([plan for plan in plans if wanted(plan)], reference_version(settings))
    return dg.SensorResult(
        run_requests=requests,
        skip_reason=None if requests else "no month became complete or was re-delivered",
        cursor=json.dumps({"hashes": scan.cache}, sort_keys=True),
    )
