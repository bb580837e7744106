"""All dbt models, seeds and tests as Dagster assets and asset checks (one dbt call per run)."""

import json
import os

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.defs.dbt.project import dbt_project
from orchestration.defs.dbt.translator import translator
from orchestration.defs.partitions import FULL_REFRESH_TAG, monthly_partitions, single_run
from orchestration.defs.resources import BuildDatabase
from orchestration.lib.dbt_args import (
    build_args,
    build_vars,
    dbt_environment,
    window_environment,
)
from orchestration.lib.dbt_manifest import executable_nodes
from orchestration.lib.dbt_results import DataTestResults, failure_summary, stopped_summary
from orchestration.lib.landing.parquet_export import export_raw_months, landing_parquet_dir
from orchestration.lib.quality.runner import import_in_background
from orchestration.lib.reference import check_reference_dir, reference_files
from orchestration.lib.run_window import files_hash, plan_window, project_hash, record_build
from orchestration.lib.spark_tables import write_views
from orchestration.lib.terminal import show, show_progress
from orchestration.settings import DBT_PROJECT_DIR


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
    if settings.reference_dir:
        check_reference_dir(settings.reference_dir)  # one clear line, also for UI runs
    os.environ.update(dbt_environment(settings))
    hashes = {
        "reference_hash": files_hash(reference_files(settings.reference_dir)),
        "code_hash": project_hash(DBT_PROJECT_DIR),
    }
    asked = [key[:7] for key in context.partition_keys]
    with build_db.connect() as con:
        window = plan_window(
            con, asked, full_refresh=context.run.tags.get(FULL_REFRESH_TAG) == "true", **hashes
        )
    show(context, window.describe())
    if settings.target == "spark":
        _land_for_spark(context, build_db, window.min_date, window.full_refresh)
    dbt_vars = build_vars(settings)
    os.environ.update(window_environment(window.min_date, window.max_date))
    # Events are held until dbt has finished and released the build database, so each rule
    # model's materialization can carry its warning counts (the UI plots them as a trend).
    events = []
    total = executable_nodes(dbt_project.manifest_path)
    done = 0
    show(context, f"dbt build of {total} models, seeds and tests")
    # dbt's artifacts go beside the warehouse (one folder, overwritten each run), not into a new
    # folder of the checkout per run.
    (settings.warehouse_dir / "dbt_target" / "run_results.json").unlink(missing_ok=True)
    invocation = dbt.cli(
        build_args(dbt_vars, full_refresh=window.full_refresh),
        context=context,
        raise_on_error=False,
        target_path=settings.warehouse_dir / "dbt_target",
    )
    import_in_background()  # for the Great Expectations checks after dbt
    tests = DataTestResults(invocation.manifest)
    errors = []  # dbt's error lines: the cause when it stops before writing its results
    for raw in invocation.stream_raw_events():
        info = raw.raw_event.get("info", {})
        if info.get("level") == "error" and info.get("msg"):
            errors.append(info["msg"])
        if not raw.is_result_event:
            continue
        done += 1
        show_progress("dbt build", done, total)
        if not tests.record(raw.raw_event):
            events += raw.to_default_asset_events(
                manifest=invocation.manifest,
                dagster_dbt_translator=invocation.dagster_dbt_translator,
                context=context,
                target_path=invocation.target_path,
            )
    if not invocation.is_successful():
        results = settings.warehouse_dir / "dbt_target" / "run_results.json"
        raise dg.Failure(
            description=failure_summary(json.loads(results.read_text()))
            if results.exists()
            else stopped_summary(errors)
        )
    with build_db.connect() as con:
        record_build(con, window, **hashes)
        con.execute("checkpoint")  # the build file stays compact between runs
    months = window.months
    if settings.target == "spark":
        write_views(settings.spark_dir, settings.spark_views_db)
    counts = _warning_counts(settings.built_tables_db, months)
    for event in events:
        unique_id = _unique_id(event)
        extra = tests.metadata_for(unique_id)
        by_month = counts.get(unique_id.rsplit(".", 1)[-1])
        if by_month is not None:
            extra["warnings_last_month"] = by_month.get(months[-1], 0)
            extra["warnings_by_month"] = dg.MetadataValue.json(by_month)
        yield event.with_metadata({**event.metadata, **extra})
    for line in tests.warned():
        context.log.warning(line)


def _land_for_spark(context, build_db: BuildDatabase, min_date: str, full_refresh: bool) -> None:
    """The raw months the run reads, as the Parquet that Spark's sources are: from the run's
    first month on (every month after a full refresh or into a new Spark folder)."""
    settings = build_db.settings
    fresh = full_refresh or not landing_parquet_dir(settings.spark_dir).exists()
    since = None if fresh else min_date[:7]
    with build_db.connect() as con:
        export_raw_months(con, settings.spark_dir, since)
    show(context, f"landing Parquet for Spark written from {since or 'the first month'}")


def _unique_id(event) -> str:
    metadata = getattr(event, "metadata", None) or {}
    value = metadata.get("unique_id")
    return str(getattr(value, "value", value) or "")


def _warning_counts(build_db, months: list[str]) -> dict[str, dict[str, int]]:
    """Per rule model table: month -> households flagged, for the run's months."""
    counts: dict[str, dict[str, int]] = {}
    with duckdb.connect(str(build_db), read_only=True) as con:
        tables = con.execute(
            "select table_name from information_schema.columns "
            "where table_schema = 'rules' and column_name = 'is_fired'"
        ).fetchall()
        for (table,) in tables:
            rows = con.execute(
                f"select month, count(*) filter (where is_fired) from rules.{table} "
                "where month between ? and ? group by month order by month",
                [months[0], months[-1]],
            ).fetchall()
            counts[table] = {month: int(n) for month, n in rows}
    return counts
