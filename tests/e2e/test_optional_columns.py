"""Optional landing columns (policy-delivery.md, issue 26): members.csv's 残疾类别 may be absent
from a delivery older than the column. May is re-delivered without it, June arrives with it and
one value outside the contract's list; the CLI runs May and June at a county run through May.

Items: 1 a delivery without the column loads, its rows hold null, nothing is quarantined for
the absence and the GE suite passes; 2 a delivery with the column loads it; 3 a bad value in
it is quarantined with a reason; 4 rows in = rows loaded + rows quarantined, both months."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import duckdb
import pytest
from june_arrives import JUNE, MAY, copy_of

SOURCE, FILE, HEADER = "rural_revitalization", "members.csv", "残疾类别"
BAD_VALUE = "弱视"


def read_rows(path: Path) -> tuple[list[list[str]], str]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return list(csv.reader(io.StringIO(raw.decode(encoding)))), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError(f"{path} is neither UTF-8 nor GB18030")


def write_rows(path: Path, rows: list[list[str]], encoding: str) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    manifest_path = path.parent / "_manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest["files"][path.name] = {"rows": len(rows) - 1, "sha256": sha256}
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")


@pytest.fixture(scope="module")
def county(through_may, tmp_path_factory):
    county = copy_of(through_may, tmp_path_factory.mktemp("optional_columns"))

    # 1: May re-delivered as an older delivery would be: without the column.
    may = county.landing / SOURCE / MAY / FILE
    rows, encoding = read_rows(may)
    assert HEADER in rows[0], "the generator writes the optional column"
    at = rows[0].index(HEADER)
    write_rows(may, [row[:at] + row[at + 1 :] for row in rows], encoding)

    # 3: June with the column, one member's value outside the contract's list.
    june = county.june_file(SOURCE, FILE)
    rows, encoding = read_rows(june)
    at = rows[0].index(HEADER)
    rows[-1][at] = BAD_VALUE
    write_rows(june, rows, encoding)

    county.land_june()
    result = county.run("--month", MAY, "--month", JUNE)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return county, len(rows) - 1


def query(county, database: str, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(county.warehouse / database), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def members_findings(county, month: str) -> list[tuple]:
    return query(
        county,
        "analytics.duckdb",
        "select row_number, check_name, reason from quality.findings "
        "where month = ? and file = ? order by row_number",
        [month, FILE],
    )


def types_by_validity(county, month: str) -> list[tuple]:
    """(is_valid, rows, rows with a disability type) of the month's staged members."""
    return query(
        county,
        "build.duckdb",
        "select is_valid, count(*), count(disability_type) "
        "from staging.stg_rural_revitalization__members where month = ? group by all order by 1",
        [month],
    )


def ge_outcome(county, month: str) -> dict:
    """The stored GE validation of the members suite for `month`: the disability_type result."""
    suite = f"{SOURCE}__members"
    [path] = (county.warehouse / "gx_project").glob(
        f"**/validations/{suite}/{suite} {month}/*/*.json"
    )
    validation = json.loads(path.read_text(encoding="utf-8"))
    [result] = [
        r
        for r in validation["results"]
        if r["expectation_config"]["kwargs"].get("column") == "disability_type"
    ]
    return result


def test_1_a_delivery_without_the_optional_column_loads_with_nothing_quarantined(county):
    county, _ = county
    status, check, rows = query(
        county,
        "build.duckdb",
        "select status, check_name, rows from raw.load_ledger "
        "where source = ? and month = ? and file = ? order by loaded_at desc limit 1",
        [SOURCE, MAY, FILE],
    )[0]
    assert (status, check) == ("loaded", None) and rows > 0
    assert types_by_validity(county, MAY) == [(True, rows, 0)]
    assert members_findings(county, MAY) == []
    assert ge_outcome(county, MAY)["success"] is True


def test_2_a_delivery_with_the_optional_column_loads_its_values(county):
    county, _ = county
    [(clean, with_type)] = query(
        county,
        "build.duckdb",
        "select count(*), count(disability_type) from staging.stg_rural_revitalization__members "
        "where month = ? and is_valid",
        [JUNE],
    )
    # Disabled members have a type, the others an empty cell (null, not quarantined).
    assert 0 < with_type < clean


def test_3_a_bad_value_in_the_optional_column_is_quarantined_with_a_reason(county):
    county, june_rows = county
    [(row_number, check, reason)] = members_findings(county, JUNE)
    assert (row_number, check) == (june_rows, "enum_value")
    assert reason and BAD_VALUE not in reason
    assert [valid for valid, *_ in types_by_validity(county, JUNE)] == [False, True]
    assert ge_outcome(county, JUNE)["success"] is False


def test_4_rows_in_equal_loaded_plus_quarantined(county):
    county, _ = county
    files = query(
        county,
        "analytics.duckdb",
        "select month, is_balanced from quality.file_reconciliation where file = ? "
        "and month in (?, ?)",
        [FILE, MAY, JUNE],
    )
    assert sorted(files) == [(MAY, True), (JUNE, True)]
