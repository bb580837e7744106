"""The summary `poverty-monitor run` prints after a run: rows in and out, rejected and missing
files, provisional months, warnings per rule, and the case loop by township."""

from __future__ import annotations

from orchestration.cli.published import open_analytics
from orchestration.lib.partial_month import provisional_line

TOWNSHIPS_SHOWN = 10


def print_run_summary(analytics_db, months: list[str]) -> None:
    with open_analytics(analytics_db) as con:
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
    for month in sorted({month for month, _ in missing}):
        sources = [source for missing_month, source in missing if missing_month == month]
        print(f"  PROVISIONAL {provisional_line(month, sources)}")
    print("  warnings per rule (household-months flagged; months not evaluated at all):")
    for rule, flagged, _, months_not_evaluated in per_rule:
        note = f"   not evaluated in {months_not_evaluated}" if months_not_evaluated else ""
        print(f"    {rule:<30} {int(flagged or 0):>7}{note}")
    print_case_loop_summary(analytics_db, months[-1])


def print_case_loop_summary(analytics_db, month: str) -> None:
    """The case loop as of the run's last month: leads opened (by kind), closed, overdue, and
    the same by township."""
    with open_analytics(analytics_db) as con:
        by_township = con.execute(
            """
            select substr(status.region_code, 1, 9) as township,
                   count(*) filter (where status.status = 'new' and status.kind = 'new'),
                   count(*) filter (where status.status = 'new' and status.kind = 'new_risk'),
                   count(*) filter (
                       where status.status = 'new' and status.kind = 'clearance_review'),
                   count(*) filter (where status.status = 'closed'),
                   count(*) filter (where status.status in ('overdue', 'unreachable'))
            from monitoring.lead_status as status
            where status.month = ?
            group by township order by township
            """,
            [month],
        ).fetchall()
    totals = [sum(row[i] for row in by_township) for i in range(1, 6)]
    print(
        f"  leads in {month}: opened {sum(totals[:3])} (new {totals[0]}, new_risk {totals[1]}, "
        f"clearance_review {totals[2]}), closed {totals[3]}, overdue {totals[4]}"
    )
    # The townships with the most overdue leads first; the rest are in monitoring.lead_status.
    ranked = sorted(by_township, key=lambda row: (-row[5], -sum(row[1:4]), row[0]))
    if ranked:
        print("    township    opened  closed  overdue")
    for township, new, risk, review, closed, overdue in ranked[:TOWNSHIPS_SHOWN]:
        print(f"    {township}  {new + risk + review:>6}  {closed:>6}  {overdue:>7}")
    if len(ranked) > TOWNSHIPS_SHOWN:
        more = len(ranked) - TOWNSHIPS_SHOWN
        print(f"    ... and {more} more townships (monitoring.lead_status)")
