"""The monthly early-warning job, its schedule and the sensor for newly landed extracts."""

import json

import dagster as dg

from orchestration.defs.partitions import monthly_partitions, partition_key_of
from orchestration.lib.contract import LANDING_FILES
from orchestration.lib.months import landed_months
from orchestration.settings import load_settings

monthly_early_warning_job = dg.define_asset_job(
    "monthly_early_warning",
    selection=dg.AssetSelection.all(),
    partitions_def=monthly_partitions,
    description="ingest -> quality checks -> dbt build -> monitoring -> publish",
)

# Departments deliver in the first days of the month: run the previous month on the 6th.
monthly_early_warning_schedule = dg.build_schedule_from_partitioned_job(
    monthly_early_warning_job, day_of_month=6, hour_of_day=2
)


def landing_fingerprints(landing_dir) -> dict[str, str]:
    """month -> a fingerprint of the sizes and modification times of its extract files."""
    fingerprints = {}
    for month in landed_months(landing_dir):
        parts = []
        for extract in LANDING_FILES:
            for name in extract.accepted_names:
                path = landing_dir / extract.source / month / name
                if path.exists():
                    stat = path.stat()
                    parts.append(f"{extract.source}/{name}:{stat.st_size}:{stat.st_mtime_ns}")
        fingerprints[month] = "|".join(parts)
    return fingerprints


@dg.sensor(job=monthly_early_warning_job, minimum_interval_seconds=300)
def landed_extracts_sensor(context: dg.SensorEvaluationContext):
    """Run a month again whenever one of its extract files appears or changes."""
    seen = json.loads(context.cursor) if context.cursor else {}
    current = landing_fingerprints(load_settings().landing_dir)
    for month, fingerprint in current.items():
        if fingerprint and seen.get(month) != fingerprint:
            yield dg.RunRequest(
                run_key=f"{month}:{fingerprint}", partition_key=partition_key_of(month)
            )
    context.update_cursor(json.dumps(current))
