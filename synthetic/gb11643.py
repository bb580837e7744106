"""GB 11643-1999 resident identity numbers: check character and validation.

An 18-character ID is 6 digits of region (GB/T 2260), 8 digits of birth date (YYYYMMDD),
a 3-digit sequence whose parity is the sex (odd = male) and a check character computed
with ISO 7064 MOD 11-2 (``0``-``9`` or ``X``; a lower-case ``x`` is the same).
"""

from __future__ import annotations

import re

import numpy as np

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CODES = "10X98765432"

_WEIGHTS_ARRAY = np.array(WEIGHTS, dtype=np.int64)
_CHECK_ASCII = np.frombuffer(CHECK_CODES.encode("ascii"), dtype=np.uint8)
_POWERS = 10 ** np.arange(16, -1, -1, dtype=np.int64)
_ID_PATTERN = re.compile(r"^[0-9]{17}[0-9Xx]$")


def check_char(first17: str) -> str:
    """The check character for the first 17 digits of an ID."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError(f"expected 17 digits, got {first17!r}")
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CODES[total % 11]


def is_valid(id18: str) -> bool:
    """True when ``id18`` has the GB 11643 shape and its check character matches."""
    if not isinstance(id18, str) or not _ID_PATTERN.match(id18):
        return False
    return check_char(id18[:17]) == id18[17].upper()


def make_ids(county, birth, seq) -> np.ndarray:
    """Vectorised: valid 18-character IDs from county codes, birth dates and sequence numbers.

    ``county``: 6-digit codes (ints or digit strings); ``birth``: anything convertible to
    ``datetime64[D]``; ``seq``: ints in 0..999 (odd for men, even for women).
    Returns a numpy unicode array (``<U18``).
    """
    county = np.asarray(county).astype(np.int64)
    birth = np.asarray(birth, dtype="datetime64[D]")
    seq = np.asarray(seq, dtype=np.int64)
    if np.any((county < 100000) | (county > 999999)):
        raise ValueError("county codes must have 6 digits")
    if np.any((seq < 0) | (seq > 999)):
        raise ValueError("sequence numbers must be in 0..999")
    year = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    month = birth.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (birth - birth.astype("datetime64[M]")).astype(np.int64) + 1
    number = county * 10**11 + year * 10**7 + month * 10**5 + day * 10**3 + seq
    digits = (number[:, None] // _POWERS) % 10
    check = _CHECK_ASCII[(digits @ _WEIGHTS_ARRAY) % 11]
    chars = np.empty((len(number), 18), dtype=np.uint8)
    chars[:, :17] = digits + ord("0")
    chars[:, 17] = check
    return chars.view("S18").ravel().astype("U18")
