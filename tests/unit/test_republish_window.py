"""Which months a publish copies: those the builds since the last publish rebuilt."""

from __future__ import annotations

from datetime import date

import duckdb

from orchestration.lib.run_window import (
    RunWindow,
    record_build,
    record_publish,
    republish_from,
)


def build(con, first: str, last: str, full_refresh: bool = False):
    record_build(con, RunWindow([first, last], full_refresh, "test"), "ref", "code")
    return con.execute("select max(built_at) from raw.build_runs").fetchone()[0]


def test_nothing_published_yet_copies_everything():
    con = duckdb.connect()
    con.execute("create schema raw")
    built_at = build(con, "2025-03", "2025-04")
    assert republish_from(con) == (built_at, None, None)


def test_the_earliest_month_of_the_builds_since_the_last_publish():
    con = duckdb.connect()
    con.execute("create schema raw")
    record_publish(con, build(con, "2025-01", "2025-12", full_refresh=True))
    build(con, "2025-11", "2026-01")  # not published (its publish failed)
    latest = build(con, "2026-02", "2026-02")
    # The spare (the publish before the last) does not exist yet: not used.
    assert republish_from(con) == (latest, date(2025, 11, 1), None)
    record_publish(con, latest)
    # Nothing new: a whole copy, to be safe; the spare lacks what the last two builds did.
    assert republish_from(con) == (latest, None, date(2025, 11, 1))
    newest = build(con, "2026-03", "2026-03")
    assert republish_from(con) == (newest, date(2026, 3, 1), date(2025, 11, 1))


def test_a_full_refresh_since_the_last_publish_copies_everything():
    con = duckdb.connect()
    con.execute("create schema raw")
    record_publish(con, build(con, "2025-01", "2025-12"))
    latest = build(con, "2025-01", "2026-01", full_refresh=True)
    assert republish_from(con) == (latest, None, None)
