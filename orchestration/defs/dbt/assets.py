"""All dbt models, seeds and tests as Dagster assets and asset checks (one dbt call per run)."""

import os

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.defs.dbt.project import dbt_project
from orchestration.defs.dbt.translator import translator
from orchestration.defs.partitions import monthly_partitions, single_run
from orchestration.defs.resources import BuildDatabase
from orchestration.lib.dbt_args import build_args, build_vars, dbt_environment
from orchestration.lib.dbt_manifest import executable_nodes
from orchestration.lib.dbt_results import failure_summary
from orchestration.lib.reference import check_reference_dir
from orchestration.lib.terminal import show, show_progress


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
    window = context.partition_time_window
    dbt_vars = build_vars(
        window.start.strftime("%Y-%m-%d"), window.end.strftime("%Y-%m-%d"), settings
    )
    # Events are held until dbt has finished and released the build database, so each rule
    # model's materialization can carry its warning counts (the UI plots them as a trend).
    events = []
    total = executable_nodes(dbt_project.manifest_path)
    done: set[str] = set()
    show(context, f"dbt build of {total} models, seeds and tests")
    # dbt's artifacts go beside the warehouse (one folder, overwritten each run), not into a new
    # folder of the checkout per run.
    invocation = dbt.cli(
        build_args(dbt_vars),
        context=context,
        raise_on_error=False,
        target_path=settings.warehouse_dir / "dbt_target",
    )
    for event in invocation.stream():
        events.append(event)
        done.add(_unique_id(event))
        show_progress("dbt build", len(done), total)
    if not invocation.is_successful():
        raise dg.Failure(description=failure_summary(invocation.get_artifact("run_results.json")))
    months = sorted({key[:7] for key in context.partition_keys})
    counts = _warning_counts(settings.build_db, months)
    for event in events:
        table = _unique_id(event).rsplit(".", 1)[-1]
        if table in counts and hasattr(event, "with_metadata"):
            by_month = counts[table]
            event = event.with_metadata(
                {
                    **event.metadata,
                    "warnings_last_month": by_month.get(months[-1], 0),
                    "warnings_by_month": dg.MetadataValue.json(by_month),
                }
            )
        yield event


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
            "where table_schema = 'monitoring' and column_name = 'is_fired' "
            "and table_name like 'mon_%'"
        ).fetchall()
        for (table,) in tables:
            rows = con.execute(
                f"select month, count(*) filter (where is_fired) from monitoring.{table} "
                "where month between ? and ? group by month order by month",
                [months[0], months[-1]],
            ).fetchall()
            counts[table] = {month: int(n) for month, n in rows}
    return counts
