"""The limit a run is measured against: the model SQL dbt just compiled and ran, executed
directly in one DuckDB session (no Dagster, no dbt, no tests, no Great Expectations).

It replays, in dbt's order, every model of the last run recorded in the warehouse's
dbt_target/ (run_results.json + manifest.json) on the build database as it is afterwards: a
table model is created again, an incremental model of a month's run has the run's months
deleted and inserted again, exactly the statements dbt ran (seeds are left out: they are
tiny CSVs). The result is the same data, so the warehouse stays as it was.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import duckdb

from orchestration.lib.months import next_month
from orchestration.lib.run_window import last_built_months


def replay(warehouse: Path, *, full_refresh: bool, settings) -> float:
    target = warehouse / "dbt_target"
    results = json.loads((target / "run_results.json").read_text())
    manifest = json.loads((target / "manifest.json").read_text())
    config = {**settings.duckdb_config, "preserve_insertion_order": False}
    models = [
        manifest["nodes"][r["unique_id"]]
        for r in results["results"]
        if r["unique_id"].startswith("model.") and r["status"] == "success"
    ]
    with duckdb.connect(str(warehouse / "build.duckdb"), config=config) as con:
        built = last_built_months(con)
        window = (f"{built[0]}-01", f"{next_month(built[-1])}-01")  # half-open
        started = time.perf_counter()
        for node in models:
            relation = node["relation_name"].split(".", 1)[1]  # without the database
            sql = node["compiled_code"]
            if node["config"]["materialized"] == "incremental" and not full_refresh:
                con.execute(
                    f"delete from {relation} where month_start >= date '{window[0]}' "
                    f"and month_start < date '{window[1]}'"
                )
                con.execute(f"insert into {relation} by name ({sql})")
            else:
                con.execute(f"create or replace table {relation} as ({sql})")
        return time.perf_counter() - started
