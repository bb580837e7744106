"""What each `poverty-monitor` sub-command does (the CLI module only parses arguments)."""

from __future__ import annotations

import argparse
import json
import sys
import time

import duckdb

from orchestration.lib.months import contiguous_runs, landed_months
from orchestration.settings import SHIPPED_REFERENCE_DIR, load_settings


class CommandError(Exception):
    """Printed as one line by the CLI."""


def command_generate(args: argparse.Namespace) -> int:
    from synthetic import generate_landing

    started = time.perf_counter()
    summary = generate_landing(
        args.out,
        households=args.households,
        months=args.months,
        seed=args.seed,
        dirty_rate=args.dirty_rate,
        reference_dir=SHIPPED_REFERENCE_DIR,
    )
    seconds = time.perf_counter() - started
    print(
        f"generated {args.households} households x {len(args.months)} months "
        f"({args.months[0]}..{args.months[-1]}) into {args.out} in {seconds:.1f} s"
    )
    for key, value in summary.items():
        print(f"  {key}: {value}")
    return 0


def command_run(args: argparse.Namespace) -> int:
    from orchestration.cli.pipeline import PipelineFailed, run_months

    settings = load_settings()
    if not settings.landing_dir.is_dir():
        raise CommandError(f"landing folder {settings.landing_dir} does not exist")
    if settings.reference_dir:
        from orchestration.lib.reference import check_reference_dir

        check_reference_dir(settings.reference_dir)
    months = args.months or landed_months(settings.landing_dir)
    if not months:
        raise CommandError(f"no month folders (YYYY-MM) under {settings.landing_dir}")
    try:
        run_months(
            settings,
            contiguous_runs(months),
            verbose=args.verbose,
            full_refresh=args.full_refresh,
        )
    except PipelineFailed as err:
        raise CommandError(str(err)) from None
    print_run_summary(settings.analytics_db, sorted(set(months)))
    return 0


def print_run_summary(analytics_db, months: list[str]) -> None:
    with _open_analytics(analytics_db) as con:
        files = con.execute(
            """
            select count(*), sum(rows_in), sum(rows_loaded), sum(rows_quarantined),
                   count(*) filter (where not is_balanced)
            from quality.file_reconciliation where month between ? and ?
            """,
            [months[0], months[-1]],
        ).fetchone()
        rejected = con.execute(
            """select file, month, reason from quality.findings
               where row_number is null and source <> 'reference' and month between ? and ?
               order by month, file""",
            [months[0], months[-1]],
        ).fetchall()
        per_rule = con.execute(
            """
            select coverage.rule_code, sum(coverage.households_flagged),
                   sum(coverage.households_not_evaluated),
                   string_agg(distinct coverage.month, ', ' order by coverage.month)
                       filter (where coverage.households_evaluated = 0)
            from monitoring.rule_coverage as coverage
            where coverage.month between ? and ?
            group by coverage.rule_code order by coverage.rule_code
            """,
            [months[0], months[-1]],
        ).fetchall()
        missing = con.execute(
            """select month, source from quality.source_months
               where not is_present and month between ? and ? order by month, source""",
            [months[0], months[-1]],
        ).fetchall()
    print(f"\nRun summary {months[0]}..{months[-1]}")
    print(
        f"  files loaded: {files[0]}, rows in: {files[1] or 0}, loaded: {files[2] or 0}, "
        f"quarantined: {files[3] or 0}, unbalanced files: {files[4] or 0}"
    )
    for file, month, reason in rejected:
        print(f"  rejected {month} {file}: {reason}")
    for month, source in missing:
        print(f"  {source} {month} missing: rules that need it are not evaluated for {month}")
    print("  warnings per rule (household-months flagged; months not evaluated at all):")
    for rule, flagged, _, months_not_evaluated in per_rule:
        note = f"   not evaluated in {months_not_evaluated}" if months_not_evaluated else ""
        print(f"    {rule:<30} {int(flagged or 0):>7}{note}")


def command_warnings(args: argparse.Namespace) -> int:
    settings = load_settings()
    with _open_analytics(settings.analytics_db) as con:
        known = con.execute(
            "select count(*) from monitoring.rule_coverage where month = ?", [args.month]
        ).fetchone()[0]
        if not known:
            raise CommandError(f"month {args.month} has not been run (see poverty-monitor run)")
        frame = con.execute(
            """
            select warnings.month, warnings.household_key, warnings.rule_code,
                   warnings.rule_name_zh, warnings.severity, warnings.region_code,
                   round(warnings.measured_value, 2) as measured_value,
                   round(warnings.threshold_value, 2) as threshold_value,
                   warnings.streak_start, warnings.streak_length, warnings.is_new
            from monitoring.early_warnings as warnings
            where warnings.month = ?
            order by warnings.severity_rank desc, warnings.rule_code, warnings.region_code,
                     warnings.household_key
            """,
            [args.month],
        ).df()
    if args.format == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        print(
            json.dumps(frame.to_dict(orient="records"), ensure_ascii=False, indent=1, default=str)
        )
    else:
        print(
            f"{len(frame)} early warnings for {args.month} "
            "(leads for case workers to verify, not decisions)"
        )
        if len(frame):
            shown = frame.assign(household_key=frame.household_key.str[:16])
            print(shown.drop(columns=["month"]).to_string(index=False))
    return 0


def command_explain(args: argparse.Namespace) -> int:
    from orchestration.cli.explain import ExplainError, explain

    settings = load_settings()
    for path in (settings.analytics_db, settings.restricted_db):
        if not path.exists():
            raise CommandError(f"{path} does not exist yet: run `poverty-monitor run` first")
    try:
        print(explain(settings.analytics_db, settings.restricted_db, args.household, args.month))
    except ExplainError as err:
        raise CommandError(str(err)) from None
    return 0


def command_quality(args: argparse.Namespace) -> int:
    settings = load_settings()
    where, params = ("where month = ?", [args.month]) if args.month else ("", [])
    with _open_analytics(settings.analytics_db) as con:
        files = con.execute(
            f"""select month, source, file, rows_in, rows_loaded, rows_quarantined, is_balanced
                from quality.file_reconciliation {where} order by month, source, file""",
            params,
        ).df()
        checks = con.execute(
            f"""select month, source, file, check_name, severity, count(*) as findings
                from quality.findings {where}
                group by all order by month, source, file, findings desc""",
            params,
        ).df()
    scope = args.month or "all months"
    print(f"Data quality, {scope}: rows in = rows loaded + rows quarantined per file")
    print(files.to_string(index=False) if len(files) else "  no files loaded")
    print("\nFindings by check (details: quality.findings in analytics.duckdb):")
    print(checks.to_string(index=False) if len(checks) else "  none")
    report = settings.warehouse_dir / "data_docs" / "index.html"
    print(f"\nHTML report: {report if report.exists() else 'not built yet'}")
    return 0


def _open_analytics(path):
    if not path.exists():
        raise CommandError(f"{path} does not exist yet: run `poverty-monitor run` first")
    return duckdb.connect(str(path), read_only=True)


def command_dashboard(args: argparse.Namespace) -> int:
    from orchestration.dashboard import serve

    return serve(port=args.port)
