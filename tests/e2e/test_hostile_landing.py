"""Hostile and careless landing files (issue 24, items 1, 6, 8, 11): June arrives at a county
run through May, carrying several bad files at once where they do not interfere, and the CLI
runs May and June. Each bad file ends loaded as data or rejected with a one-line reason; the
run succeeds and June publishes."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import duckdb
import pytest
from conftest import TEST_KEY
from june_arrives import JUNE, MAY, copy_of

# A header cell that, written into SQL unescaped, reads the process environment.
HOSTILE = "x\" := (select content from read_text('/proc/self/environ'))))::varchar, --"
KEPT = "kept"


def csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def reseal(path: Path, **entry) -> None:
    """The folder's _manifest.json entry for `path`: its sha256 plus `entry` (rows, ...)."""
    manifest_path = path.parent / "_manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest["files"][path.name] = {"sha256": sha256, **entry}
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")


def set_manifest_entry(path: Path, entry) -> None:
    manifest_path = path.parent / "_manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["files"][path.name] = entry
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")


def data_rows(path: Path, encoding: str = "utf-8-sig") -> int:
    return len(path.read_bytes().decode(encoding).splitlines()) - 1


def header_only(path: Path) -> None:
    header = path.read_bytes().decode("utf-8-sig").splitlines()[0]
    path.write_bytes((header + "\n").encode("utf-8"))


def oop_of(analytics: Path, month: str) -> float:
    with duckdb.connect(str(analytics), read_only=True) as con:
        return con.execute(
            "select sum(out_of_pocket) from marts.fct_household_months "
            "where cast(month as varchar) like ?",
            [f"{month}%"],
        ).fetchone()[0]


@pytest.fixture(scope="module")
def june(through_may, tmp_path_factory):
    county = copy_of(through_may, tmp_path_factory.mktemp("hostile"))
    oop_before = oop_of(county.warehouse / "analytics.duckdb", MAY)

    # 1: an extra header cell that is SQL.
    households = county.june_file("rural_revitalization", "households.csv")
    lines = households.read_text(encoding="utf-8-sig").splitlines()
    lines = [lines[0] + "," + csv_cell(HOSTILE)] + [line + "," + KEPT for line in lines[1:]]
    households.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reseal(households, rows=len(lines) - 1)

    # 6: May's settlements re-delivered header-only, the manifest's hash updated but not its
    # rows (rejected); May's employment header-only with the manifest saying rows: 0 (loads).
    may_settlements = county.landing / "medical_insurance" / MAY / "settlements.csv"
    header_only(may_settlements)
    reseal(may_settlements)
    may_employment = county.landing / "human_resources" / MAY / "employment.csv"
    header_only(may_employment)
    reseal(may_employment, rows=0)

    # 8: manifest entries of the wrong shape.
    set_manifest_entry(
        county.june_file("civil_affairs", "assistance_roll.csv"), {"sha256": 5, "rows": "many"}
    )
    set_manifest_entry(county.june_file("human_resources", "employment.csv"), "all of it")

    # 11: mixed line endings (settlements), a column named twice (members, GB18030).
    settlements = county.june_file("medical_insurance", "settlements.csv")
    lines = settlements.read_bytes().split(b"\n")
    settlements.write_bytes(
        b"".join(line + (b"\r\n" if i % 2 else b"\n") for i, line in enumerate(lines) if line)
    )
    reseal(settlements, rows=len([line for line in lines if line]) - 1)
    members = county.june_file("rural_revitalization", "members.csv")
    lines = members.read_bytes().decode("gb18030").splitlines()
    lines = [lines[0] + ",残疾等级"] + [line + ",0" for line in lines[1:]]
    members.write_bytes(("\n".join(lines) + "\n").encode("gb18030"))
    reseal(members, rows=len(lines) - 1)

    county.land_june()
    result = county.run("--month", MAY, "--month", JUNE)
    return county, result, oop_before


