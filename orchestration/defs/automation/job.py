"""The monthly early-warning job: every asset, one statistical month (or a range) per run."""

import dagster as dg

from orchestration.defs.partitions import monthly_partitions

monthly_early_warning_job = dg.define_asset_job(
    "monthly_early_warning",
    selection=dg.AssetSelection.all(),
    partitions_def=monthly_partitions,
    description="ingest -> quality checks -> dbt build -> monitoring -> publish",
)
