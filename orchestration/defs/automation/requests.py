"""Run requests for months, shared by the schedule and the sensor."""

import dagster as dg

from orchestration.defs.partitions import partition_key_of
from orchestration.lib.months import contiguous_runs
from orchestration.lib.reference import reference_files
from orchestration.lib.run_state import MonthPlan
from orchestration.lib.run_window import files_hash
from orchestration.settings import Settings

# Departments without an accepted extract when the run was requested (none: complete).
MISSING_SOURCES_TAG = "povmon/missing_sources"
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"


def reference_version(settings: Settings) -> str:
    """What the reference folder in force holds, for the run key: a month whose run failed is
    asked for again once its files or the reference folder change (a fix of either)."""
    try:
        return files_hash(reference_files(settings.reference_dir))[:16]
    except (OSError, ValueError):  # the run itself says what is wrong with the folder
        return "unreadable"


def requests_for(plans: list[MonthPlan], reference: str) -> list[dg.RunRequest]:
    """One run per stretch of consecutive months (a run rebuilds from its first month to the
    latest anyway); the run key is the months' contents and the reference folder's
    (`reference_version`), so asking again is harmless."""
    by_month = {plan.month: plan for plan in plans}
    requests = []
    for months in contiguous_runs(list(by_month)):
        stretch = [by_month[month] for month in months]
        # One month: its missing departments; a stretch: month:department.
        missing = [s if len(stretch) == 1 else f"{p.month}:{s}" for p in stretch for s in p.missing]
        tags = {MISSING_SOURCES_TAG: ",".join(missing)} if missing else {}
        run_key = ";".join(plan.run_key for plan in stretch) + f"|reference:{reference}"
        if len(months) == 1:
            requests.append(
                dg.RunRequest(run_key=run_key, partition_key=partition_key_of(months[0]), tags=tags)
            )
            continue
        tags |= {
            RANGE_START_TAG: partition_key_of(months[0]),
            RANGE_END_TAG: partition_key_of(months[-1]),
        }
        requests.append(dg.RunRequest(run_key=run_key, tags=tags))
    return requests
