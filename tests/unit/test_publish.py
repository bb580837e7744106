"""Publish: analytics/restricted replaced atomically; identifying columns never published."""

from __future__ import annotations

import stat
import subprocess
import sys
from datetime import date

import duckdb
import pytest

from orchestration.lib.publish.publisher import MonthsChanged, PublishRefused, publish


def make_build(path, warnings: int, *, leak: bool = False):
    con = duckdb.connect(str(path))
    con.execute("create schema monitoring; create schema restricted; create schema staging")
    con.execute(
        "create table monitoring.early_warnings as select range as n from range(?)", [warnings]
    )
    con.execute("create table staging.secret as select '430624198001010011' as id_number")
    con.execute(
        "create table restricted.person_identity as select 'k' as person_key, "
        "'430624198001010011' as id_number, '张三' as name"
    )
    if leak:
        con.execute("create table monitoring.oops as select '张三' as name")
    con.close()


def test_publish_copies_only_analytics_schemas(tmp_path):
    build = tmp_path / "build.duckdb"
    make_build(build, 3)
    publish(build, tmp_path / "analytics.duckdb", tmp_path / "restricted.duckdb")
    with duckdb.connect(str(tmp_path / "analytics.duckdb"), read_only=True) as con:
        tables = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables"
        ).fetchall()
    assert tables == [("monitoring.early_warnings",)]
    with duckdb.connect(str(tmp_path / "restricted.duckdb"), read_only=True) as con:
        assert con.execute("select name from main.person_identity").fetchone() == ("张三",)
    assert stat.S_IMODE((tmp_path / "restricted.duckdb").stat().st_mode) == 0o600


def test_reader_of_old_file_keeps_old_data_while_new_is_published(tmp_path):
    build, analytics = tmp_path / "build.duckdb", tmp_path / "analytics.duckdb"
    make_build(build, 3)
    publish(build, analytics, tmp_path / "restricted.duckdb")
    reader = duckdb.connect(str(analytics), read_only=True)
    build.unlink()
    make_build(build, 5)
    publish(build, analytics, tmp_path / "restricted.duckdb")
    # The open reader still sees the complete old warehouse; a new reader the new one.
    assert reader.execute("select count(*) from monitoring.early_warnings").fetchone() == (3,)
    reader.close()
    with duckdb.connect(str(analytics), read_only=True) as fresh:
        assert fresh.execute("select count(*) from monitoring.early_warnings").fetchone() == (5,)
    assert not list(tmp_path.glob(".*.tmp"))


def test_identifying_column_in_analytics_schema_refuses_publish(tmp_path):
    build, analytics = tmp_path / "build.duckdb", tmp_path / "analytics.duckdb"
    make_build(build, 3)
    publish(build, analytics, tmp_path / "restricted.duckdb")
    build.unlink()
    make_build(build, 7, leak=True)
    with pytest.raises(PublishRefused, match="monitoring.oops has identifying column"):
        publish(build, analytics, tmp_path / "restricted.duckdb")
    with duckdb.connect(str(analytics), read_only=True) as con:  # last publish intact
        assert con.execute("select count(*) from monitoring.early_warnings").fetchone() == (3,)


def make_monthly_build(path, months: dict[str, int], households: int):
    """monitoring.early_warnings: `months` {first day: rows}; marts.dim_households whole."""
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    con.execute("create schema monitoring; create schema marts; create schema restricted")
    con.execute("create table monitoring.early_warnings (month_start date, n integer)")
    for month, rows in months.items():
        con.execute(
            "insert into monitoring.early_warnings select ?::date, range from range(?)",
            [month, rows],
        )
    con.execute(
        "create table marts.dim_households as select range as n from range(?)", [households]
    )
    con.execute("create table restricted.worklist_rows as from monitoring.early_warnings")
    con.close()


INCREMENTAL = frozenset({("monitoring", "early_warnings"), ("restricted", "worklist_rows")})


def counts(path, table: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            f"select month_start::varchar, count(*) from {table} group by 1 order by 1"
        ).fetchall()


def test_incremental_publish_copies_only_the_changed_months(tmp_path):
    build, analytics = tmp_path / "build.duckdb", tmp_path / "analytics.duckdb"
    restricted = tmp_path / "restricted.duckdb"
    make_monthly_build(build, {"2025-01-01": 2, "2025-02-01": 3}, households=4)
    publish(build, analytics, restricted)
    # The next build rebuilt February on: the published January is kept as it was, so a
    # January that (wrongly) changed in the build shows the copy skipped it.
    make_monthly_build(build, {"2025-01-01": 9, "2025-02-01": 5, "2025-03-01": 1}, households=6)
    publish(build, analytics, restricted, changed=MonthsChanged(date(2025, 2, 1), INCREMENTAL))
    months = [("2025-01-01", 2), ("2025-02-01", 5), ("2025-03-01", 1)]
    assert counts(analytics, "monitoring.early_warnings") == months
    assert counts(restricted, "main.worklist_rows") == months
    with duckdb.connect(str(analytics), read_only=True) as con:  # a whole-table model: whole
        assert con.execute("select count(*) from marts.dim_households").fetchone() == (6,)
    assert stat.S_IMODE(restricted.stat().st_mode) == 0o600


