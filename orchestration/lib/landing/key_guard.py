"""The warehouse remembers which pseudonym key it was built with (a fingerprint, never the key)
and refuses a run with another one: a forgotten POVMON_PSEUDONYM_KEY would otherwise land the
new month under other keys, doubling every household and closing nobody's lead.

Changing the key on purpose is a re-key: every raw row's pseudonyms are computed again from the
IDs the build database keeps, and the next build is a full refresh (run_window reads the
re-key's time from raw.pseudonym_key).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

import duckdb

from orchestration.lib.contract import LANDING_FILES
from orchestration.lib.landing.pseudonyms import (
    PERSON_PREFIX,
    household_key_sql,
    person_key_sql,
    pseudonym,
)
from orchestration.settings import DEVELOPMENT_KEY

KEY_TABLE_DDL = """
create table if not exists raw.pseudonym_key (
    fingerprint varchar not null,   -- HMAC-SHA256(key, FINGERPRINT_MESSAGE): not the key
    recorded_at timestamp not null,
    rekeyed boolean not null        -- recorded by a re-key: the next build is a full refresh
)
"""
# A message no ID or household id can be, so the fingerprint is no pseudonym of anybody.
FINGERPRINT_MESSAGE = "poverty-monitor|key-fingerprint"
WAY_OUT = (
    "set the key it was built with, or re-key every household and person with "
    "`poverty-monitor run --rekey` (README: Changing the key)"
)


class KeyMismatch(Exception):
    """The run's key is not the one the warehouse was built with: one line for the user."""


def fingerprint(key: str) -> str:
    return hmac.new(key.encode("utf-8"), FINGERPRINT_MESSAGE.encode(), hashlib.sha256).hexdigest()


def guard_key(con: duckdb.DuckDBPyConnection, key: str, *, rekey: bool = False) -> bool:
    """Refuse (KeyMismatch) a key other than the warehouse's; with `rekey`, adopt it and
    re-key every raw row. True when the rows were re-keyed."""
    con.execute(KEY_TABLE_DDL)
    current = fingerprint(key)
    row = con.execute(
        "select fingerprint from raw.pseudonym_key order by recorded_at desc limit 1"
    ).fetchone()
    if row is not None and row[0] == current:
        return False
    if rekey:
        _rekey_rows(con, key)
        _record(con, current, rekeyed=True)
        return True
    if row is None and _matches_landed_rows(con, key):
        _record(con, current, rekeyed=False)  # a new warehouse, or one built before fingerprints
        return False
    what = (
        "POVMON_PSEUDONYM_KEY is not set (the development key is in use)"
        if key == DEVELOPMENT_KEY
        else "POVMON_PSEUDONYM_KEY is not the key"
    )
    raise KeyMismatch(f"{what} this warehouse was built with: {WAY_OUT}")


def rekeyed_since(con: duckdb.DuckDBPyConnection, built_at: datetime) -> bool:
    """Whether a re-key happened after the build made at `built_at`."""
    con.execute(KEY_TABLE_DDL)
    return bool(
        con.execute(
            "select count(*) from raw.pseudonym_key where rekeyed and recorded_at > ?", [built_at]
        ).fetchone()[0]
    )


def _matches_landed_rows(con: duckdb.DuckDBPyConnection, key: str) -> bool:
    """No fingerprint yet: the key is right if it gives a landed person the key they have."""
    for extract in LANDING_FILES:
        if "身份证号" not in extract.columns:
            continue
        landed = con.execute(
            f'select upper(trim("身份证号")), _person_key from raw.{extract.raw_table} '
            "where _person_key is not null limit 1"
        ).fetchone()
        if landed is not None:
            return pseudonym(key, f"{PERSON_PREFIX}{landed[0]}") == landed[1]
    return True  # nothing landed yet: this key starts the warehouse


def _rekey_rows(con: duckdb.DuckDBPyConnection, key: str) -> None:
    con.execute("begin transaction")
    try:
        for extract in LANDING_FILES:
            for column, (expression, params) in (
                ("_person_key", person_key_sql(extract, key)),
                ("_household_key", household_key_sql(extract, key)),
            ):
                if params:
                    con.execute(
                        f"update raw.{extract.raw_table} set {column} = {expression}", params
                    )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def _record(con: duckdb.DuckDBPyConnection, current: str, *, rekeyed: bool) -> None:
    con.execute(
        "insert into raw.pseudonym_key values (?, ?, ?)",
        [current, datetime.now(UTC).replace(tzinfo=None), rekeyed],
    )
