"""A forgotten or wrong POVMON_PSEUDONYM_KEY is refused before anything lands (issue 24, item
5: it used to land June under other keys, doubling the households and opening no lead); the
documented re-key (`run --rekey`) gives every household a new key and the same warnings."""

from __future__ import annotations

import duckdb
import pytest
from conftest import TEST_KEY
from june_arrives import JUNE, copy_of

from orchestration.lib.landing.pseudonyms import pseudonym

NEW_KEY = "the-province-s-new-key"


def published(county, sql: str) -> list[tuple]:
    with duckdb.connect(str(county.warehouse / "analytics.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def june_landed_rows(county) -> int:
    with duckdb.connect(str(county.warehouse / "build.duckdb"), read_only=True) as con:
        return con.execute(
            "select count(*) from raw.load_ledger where month = ? and status = 'loaded'", [JUNE]
        ).fetchone()[0]


def june_warnings(county) -> list[tuple]:
    return published(
        county,
        "select rule_code, count(*) from monitoring.early_warnings "
        f"where month = '{JUNE}' group by all order by all",
    )


@pytest.fixture(scope="module")
def county(through_may, tmp_path_factory):
    county = copy_of(through_may, tmp_path_factory.mktemp("key"))
    county.land_june()
    return county


@pytest.mark.parametrize("key", [None, "a-key-somebody-mistyped"], ids=["no key", "wrong key"])
def test_a_run_with_another_key_is_refused_in_one_line_before_anything_lands(county, key):
    households = published(county, "select count(*) from marts.dim_households")
    result = county.run("--month", JUNE, key=key)
    assert result.returncode == 2, result.stdout[-2000:] + result.stderr[-2000:]
    error = result.stderr.strip().splitlines()[-1]
    assert "POVMON_PSEUDONYM_KEY" in error and "--rekey" in error
    assert ("not set" in error) == (key is None)
    assert "Traceback" not in result.stderr
    assert june_landed_rows(county) == 0
    assert published(county, "select count(*) from marts.dim_households") == households


def test_the_right_key_runs_and_a_rekey_keeps_the_households_and_warnings(county):
    assert county.run("--month", JUNE).returncode == 0
    households = published(county, "select count(*) from marts.dim_households")
    before = june_warnings(county)
    assert before, "June must have warnings to compare"

    result = county.run("--rekey", key=NEW_KEY)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "re-keyed every household and person" in result.stdout
    assert june_warnings(county) == before
    assert published(county, "select count(*) from marts.dim_households") == households
    with duckdb.connect(str(county.warehouse / "restricted.duckdb"), read_only=True) as con:
        person_key, id_number = con.execute(
            "select person_key, id_number from person_identity limit 1"
        ).fetchone()
    assert person_key == pseudonym(NEW_KEY, f"person|{id_number.upper()}")
    assert person_key != pseudonym(TEST_KEY, f"person|{id_number.upper()}")
    # The old key is now the wrong one.
    assert county.run("--month", JUNE).returncode == 2
    assert county.run("--month", JUNE, key=NEW_KEY).returncode == 0


def test_out_of_memory_names_the_cause_and_the_setting(through_may, tmp_path, monkeypatch):
    """Issue 24 item 11: a run that does not fit POVMON_MEMORY_LIMIT used to say only
    'Runtime Error in model ...'."""
    county = copy_of(through_may, tmp_path)
    county.land_june()
    monkeypatch.setenv("POVMON_MEMORY_LIMIT", "1MB")
    result = county.run("--month", JUNE)
    assert result.returncode == 2, result.stdout[-2000:] + result.stderr[-2000:]
    error = result.stderr.strip().splitlines()[-1]
    assert "Out of Memory Error" in error and "raise POVMON_MEMORY_LIMIT" in error, error