def test_publish_copies_whole_when_nothing_says_what_changed(tmp_path):
    build, analytics = tmp_path / "build.duckdb", tmp_path / "analytics.duckdb"
    make_monthly_build(build, {"2025-01-01": 2}, households=1)
    publish(build, analytics, tmp_path / "restricted.duckdb")
    make_monthly_build(build, {"2025-01-01": 7}, households=1)
    publish(build, analytics, tmp_path / "restricted.duckdb")
    assert counts(analytics, "monitoring.early_warnings") == [("2025-01-01", 7)]


def test_incremental_publish_recopies_a_table_whose_columns_changed_and_drops_a_gone_one(
    tmp_path,
):
    build, analytics = tmp_path / "build.duckdb", tmp_path / "analytics.duckdb"
    make_monthly_build(build, {"2025-01-01": 2}, households=1)
    with duckdb.connect(str(build)) as con:
        con.execute("create table monitoring.retired as select 1 as n")
    publish(build, analytics, tmp_path / "restricted.duckdb")
    make_monthly_build(build, {"2025-01-01": 3, "2025-02-01": 1}, households=1)
    with duckdb.connect(str(build)) as con:
        con.execute("alter table monitoring.early_warnings add column extra integer")
    changed = MonthsChanged(date(2025, 2, 1), INCREMENTAL)
    publish(build, analytics, tmp_path / "restricted.duckdb", changed=changed)
    assert counts(analytics, "monitoring.early_warnings") == [("2025-01-01", 3), ("2025-02-01", 1)]
    with duckdb.connect(str(analytics), read_only=True) as con:
        tables = con.execute("select table_name from information_schema.tables").fetchall()
    assert ("retired",) not in tables


def publish_months(build, analytics, restricted, months, households, since=None, spare=None):
    """`since`, `spare`: the first month ('YYYY-MM') the published and the spare files lack."""
    make_monthly_build(build, months, households)
    first_day = {None: None} | {m: date.fromisoformat(f"{m}-01") for m in (since, spare) if m}
    changed = MonthsChanged(first_day[since], INCREMENTAL, first_day[spare])
    publish(build, analytics, restricted, changed=changed)


def test_a_publish_starts_from_the_spare_and_adds_what_it_lacks(tmp_path):
    build, analytics = tmp_path / "build.duckdb", tmp_path / "analytics.duckdb"
    restricted = tmp_path / "restricted.duckdb"
    publish_months(build, analytics, restricted, {"2025-01-01": 2}, 1)
    first = analytics.stat().st_ino
    publish_months(build, analytics, restricted, {"2025-01-01": 2, "2025-02-01": 3}, 2, "2025-02")
    # The spare holds the first publish; it lacks February and March, the target lacks March.
    months = {"2025-01-01": 2, "2025-02-01": 4, "2025-03-01": 1}
    publish_months(build, analytics, restricted, months, 3, "2025-03", spare="2025-02")
    assert analytics.stat().st_ino == first  # updated in place of a copy of the whole file
    assert counts(analytics, "monitoring.early_warnings") == list(months.items())
    assert counts(restricted, "main.worklist_rows") == list(months.items())
    assert stat.S_IMODE(restricted.stat().st_mode) == 0o600
    with duckdb.connect(str(analytics), read_only=True) as con:
        assert con.execute("select count(*) from marts.dim_households").fetchone() == (3,)


def test_a_spare_that_a_reader_still_has_open_is_left_to_them(tmp_path):
    build, analytics = tmp_path / "build.duckdb", tmp_path / "analytics.duckdb"
    restricted = tmp_path / "restricted.duckdb"
    publish_months(build, analytics, restricted, {"2025-01-01": 2}, 1)
    # An analyst in another process opens the warehouse, and keeps it open across two
    # publishes: the file they read becomes the spare, and must not be written into.
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(analytics)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout.readline().strip() == "2"
    publish_months(build, analytics, restricted, {"2025-01-01": 5}, 1, "2025-01")
    months = {"2025-01-01": 5, "2025-02-01": 1}
    publish_months(build, analytics, restricted, months, 1, "2025-02", spare="2025-01")
    assert counts(analytics, "monitoring.early_warnings") == list(months.items())
    reader.stdin.write("again\n")
    reader.stdin.flush()
    assert reader.stdout.readline().strip() == "2"  # still the first publish, whole
    reader.stdin.close()
    assert reader.wait(timeout=30) == 0


# Reads the early warnings, then again each time a line arrives, with one open connection.
READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
query = "select count(*) from monitoring.early_warnings"
print(con.execute(query).fetchone()[0], flush=True)
for _ in sys.stdin:
    print(con.execute(query).fetchone()[0], flush=True)
"""


def test_a_spare_that_is_the_published_file_itself_is_not_written_into(tmp_path):
    build, analytics = tmp_path / "build.duckdb", tmp_path / "analytics.duckdb"
    restricted = tmp_path / "restricted.duckdb"
    publish_months(build, analytics, restricted, {"2025-01-01": 2}, 1)
    publish_months(build, analytics, restricted, {"2025-01-01": 3}, 1, "2025-01")
    # A publish killed between linking the spare and replacing the file leaves the spare a
    # second name for the published file.
    spare = tmp_path / ".analytics.duckdb.spare"
    spare.unlink()
    spare.hardlink_to(analytics)
    published = analytics.stat().st_ino
    publish_months(build, analytics, restricted, {"2025-01-01": 4}, 1, "2025-01", spare="2025-01")
    assert analytics.stat().st_ino != published  # a new file, not the live one updated
    assert counts(analytics, "monitoring.early_warnings") == [("2025-01-01", 4)]
