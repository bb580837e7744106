"""Run every suite on every month of a run, write Data Docs, and summarise for Dagster."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.lib.publish.file_modes import open_to_readers
from orchestration.lib.quality.offline_docs import make_offline
from orchestration.lib.quality.suites import SuiteSpec, load_specs, resolve_value, to_gx_suite

DATASOURCE = "povmon_batches"
# Counts, never values: a value that fails a check may be an ID number or a name delivered in
# the wrong column, and the validation results (gx_project/) and the Data Docs would show it.
RESULT_FORMAT = {
    "result_format": "BASIC",
    "partial_unexpected_count": 0,
    "exclude_unexpected_values": True,
    "include_unexpected_rows": False,
    "map_expectation_unexpected_rows_as_dict": False,
    "return_unexpected_index_query": False,
}


@dataclass(frozen=True)
class ExpectationOutcome:
    suite: str
    month: str
    expectation: str
    column: str | None
    severity: str
    success: bool
    unexpected_count: int | None
    element_count: int | None


@dataclass(frozen=True)
class SuiteOutcome:
    suite: str
    month: str
    rows: int
    expectations: tuple[ExpectationOutcome, ...]

    @property
    def blocking_failures(self) -> int:
        return sum(not e.success and e.severity == "blocking" for e in self.expectations)

    @property
    def warnings(self) -> int:
        return sum(not e.success and e.severity != "blocking" for e in self.expectations)


def import_in_background() -> None:
    """Import Great Expectations (seconds) on a thread while dbt runs in its own process and
    this one only reads dbt's output; the checks after dbt then find it loaded."""

    def load():
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
        with contextlib.suppress(Exception):  # the checks import it again and say why
            import great_expectations  # noqa: F401

    threading.Thread(target=load, name="import-great-expectations", daemon=True).start()


def data_docs_index(warehouse_dir: Path) -> Path:
    return warehouse_dir / "data_docs" / "index.html"


def run_suites(
    build_db: Path,
    warehouse_dir: Path,
    months: list[str],
    only: list[str] | None = None,
    duckdb_config: dict[str, str] | None = None,
) -> list[SuiteOutcome]:
    specs = [spec for spec in load_specs() if only is None or spec.name in only]
    context = _context(warehouse_dir)
    docs = warehouse_dir / "data_docs"
    outcomes, validated = [], []
    with duckdb.connect(str(build_db), read_only=True, config=duckdb_config or {}) as con:
        for spec in specs:
            checkpoint = _checkpoint(context, spec)
            columns = {c[0]: c[1] for c in con.execute(f"describe {spec.table}").fetchall()}
            for month in months:
                frame = con.execute(spec.batch_sql(columns), [month]).df()
                run_name = f"{spec.name} {month}"
                # Keep only the latest validation of a suite and month: a re-run replaces it.
                for store in (_validations_dir(context), docs / "validations"):
                    shutil.rmtree(store / spec.name / run_name, ignore_errors=True)
                result = checkpoint.run(
                    batch_parameters={"dataframe": frame},
                    expectation_parameters={"months": [month]},
                    run_id=_run_id(run_name),
                )
                validated += list(result.run_results)
                outcomes.append(_summarise(spec, month, len(frame), result))
    # One Data Docs build per run, of this run's validations and the index (which lists every
    # suite and month): earlier months' pages are kept, not drawn again.
    started = time.time()
    context.build_data_docs(resource_identifiers=validated or None)
    remote = make_offline(docs, changed_since=started)
    open_to_readers(docs)  # written private like everything in the run; meant for stewards
    if remote:
        # A GE upgrade brought an asset the shipped copies lack: say so, do not fail the run.
        logging.getLogger(__name__).warning(
            "Data Docs still load %s from the internet (add it to data_docs_assets)", remote
        )
    return outcomes


def _validations_dir(context) -> Path:
    return Path(context.root_directory) / "uncommitted" / "validations"


def _context(warehouse_dir: Path):
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    root = warehouse_dir / "gx_project"
    root.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(root))
    # Data Docs next to the databases (warehouse/data_docs/index.html), not deep under gx/.
    docs = os.path.relpath(warehouse_dir / "data_docs", context.root_directory) + "/"
    site = {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": docs},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }
    sites = context.list_data_docs_sites()
    if "local_site" not in sites:
        context.add_data_docs_site(site_name="local_site", site_config=site)
    elif sites["local_site"] != site:
        context.update_data_docs_site(site_name="local_site", site_config=site)
    if context.variables.progress_bars is None:
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        context.variables.save()
    return context


def _checkpoint(context, spec: SuiteSpec):
    """The suite's checkpoint, registered again only when the suite changed: GE compares
    every expectation on add_or_update (seconds a run for the same suites)."""
    fingerprints = Path(context.root_directory) / "suite_fingerprints.json"
    known = json.loads(fingerprints.read_text()) if fingerprints.exists() else {}
    resolved = [
        {**entry, "kwargs": {k: resolve_value(v) for k, v in entry["kwargs"].items()}}
        for entry in spec.expectations
    ]  # allowed values come from the contract and the rule catalog: they count too
    fingerprint = hashlib.sha256(
        json.dumps([resolved, RESULT_FORMAT], sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    if known.get(spec.name) == fingerprint:
        try:
            return context.checkpoints.get(f"{spec.name}_checkpoint")
        except Exception:  # GE raises its own not-found errors: register it again
            pass
    checkpoint = _register_checkpoint(context, spec)
    fingerprints.write_text(json.dumps({**known, spec.name: fingerprint}, indent=1))
    return checkpoint


def _register_checkpoint(context, spec: SuiteSpec):
    import great_expectations as gx

    try:
        source = context.data_sources.get(DATASOURCE)
    except KeyError:
        source = context.data_sources.add_pandas(name=DATASOURCE)
    try:
        asset = source.get_asset(spec.name)
    except LookupError:
        asset = source.add_dataframe_asset(name=spec.name)
    try:
        batch = asset.get_batch_definition("month")
    except KeyError:
        batch = asset.add_batch_definition_whole_dataframe("month")
    suite = context.suites.add_or_update(to_gx_suite(spec))
    validation = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=f"{spec.name}_monthly", data=batch, suite=suite)
    )
    return context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=f"{spec.name}_checkpoint",
            validation_definitions=[validation],
            result_format=dict(RESULT_FORMAT),  # GE fills in its defaults in place
        )
    )


def _run_id(name: str):
    from great_expectations.core.run_identifier import RunIdentifier

    return RunIdentifier(run_name=name, run_time=dt.datetime.now(dt.UTC))


def _summarise(spec: SuiteSpec, month: str, rows: int, result) -> SuiteOutcome:
    validation = next(iter(result.run_results.values()))
    outcomes = []
    for item in validation.results:  # grouped by column, not in suite order
        details = item.result or {}
        outcomes.append(
            ExpectationOutcome(
                suite=spec.name,
                month=month,
                expectation=item.expectation_config.type,
                column=item.expectation_config.kwargs.get("column"),
                severity=(item.expectation_config.meta or {}).get("severity", "blocking"),
                success=bool(item.success),
                unexpected_count=details.get("unexpected_count"),
                element_count=details.get("element_count"),
            )
        )
    return SuiteOutcome(spec.name, month, rows, tuple(outcomes))
