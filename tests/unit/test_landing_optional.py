"""Optional landing columns (policy-delivery.md): a delivery older than the column loads with
null there, one that has it loads it, and a warehouse older than the column gets it added."""

from __future__ import annotations

import dataclasses

import duckdb
import pytest
from landing_files import header_of, make_id, member_row, write_extract

from orchestration.lib.contract import BY_NAME
from orchestration.lib.landing.loader import load_source_month
from orchestration.lib.landing.raw_schema import raw_table_ddl

SOURCE, FILE, MONTH, KEY = "rural_revitalization", "members.csv", "2026-03", "k1"
MEMBERS = BY_NAME[FILE]
OPTIONAL = "残疾类别"
ID_A = make_id("43062419800101001")
ID_B = make_id("43062419820202002")


@pytest.fixture
def con(tmp_path):
    connection = duckdb.connect(str(tmp_path / "build.duckdb"))
    yield connection
    connection.close()


def without(*headers: str) -> list[str]:
    return [h for h in header_of(SOURCE, FILE) if h not in headers]


def load(con, tmp_path, rows, columns):
    write_extract(tmp_path, SOURCE, MONTH, FILE, rows, columns=columns)
    outcomes = load_source_month(con, tmp_path, SOURCE, MONTH, KEY)
    [members] = [o for o in outcomes if o.file == FILE]
    return members


def disability_types(con):
    return con.execute(
        f'select "{OPTIONAL}" from raw.rural_revitalization__members order by _row_number'
    ).fetchall()


def test_the_contract_marks_disability_type_optional_and_nothing_else_in_members():
    assert MEMBERS.optional == {OPTIONAL}
    assert OPTIONAL in MEMBERS.columns and OPTIONAL not in MEMBERS.required_columns
    assert OPTIONAL in MEMBERS.may_be_empty


def test_a_delivery_without_the_optional_column_loads_with_null_there(con, tmp_path):
    rows = [member_row("H1", ID_A), member_row("H1", ID_B)]
    outcome = load(con, tmp_path, rows, without(OPTIONAL))
    assert (outcome.status, outcome.rows, outcome.message) == ("loaded", 2, "")
    assert disability_types(con) == [(None,), (None,)]


def test_a_delivery_with_the_optional_column_loads_it_like_any_other(con, tmp_path):
    rows = [{**member_row("H1", ID_A), OPTIONAL: "肢体"}, member_row("H1", ID_B)]
    outcome = load(con, tmp_path, rows, header_of(SOURCE, FILE))
    assert (outcome.status, outcome.rows, outcome.message) == ("loaded", 2, "")
    assert disability_types(con) == [("肢体",), (None,)]


def test_a_missing_required_column_still_rejects_the_file_and_names_only_it(con, tmp_path):
    outcome = load(con, tmp_path, [member_row("H1", ID_A)], without(OPTIONAL, "残疾等级"))
    assert outcome.status == "rejected"
    assert outcome.message.endswith("missing required column 残疾等级")


def test_a_raw_table_older_than_the_optional_column_gets_it_and_loads(con, tmp_path):
    older = dataclasses.replace(MEMBERS, columns=MEMBERS.required_columns, optional=frozenset())
    con.execute("create schema raw")
    con.execute(raw_table_ddl(older))
    con.execute("insert into raw.rural_revitalization__members (_month) values ('2026-02')")
    rows = [{**member_row("H1", ID_A), OPTIONAL: "视力"}]
    outcome = load(con, tmp_path, rows, header_of(SOURCE, FILE))
    assert (outcome.status, outcome.rows) == ("loaded", 1)
    loaded = con.execute(
        f'select _month, "{OPTIONAL}", "残疾等级", _row_number '
        "from raw.rural_revitalization__members order by _month"
    ).fetchall()
    assert loaded == [("2026-02", None, None, None), (MONTH, "视力", "0", 1)]
