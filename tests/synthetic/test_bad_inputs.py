"""Bad arguments of generate_landing raise one-line ValueErrors and write nothing."""

from __future__ import annotations

import pytest
from landing_reader import MONTHS, SEEDS

from synthetic import generate_landing

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"households": 49}, "at least 50"),
        ({"months": MONTHS[:11]}, "at least 12"),
        ({"months": MONTHS[:7] + MONTHS[8:17]}, "consecutive"),
        ({"months": ["2025-13"] + MONTHS[1:]}, "YYYY-MM"),
        ({"dirty_rate": 0.6}, "dirty_rate"),
        ({"dirty_rate": -0.1}, "dirty_rate"),
        (
            {"months": [f"2030-{m:02d}" for m in range(1, 13)] + ["2031-01", "2031-02", "2031-03"]},
            "2030",
        ),
    ],
)
def test_bad_inputs_raise_one_line_value_errors(tmp_path, kwargs, message):
    args = {"households": 100, "months": MONTHS, "dirty_rate": 0.0} | kwargs
    with pytest.raises(ValueError, match=message) as info:
        generate_landing(tmp_path, args["households"], args["months"], 1, args["dirty_rate"], SEEDS)
    assert "\n" not in str(info.value)
    assert not any(tmp_path.iterdir())
