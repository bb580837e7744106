"""Pseudonyms are HMAC-SHA256(key, message), computed in DuckDB with the key bound, never
written into SQL."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.lib.landing.pseudonyms import hmac_pads, hmac_sql, pseudonym

# RFC 4231 test case 2, and a pinned vector of this project's person key construction.
KNOWN = [
    (
        "Jefe",
        "what do ya want for nothing?",
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    ),
    (
        "test-pseudonym-key",
        "person|430624199001011234",
        "69856f5e0c3a94d4b906a8662bd5530dabad2f8c12c593d6a200991c1b253758",
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
