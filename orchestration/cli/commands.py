"""What each `poverty-monitor` sub-command does (the CLI module only parses arguments)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from orchestration.cli.published import (
    CommandError,
    open_analytics,
    require_complete_publish,
    require_month_run,
)
from orchestration.cli.run_summary import TOWNSHIPS_SHOWN, print_run_summary
from orchestration.lib.months import contiguous_runs, landed_months
from orchestration.lib.partial_month import (
    before_run_line,
    landing_gaps,
    missing_departments,
    provisional_line,
)
from orchestration.lib.publish.file_modes import PRIVATE_UMASK
from orchestration.settings import SHIPPED_REFERENCE_DIR, load_settings

# monitoring.warning_marks.case_mark -> what the warnings list says about it.
CASE_MARKS = {
    "lead": "with an open lead to verify",
    "in_care": "already in care",
    "suppressed": "suppressed by an earlier 排除",
    "none": "none of these",
}


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
    # A person may run a partial month on purpose: said before it starts, not refused.
    for month, missing in landing_gaps(settings.landing_dir, sorted(set(months))).items():
        print(before_run_line(month, missing), flush=True)
    try:
        run_months(
            settings,
            contiguous_runs(months),
            verbose=args.verbose,
            full_refresh=args.full_refresh,
            rekey=args.rekey,
        )
    except PipelineFailed as err:
        raise CommandError(str(err)) from None
    print_run_summary(settings.analytics_db, sorted(set(months)))
    return 0


def command_warnings(args: argparse.Namespace) -> int:
    settings = load_settings()
    with open_analytics(settings.analytics_db) as con:
        require_complete_publish(settings)
        require_month_run(con, args.month)
        frame = con.execute(
            """
            select warnings.month, warnings.household_key, warnings.rule_code,
                   warnings.rule_name_zh, warnings.severity, warnings.region_code,
                   round(warnings.measured_value, 2) as measured_value,
                   round(warnings.threshold_value, 2) as threshold_value,
                   warnings.streak_start, warnings.streak_length, warnings.is_new,
                   marks.case_mark, marks.lead_id, townships.region_name as township_name
            from monitoring.early_warnings as warnings
            left join monitoring.warning_marks as marks
                on warnings.month = marks.month and warnings.household_key = marks.household_key
                and warnings.rule_code = marks.rule_code
            left join marts.dim_regions as townships
                on substr(warnings.region_code, 1, 9) = townships.region_code
            where warnings.month = ?
            order by warnings.severity_rank desc, warnings.rule_code, warnings.region_code,
                     warnings.household_key
            """,
            [args.month],
        ).df()
        missing = missing_departments(con, args.month)
    if missing:
        # On stderr for csv / json, so the data on stdout stays parseable.
        print(
            provisional_line(args.month, missing),
            file=sys.stdout if args.format == "table" else sys.stderr,
        )
    if args.format != "table":
        frame["month_complete"] = not missing
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
            shown = frame.assign(household_key=frame.household_key.str[:16]).fillna(
                {"case_mark": "", "lead_id": "", "township_name": ""}
            )
            print(shown.drop(columns=["month"]).to_string(index=False))
        households = frame.drop_duplicates("household_key")
        marks = households.case_mark.fillna("none").value_counts()
        print(
            f"{len(households)} households in the case loop: "
            + ", ".join(f"{int(marks.get(mark, 0))} {label}" for mark, label in CASE_MARKS.items())
            + f" (leads as of {args.month}: poverty-monitor worklist --month {args.month})"
        )
    return 0


def command_worklist(args: argparse.Namespace) -> int:
    from orchestration.cli.worklists import WorklistError, write_worklists

    settings = load_settings()
    os.umask(PRIVATE_UMASK)  # the work lists and their folders hold names and ID numbers
    with open_analytics(settings.analytics_db) as con:
        require_complete_publish(settings)
        require_month_run(con, args.month)
        missing = missing_departments(con, args.month)
    if not settings.restricted_db.exists():
        raise CommandError(f"{settings.restricted_db} does not exist yet: run the month first")
    out_dir = args.out or settings.warehouse_dir / "restricted" / "worklists"
    try:
        written = write_worklists(
            settings.restricted_db, args.month, out_dir, args.township, missing
        )
    except WorklistError as err:
        raise CommandError(str(err)) from None
    if missing:
        print(f"{provisional_line(args.month, missing)}; the lists are marked 临时名单")
    print(f"{len(written)} township work lists for {args.month} in {out_dir} (mode 0600):")
    for path in written[:TOWNSHIPS_SHOWN]:
        print(f"  {path.name}")
    if len(written) > TOWNSHIPS_SHOWN:
        print(f"  ... and {len(written) - TOWNSHIPS_SHOWN} more")
    print("Return them filled in as case_management/<YYYY-MM>/verifications.xlsx (see README).")
    return 0


def command_explain(args: argparse.Namespace) -> int:
    from orchestration.cli.explain import ExplainError, explain

    settings = load_settings()
    for path in (settings.analytics_db, settings.restricted_db):
        if not path.exists():
            raise CommandError(f"{path} does not exist yet: run `poverty-monitor run` first")
    require_complete_publish(settings)
    try:
        print(explain(settings.analytics_db, settings.restricted_db, args.household, args.month))
    except ExplainError as err:
        raise CommandError(str(err)) from None
    return 0


def command_quality(args: argparse.Namespace) -> int:
    settings = load_settings()
    where, params = ("where month = ?", [args.month]) if args.month else ("", [])
    with open_analytics(settings.analytics_db) as con:
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


def command_dashboard(args: argparse.Namespace) -> int:
    from orchestration.dashboard import serve

    return serve(port=args.port)


def command_serve(args: argparse.Namespace) -> int:
    from orchestration.cli.serve import serve

    return serve(args.which, args.host, args.port)
