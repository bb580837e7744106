"""All dbt models, seeds and tests as Dagster assets and asset checks (one dbt call per run)."""

import os

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.dbt_cli import build_args, build_vars, dbt_environment
from orchestration.defs.dbt.project import dbt_project
from orchestration.defs.dbt.translator import translator
from orchestration.partitions import monthly_partitions, single_run
from orchestration.resources import BuildDatabase


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=translator,
    partitions_def=monthly_partitions,
    backfill_policy=single_run,
)
def warehouse_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, build_db: BuildDatabase
):
    settings = build_db.settings
    os.environ.update(dbt_environment(settings))
    window = context.partition_time_window
    dbt_vars = build_vars(
        window.start.strftime("%Y-%m-%d"), window.end.strftime("%Y-%m-%d"), settings
    )
    yield from dbt.cli(build_args(dbt_vars), context=context).stream()
