"""Keyed pseudonyms: HMAC-SHA256(key, message) (RFC 2104), its first 128 bits as 32 hex
digits, computed inside DuckDB. Truncating an HMAC to half the hash length is what RFC 2104
section 5 allows; 128 bits make a collision among a nation's IDs beyond any chance, and the
keys are every table's join and storage cost (64 hex digits were most of the warehouse).

DuckDB has SHA-256 but no HMAC, so the construction is spelled out:
H((K ^ opad) || H((K ^ ipad) || message)). The two pads are derived from the key here and bound
as parameters, so neither the key nor anything derived from it appears in SQL text, dbt's
compiled files or logs. Changing the key re-keys every household and person.
"""

from __future__ import annotations

import hashlib
import hmac

_BLOCK = 64  # SHA-256 block size in bytes
HEX_DIGITS = 32  # 128 bits of the 256
# What a person's pseudonym is the HMAC of: this prefix, then the ID upper-cased.
PERSON_PREFIX = "person|"


def hmac_pads(key: str) -> list[bytes]:
    """[outer pad, inner pad] for the key: the parameters of `hmac_sql`, in that order."""
    raw = key.encode("utf-8")
    if len(raw) > _BLOCK:
        raw = hashlib.sha256(raw).digest()
    raw = raw.ljust(_BLOCK, b"\0")
    return [bytes(b ^ 0x5C for b in raw), bytes(b ^ 0x36 for b in raw)]


def hmac_sql(message_sql: str) -> str:
    """SQL for the pseudonym of a VARCHAR expression; binds the two pads of `hmac_pads`."""
    return f"left(sha256(?::blob || unhex(sha256(?::blob || encode({message_sql})))), {HEX_DIGITS})"


def pseudonym(key: str, message: str) -> str:
    """The same value in Python (tests, and anyone checking a key by hand)."""
    digest = hmac.new(key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()[:HEX_DIGITS]


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def person_key_sql(extract, key: str, column=_quoted) -> tuple[str, list[bytes]]:
    """The raw row's `_person_key` expression and its parameters (none: the file has no ID);
    `column` gives the SQL for a contract column (the loader reads files by position)."""
    if "身份证号" not in extract.columns:
        return "null::varchar", []
    message = f"'{PERSON_PREFIX}' || upper(trim({column('身份证号')}))"
    return hmac_sql(message), hmac_pads(key)


def household_key_sql(extract, key: str, column=_quoted) -> tuple[str, list[bytes]]:
    """The raw row's `_household_key` expression and its parameters (none: no household id)."""
    if not extract.household_id_column:
        return "null::varchar", []
    household_id = column(extract.household_id_column)
    return hmac_sql(f"'{extract.source}|' || trim({household_id})"), hmac_pads(key)
