"""Publish: replace analytics.duckdb and restricted.duckdb atomically after a good build."""

import dagster as dg
import duckdb

from orchestration.defs.dbt.assets import warehouse_models
from orchestration.defs.dbt.project import dbt_project
from orchestration.defs.partitions import monthly_partitions, partition_month, single_run
from orchestration.defs.resources import BuildDatabase
from orchestration.lib.dbt_manifest import incremental_tables
from orchestration.lib.publish.publisher import (
    ANALYTICS_SCHEMAS,
    RESTRICTED_SCHEMA,
    MonthsChanged,
    publish,
)
from orchestration.lib.run_state import write_run_state
from orchestration.lib.run_window import record_publish, republish_from
from orchestration.lib.terminal import show

# Everything dbt builds into a published schema (keys are [schema, model]).
PUBLISHED_KEYS = [
    key for key in warehouse_models.keys if key.path[0] in {*ANALYTICS_SCHEMAS, RESTRICTED_SCHEMA}
]


@dg.asset(
    deps=PUBLISHED_KEYS,
    partitions_def=monthly_partitions,
    backfill_policy=single_run,
    group_name="publish",
    kinds={"duckdb"},
    description="analytics.duckdb (no ID numbers, no names) and restricted.duckdb (identity "
    "tables, mode 0600), replaced together (all or nothing); only the months the build "
    "changed are copied into them.",
)
def published_warehouse(context: dg.AssetExecutionContext, build_db: BuildDatabase):
    settings = build_db.settings
    with build_db.connect() as con:
        built_at, since, spare_since = republish_from(con)
    tables = publish(
        settings.built_tables_db,
        settings.analytics_db,
        settings.restricted_db,
        duckdb_config=settings.duckdb_config,
        changed=MonthsChanged(
            since, incremental_tables(dbt_project.manifest_path), spare_since=spare_since
        ),
        progress=lambda line: show(context, line),
    )
    with build_db.connect() as con:
        record_publish(con, built_at)
        # What was built with which files, for the schedule and sensor (they never open
        # build.duckdb: a reader there blocks the next run's writer).
        write_run_state(con, settings.warehouse_dir, built_at)
    months = [partition_month(key) for key in context.partition_keys]
    with duckdb.connect(str(settings.analytics_db), read_only=True) as con:
        per_rule = dict(
            con.execute(
                """
                select rule_code, count(*) from monitoring.early_warnings
                where month between ? and ? group by rule_code order by rule_code
                """,
                [months[0], months[-1]],
            ).fetchall()
        )
    return dg.MaterializeResult(
        metadata={
            **tables,
            "months_copied_from": str(since) if since else "everything",
            "analytics_db": dg.MetadataValue.path(str(settings.analytics_db)),
            "warnings": sum(per_rule.values()),
            **{f"warnings_{code}": count for code, count in per_rule.items()},
        }
    )