def build(county, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(county.warehouse / "build.duckdb"), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def analytics(county, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(county.warehouse / "analytics.duckdb"), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def latest_ledger(county, source: str, month: str, file: str) -> tuple:
    return build(
        county,
        "select status, check_name, message, rows from raw.load_ledger "
        "where source = ? and month = ? and file = ? order by loaded_at desc limit 1",
        [source, month, file],
    )[0]


def test_the_run_succeeds_and_june_publishes(june):
    county, result, _ = june
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    published = analytics(
        county, "select count(*) from marts.fct_household_months where month = ?", [JUNE]
    )
    assert published[0][0] > 0


def test_1_a_header_that_is_sql_is_kept_as_a_name_and_runs_nothing(june):
    county, result, _ = june
    status, *_ = latest_ledger(county, "rural_revitalization", JUNE, "households.csv")
    assert status == "loaded"
    extras = build(
        county,
        "select distinct _extra_columns from raw.rural_revitalization__households where _month = ?",
        [JUNE],
    )
    assert [json.loads(text) for (text,) in extras] == [{HOSTILE: KEPT}]
    everything = " ".join(
        text or ""
        for (text,) in build(
            county, "select distinct _extra_columns from raw.rural_revitalization__households"
        )
    )
    for secret in (TEST_KEY, os.environ["PATH"], "POVMON_PSEUDONYM_KEY"):
        assert secret not in everything


def test_6_a_header_only_redelivery_keeps_the_month_unless_the_manifest_says_rows_0(june):
    county, _, oop_before = june
    status, check, message, _ = latest_ledger(county, "medical_insurance", MAY, "settlements.csv")
    assert (status, check) == ("rejected", "no_data_rows")
    assert message.startswith("medical_insurance/2026-05/settlements.csv: a header and no data")
    assert oop_before > 0 and oop_of(county.warehouse / "analytics.duckdb", MAY) == oop_before
    assert ("settlements.csv", "no_data_rows") in analytics(
        county,
        "select file, check_name from quality.findings where month = ? and row_number is null",
        [MAY],
    )
    # Announced as empty: the month of employment is emptied.
    assert latest_ledger(county, "human_resources", MAY, "employment.csv")[0::3] == ("loaded", 0)
    assert build(
        county, "select count(*) from raw.human_resources__employment where _month = ?", [MAY]
    ) == [(0,)]


def test_8_a_manifest_entry_of_the_wrong_shape_rejects_its_file_only(june):
    county, *_ = june
    status, check, message, _ = latest_ledger(county, "civil_affairs", JUNE, "assistance_roll.csv")
    assert (status, check) == ("rejected", "manifest_entry_invalid")
    assert message == (
        'civil_affairs/2026-06/assistance_roll.csv: _manifest.json "sha256" is not 64 '
        "hexadecimal digits"
    )
    status, check, message, _ = latest_ledger(county, "human_resources", JUNE, "employment.csv")
    assert (status, check) == ("rejected", "manifest_entry_invalid")
    assert message.endswith("employment.csv: its _manifest.json entry is not an object")
    rejected = analytics(
        county,
        "select file from quality.findings where month = ? and row_number is null",
        [JUNE],
    )
    assert {"assistance_roll.csv", "employment.csv"} <= {file for (file,) in rejected}


def test_11_mixed_line_endings_load_and_a_column_named_twice_is_refused(june):
    county, *_ = june
    settlements = county.june_file("medical_insurance", "settlements.csv")
    status, _, _, rows = latest_ledger(county, "medical_insurance", JUNE, "settlements.csv")
    assert (status, rows) == ("loaded", data_rows(settlements))
    status, check, message, _ = latest_ledger(county, "rural_revitalization", JUNE, "members.csv")
    assert (status, check) == ("rejected", "duplicate_column")
    assert message == (
        "rural_revitalization/2026-06/members.csv: column 残疾等级 appears twice in the header"
    )


def test_rows_in_equal_loaded_plus_quarantined(june):
    county, *_ = june
    files = analytics(
        county,
        "select file, is_balanced from quality.file_reconciliation where month in (?, ?)",
        [MAY, JUNE],
    )
    assert files and all(balanced for _, balanced in files)
