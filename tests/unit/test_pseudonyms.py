"""Pseudonyms are HMAC-SHA256(key, message) truncated to 128 bits (32 hex digits), computed
in DuckDB with the key bound, never written into SQL."""

from __future__ import annotations

import hashlib
import hmac

import duckdb
import pytest

from orchestration.lib.contract import LANDING_FILES
from orchestration.lib.landing.pseudonyms import hmac_pads, hmac_sql, pseudonym
from orchestration.lib.landing.raw_schema import ensure_raw_schema, raw_table_ddl

# RFC 4231 test case 2 (truncated as its test case 5 does, there to 128 bits of SHA-256 too),
# and a pinned vector of this project's person key construction.
KNOWN = [
    (
        "Jefe",
        "what do ya want for nothing?",
        "5bdcc146bf60754e6a042426089575c7",
    ),
    (
        "test-pseudonym-key",
        "person|430624199001011234",
        "69856f5e0c3a94d4b906a8662bd5530d",
    ),
]


def duckdb_hmac(key: str, message: str) -> str:
    with duckdb.connect() as con:
        return con.execute(f"select {hmac_sql('?')}", [*hmac_pads(key), message]).fetchone()[0]


@pytest.mark.parametrize(("key", "message", "expected"), KNOWN)
def test_known_vectors(key, message, expected):
    assert pseudonym(key, message) == expected
    assert duckdb_hmac(key, message) == expected


@pytest.mark.parametrize("key", ["k", "密钥-" * 30, "x" * 64, "x" * 65])
def test_duckdb_matches_python_hmac_for_short_long_and_unicode_keys(key):
    message = "rural_revitalization|HH-0001|张三"
    assert duckdb_hmac(key, message) == pseudonym(key, message)


def test_a_different_key_rekeys():
    assert pseudonym("a", "person|1") != pseudonym("b", "person|1")


def test_a_warehouse_landed_with_64_digit_keys_keeps_its_households(tmp_path):
    """Rows landed before keys were cut to 32 hex digits are cut in place, once: the keys a
    new landing of the same IDs gives (so the same households, persons and lead ids)."""
    table = next(f for f in LANDING_FILES if f.source == "human_resources")
    before = hmac.new(b"k", b"person|430624199001011234", hashlib.sha256).hexdigest()
    with duckdb.connect(str(tmp_path / "build.duckdb")) as con:
        con.execute("create schema raw")
        con.execute(raw_table_ddl(table))
        con.execute(f"insert into raw.{table.raw_table} (_person_key) values (?)", [before])
        ensure_raw_schema(con)
        ensure_raw_schema(con)  # the second time changes nothing
        keys = con.execute(f"select _person_key from raw.{table.raw_table}").fetchall()
    assert len(before) == 64
    assert keys == [(pseudonym("k", "person|430624199001011234"),)]
