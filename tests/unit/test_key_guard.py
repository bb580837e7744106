"""The key guard on a bare raw schema: a warehouse built before fingerprints existed is checked
against a pseudonym it already holds, and a re-key recomputes every row's keys."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pytest
from landing_files import make_id

from orchestration.lib.landing.key_guard import KeyMismatch, guard_key, rekeyed_since
from orchestration.lib.landing.pseudonyms import pseudonym
from orchestration.lib.landing.raw_schema import ensure_raw_schema

ID = make_id("43062419800101123")


@pytest.fixture
def con():
    con = duckdb.connect()
    ensure_raw_schema(con)
    return con


def land_one_person(con, key: str) -> None:
    con.execute(
        'insert into raw.human_resources__employment ("身份证号", _person_key) values (?, ?)',
        [ID, pseudonym(key, f"person|{ID}")],
    )


def test_a_new_warehouse_takes_the_first_key_and_refuses_another(con):
    assert guard_key(con, "first") is False
    assert guard_key(con, "first") is False
    with pytest.raises(KeyMismatch, match="--rekey"):
        guard_key(con, "second")


def test_an_old_warehouse_without_fingerprint_is_checked_against_its_rows(con):
    land_one_person(con, "old-key")
    with pytest.raises(KeyMismatch):
        guard_key(con, "not-the-old-key")
    assert guard_key(con, "old-key") is False  # recorded now
    with pytest.raises(KeyMismatch):
        guard_key(con, "not-the-old-key")


def test_a_rekey_recomputes_the_rows_and_asks_for_a_full_refresh(con):
    land_one_person(con, "old-key")
    guard_key(con, "old-key")
    before = datetime.now(UTC).replace(tzinfo=None)
    assert guard_key(con, "new-key", rekey=True) is True
    stored = con.execute("select _person_key from raw.human_resources__employment").fetchone()
    assert stored[0] == pseudonym("new-key", f"person|{ID}")
    assert rekeyed_since(con, before)
    assert guard_key(con, "new-key") is False
    with pytest.raises(KeyMismatch):
        guard_key(con, "old-key")
