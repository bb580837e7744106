"""Landing assets: each extract file of a month into the raw schema, plus the load ledger.

The asset keys are the dbt source keys (["raw", <table>]), so lineage runs landing -> dbt.
"""

import dagster as dg

from orchestration.defs.partitions import (
    REKEY_TAG,
    monthly_partitions,
    partition_month,
    single_run,
)
from orchestration.defs.resources import BuildDatabase
from orchestration.lib.contract import LANDING_FILES
from orchestration.lib.landing.key_guard import guard_key
from orchestration.lib.landing.loader import load_source_month
from orchestration.lib.landing.raw_schema import ensure_raw_schema
from orchestration.lib.terminal import show

LEDGER_KEY = dg.AssetKey(["raw", "load_ledger"])
# A month without returned work lists is normal: no outcomes came back (case-loop.md).
RETURNED_SOURCES = {extract.source for extract in LANDING_FILES if extract.returned}
FILE_KEYS = {dg.AssetKey(["raw", extract.raw_table]): extract for extract in LANDING_FILES}


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key,
            description=f"{extract.source}/<month>/{extract.name} as delivered (text columns, "
            "lineage, keyed pseudonyms)",
            group_name="landing",
            kinds={"duckdb", "csv"},
        )
        for key, extract in FILE_KEYS.items()
    ]
    + [
        dg.AssetSpec(
            LEDGER_KEY,
            description="装载台账: every file load or rejection (source, month, file, sha256, "
            "rows, loaded_at); history is kept",
            group_name="landing",
            kinds={"duckdb"},
        )
    ],
    partitions_def=monthly_partitions,
    backfill_policy=single_run,
)
def raw_extracts(context: dg.AssetExecutionContext, build_db: BuildDatabase):
    """One step for every source: DuckDB allows a single writer on the build database."""
    settings = build_db.settings
    months = [partition_month(key) for key in context.partition_keys]
    sources = dict.fromkeys(extract.source for extract in LANDING_FILES)
    outcomes = []
    with build_db.connect() as con:
        ensure_raw_schema(con)
        if guard_key(con, settings.pseudonym_key, rekey=context.run.tags.get(REKEY_TAG) == "true"):
            show(context, "re-keyed every household and person: the whole warehouse is rebuilt")
        for source in sources:
            for month in months:
                outcomes += load_source_month(
                    con,
                    settings.landing_dir,
                    source,
                    month,
                    settings.pseudonym_key,
                    run_id=context.run_id,
                )
    for outcome in outcomes:
        _log(context, outcome)
    for source in sources:
        mine = [o for o in outcomes if o.source == source]
        if source not in RETURNED_SOURCES:
            _summarise(context, source, months, mine)
        elif any(o.status != "absent" for o in mine):  # months without returns are normal
            _summarise(context, source, months, [o for o in mine if o.status != "absent"])
    for key, extract in FILE_KEYS.items():
        mine = [o for o in outcomes if (o.source, o.file) == (extract.source, extract.name)]
        yield dg.MaterializeResult(asset_key=key, metadata=_counts(mine))
    yield dg.MaterializeResult(asset_key=LEDGER_KEY, metadata=_counts(outcomes))


def _counts(outcomes) -> dict[str, int]:
    return {
        "files_loaded": sum(o.status == "loaded" for o in outcomes),
        "files_unchanged": sum(o.status == "unchanged" for o in outcomes),
        "files_rejected": sum(o.status == "rejected" for o in outcomes),
        "files_absent": sum(o.status == "absent" for o in outcomes),
        "rows_loaded": sum(o.rows for o in outcomes),
    }


def _summarise(context, source: str, months: list[str], outcomes) -> None:
    """One line per source and month range: what a person running the month wants to see."""
    counts = _counts(outcomes)
    span = months[0] if len(months) == 1 else f"{months[0]}..{months[-1]}"
    parts = [
        f"{counts['files_loaded']} files loaded ({counts['rows_loaded']:,} rows)",
        f"{counts['files_rejected']} rejected",
    ]
    parts += [
        f"{counts[key]} {label}"
        for key, label in (("files_unchanged", "unchanged"), ("files_absent", "not delivered"))
        if counts[key]
    ]
    show(context, f"{source} {span}: {', '.join(parts)}")


def _log(context: dg.AssetExecutionContext, outcome) -> None:
    """Per file, in the run's log; rejections and missing files also warn on the terminal."""
    where = f"{outcome.source}/{outcome.month}/{outcome.file}"
    if outcome.status == "rejected":
        context.log.warning(f"rejected {outcome.message}")
    elif outcome.status == "absent" and outcome.source in RETURNED_SOURCES:
        context.log.debug(f"{where}: no verification outcomes returned this month")
    elif outcome.status == "absent":
        context.log.warning(
            f"{where} not delivered: rules needing it are not evaluated for that month"
        )
    elif outcome.status == "unchanged":
        context.log.debug(f"{where}: unchanged since its last load")
    elif outcome.message:  # extra columns: kept in raw, and reported
        context.log.warning(f"{where}: loaded {outcome.rows} rows, {outcome.message}")
    else:
        context.log.debug(f"{where}: loaded {outcome.rows} rows")
