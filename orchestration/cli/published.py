"""The published warehouse as the read commands open it: one-line errors when it is not
there, was not run for a month, or is half published."""

from __future__ import annotations

import duckdb

from orchestration.lib.publish.publisher import INTERRUPTED, publish_interrupted


class CommandError(Exception):
    """Printed as one line by the CLI."""


def require_month_run(con, month: str) -> None:
    """A month is known once the pipeline evaluated its rules (monitoring.rule_coverage)."""
    known = con.execute(
        "select count(*) from monitoring.rule_coverage where month = ?", [month]
    ).fetchone()[0]
    if not known:
        raise CommandError(f"month {month} has not been run (see poverty-monitor run)")


def require_complete_publish(settings) -> None:
    """analytics.duckdb and restricted.duckdb from different publishes would disagree."""
    if publish_interrupted(settings.analytics_db, settings.restricted_db):
        raise CommandError(INTERRUPTED)


def open_analytics(path):
    if not path.exists():
        raise CommandError(f"{path} does not exist yet: run `poverty-monitor run` first")
    return duckdb.connect(str(path), read_only=True)
