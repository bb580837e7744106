"""Great Expectations suites (expectations/*.json) as Dagster asset checks: one per extract
file on the landing assets, plus the key marts. They read the month's batches after dbt has
staged and flagged the rows, and write Data Docs to warehouse/data_docs/."""

import dagster as dg

from orchestration.defs.resources import BuildDatabase
from orchestration.lib.quality.runner import data_docs_index, run_suites
from orchestration.lib.quality.suites import load_specs
from orchestration.lib.run_window import last_built_months

SPECS = load_specs()
CHECK_NAME = "great_expectations"


def _is_extract(spec) -> bool:
    return spec.checks_asset[0] == "raw"


def _severity(spec) -> dg.AssetCheckSeverity:
    return dg.AssetCheckSeverity.WARN if _is_extract(spec) else dg.AssetCheckSeverity.ERROR


def _batch_deps(spec) -> list[dg.AssetKey]:
    """An extract's check reads its staged (typed, flagged) rows, so it runs after dbt."""
    return [] if spec.batch_asset == spec.checks_asset else [dg.AssetKey(list(spec.batch_asset))]


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            CHECK_NAME,
            asset=dg.AssetKey(list(spec.checks_asset)),
            additional_deps=_batch_deps(spec),
            # A bad extract row is quarantined, so it warns; a broken mart stops the publish.
            blocking=not _is_extract(spec),
            description=f"Great Expectations suite expectations/{spec.name}.json",
        )
        for spec in SPECS
    ],
    can_subset=True,
)
def expectation_suites(context: dg.AssetCheckExecutionContext, build_db: BuildDatabase):
    settings = build_db.settings
    # What the build just rebuilt: the new month's batches, not every month of history.
    with build_db.connect() as con:
        months = last_built_months(con)
    if not months:
        context.log.warning("Great Expectations checks skipped: nothing has been built")
    outcomes = (
        run_suites(
            settings.built_tables_db,
            settings.warehouse_dir,
            months,
            duckdb_config=settings.duckdb_config,
        )
        if months
        else []
    )
    report = str(data_docs_index(settings.warehouse_dir))
    for spec in SPECS:
        key = dg.AssetKey(list(spec.checks_asset))
        if dg.AssetCheckKey(key, CHECK_NAME) not in context.selected_asset_check_keys:
            continue
        mine = [o for o in outcomes if o.suite == spec.name]
        failed = sorted(
            {
                f"{e.month} {e.expectation}({e.column}): {e.unexpected_count} rows"
                for o in mine
                for e in o.expectations
                if not e.success
            }
        )
        blocking = sum(o.blocking_failures for o in mine)
        yield dg.AssetCheckResult(
            asset_key=key,
            check_name=CHECK_NAME,
            passed=blocking == 0,
            severity=dg.AssetCheckSeverity.WARN
            if _is_extract(spec)
            else dg.AssetCheckSeverity.ERROR,
            metadata={
                "months": ", ".join(months),
                "rows_checked": sum(o.rows for o in mine),
                "blocking_failures": blocking,
                "warnings": sum(o.warnings for o in mine),
                "failed_expectations": "\n".join(failed[:50]) or "none",
                "data_docs": dg.MetadataValue.path(report),
            },
        )
