"""GB 11643-1999 resident ID numbers: check characters and the vectorised maker."""

import numpy as np
import pytest

from synthetic.gb11643 import check_char, is_valid, make_ids

pytestmark = pytest.mark.unit

# The worked examples of GB 11643-1999.
KNOWN_VALID = ["11010519491231002X", "440524188001010014"]


@pytest.mark.parametrize("id18", KNOWN_VALID)
def test_known_valid_ids(id18):
    assert is_valid(id18)
    assert check_char(id18[:17]) == id18[17]


def test_lower_case_x_is_accepted():
    assert is_valid("11010519491231002x")


def test_wrong_check_character_is_rejected():
    assert not is_valid("110105194912310021")
    assert not is_valid("440524188001010015")


@pytest.mark.parametrize(
    "bad", ["", "11010519491231002", "11010519491231002XX", "1101051949123100AX", None, 123]
)
def test_malformed_ids_are_rejected(bad):
    assert not is_valid(bad)


def test_check_char_needs_17_digits():
    with pytest.raises(ValueError):
        check_char("1234")


def test_make_ids_matches_scalar_check_and_encodes_inputs():
    rng = np.random.default_rng(0)
    n = 2000
    county = rng.choice([430624, 450821, 110105], n)
    birth = np.datetime64("1930-01-01") + rng.integers(0, 35000, n).astype("timedelta64[D]")
    seq = rng.integers(0, 1000, n)
    ids = make_ids(county, birth, seq)
    assert ids.dtype.kind == "U" and all(len(i) == 18 for i in ids)
    assert all(is_valid(i) for i in ids)
    assert all(check_char(i[:17]) == i[17] for i in ids[:50])
    assert [i[:6] for i in ids[:5]] == [str(c) for c in county[:5]]
    assert [i[6:14] for i in ids[:5]] == [str(b).replace("-", "") for b in birth[:5]]
    assert [int(i[14:17]) for i in ids[:5]] == list(seq[:5])


def test_make_ids_accepts_string_counties():
    ids = make_ids(np.array(["110105"]), np.array(["1949-12-31"], dtype="datetime64[D]"), [2])
    assert ids[0] == "11010519491231002X"
