"""Publish: analytics/restricted replaced atomically; identifying columns never published."""

from __future__ import annotations

import stat

import duckdb
import pytest

from orchestration.lib.publish.publisher import PublishRefused, publish


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
