"""Landing: files of a source-month into raw tables, with a ledger; idempotent; rejections."""

from __future__ import annotations

import hashlib
import json

import duckdb
import pytest
from landing_files import employment_row, header_of, make_id, member_row, write_extract

from orchestration.lib.landing.loader import load_source_month
from orchestration.lib.landing.pseudonyms import pseudonym

MONTH = "2026-03"
KEY = "k1"
ID_A = make_id("43062419800101001")
ID_B = make_id("43062419820202002")


@pytest.fixture
def con(tmp_path):
    connection = duckdb.connect(str(tmp_path / "build.duckdb"))
    yield connection
    connection.close()


def ledger(con):
    return con.execute(
        "select source, file, status, check_name, message, rows from raw.load_ledger "
        "order by loaded_at"
    ).fetchall()


def test_loads_rows_with_lineage_and_columns_matched_by_name(con, tmp_path):
    columns = list(reversed(header_of("human_resources", "employment.csv")))
    write_extract(
        tmp_path,
        "human_resources",
        MONTH,
        "employment.csv",
        [employment_row(MONTH, ID_A), employment_row(MONTH, ID_B, "4100.50")],
        columns=columns,
    )
    [outcome] = load_source_month(con, tmp_path, "human_resources", MONTH, KEY)
    assert (outcome.status, outcome.rows) == ("loaded", 2)
    rows = con.execute(
        'select "月工资收入", _month, _file, _row_number, _person_key '
        "from raw.human_resources__employment order by _row_number"
    ).fetchall()
    assert [r[:4] for r in rows] == [
        ("3000.00", MONTH, "employment.csv", 1),
        ("4100.50", MONTH, "employment.csv", 2),
    ]
    assert rows[0][4] == pseudonym(KEY, f"person|{ID_A}")


def test_same_bytes_twice_changes_nothing(con, tmp_path):
    write_extract(
        tmp_path, "human_resources", MONTH, "employment.csv", [employment_row(MONTH, ID_A)]
    )
    load_source_month(con, tmp_path, "human_resources", MONTH, KEY)
    [again] = load_source_month(con, tmp_path, "human_resources", MONTH, KEY)
    assert again.status == "unchanged"
    assert len(ledger(con)) == 1
    assert con.execute("select count(*) from raw.human_resources__employment").fetchone() == (1,)


def test_redelivery_replaces_the_month_and_keeps_history(con, tmp_path):
    write_extract(
        tmp_path,
        "human_resources",
        MONTH,
        "employment.csv",
        [employment_row(MONTH, ID_A), employment_row(MONTH, ID_B)],
    )
    write_extract(
        tmp_path, "human_resources", "2026-02", "employment.csv", [employment_row("2026-02", ID_A)]
    )
    load_source_month(con, tmp_path, "human_resources", MONTH, KEY)
    load_source_month(con, tmp_path, "human_resources", "2026-02", KEY)
    write_extract(
        tmp_path,
        "human_resources",
        MONTH,
        "employment.csv",
        [employment_row(MONTH, ID_A, "9999.00")],
    )
    [outcome] = load_source_month(con, tmp_path, "human_resources", MONTH, KEY)
    assert outcome.status == "loaded"
    by_month = con.execute(
        'select _month, count(*), max("月工资收入") from raw.human_resources__employment '
        "group by 1 order by 1"
    ).fetchall()
    assert by_month == [("2026-02", 1, "3000.00"), (MONTH, 1, "9999.00")]
    history = con.execute(
        "select rows, sha256 from raw.load_ledger where month = ? order by loaded_at", [MONTH]
    ).fetchall()
    assert [h[0] for h in history] == [2, 1] and history[0][1] != history[1][1]


def test_missing_required_column_rejects_the_file_only(con, tmp_path):
    columns = [c for c in header_of("human_resources", "employment.csv") if c != "养老金"]
    write_extract(
        tmp_path,
        "human_resources",
        MONTH,
        "employment.csv",
        [employment_row(MONTH, ID_A)],
        columns=columns,
    )
    write_extract(tmp_path, "rural_revitalization", MONTH, "members.csv", [member_row("H1", ID_A)])
    [rejected] = load_source_month(con, tmp_path, "human_resources", MONTH, KEY)
    outcomes = load_source_month(con, tmp_path, "rural_revitalization", MONTH, KEY)
    assert rejected.status == "rejected"
    assert rejected.message == (
        "human_resources/2026-03/employment.csv: missing required column 养老金"
    )
    assert {o.file: o.status for o in outcomes} == {
        "households.csv": "absent",
        "members.csv": "loaded",
    }
    assert con.execute("select count(*) from raw.human_resources__employment").fetchone() == (0,)
    assert ("human_resources", "employment.csv", "rejected", "missing_column") in [
        r[:4] for r in ledger(con)
    ]


def test_gb18030_file_is_decoded_without_mangling_names(con, tmp_path):
    write_extract(
        tmp_path,
        "rural_revitalization",
        MONTH,
        "members.csv",
        [member_row("H1", ID_A, "欧阳娜娜"), member_row("H1", ID_B, "龘靐")],
        encoding="gb18030",
    )
    outcomes = load_source_month(con, tmp_path, "rural_revitalization", MONTH, KEY)
    assert {o.file: o.status for o in outcomes}["members.csv"] == "loaded"
    names = con.execute(
        'select "姓名" from raw.rural_revitalization__members order by _row_number'
    ).fetchall()
    assert names == [("欧阳娜娜",), ("龘靐",)]
    assert con.execute("select encoding from raw.load_ledger").fetchone() == ("gb18030",)


def test_utf8_bom_is_accepted(con, tmp_path):
    path = write_extract(
        tmp_path, "human_resources", MONTH, "employment.csv", [employment_row(MONTH, ID_A)]
    )
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    [outcome] = load_source_month(con, tmp_path, "human_resources", MONTH, KEY)
    assert (outcome.status, outcome.rows) == ("loaded", 1)


def test_undecodable_bytes_reject_the_file(con, tmp_path):
    path = write_extract(
        tmp_path, "human_resources", MONTH, "employment.csv", [employment_row(MONTH, ID_A)]
    )
    path.write_bytes(path.read_bytes() + b"\xff\xff\xff\n")
    [outcome] = load_source_month(con, tmp_path, "human_resources", MONTH, KEY)
    assert outcome.status == "rejected"
    assert "not valid UTF-8 or GB18030" in outcome.message


def test_manifest_row_count_mismatch_rejects_the_file(con, tmp_path):
    path = write_extract(
        tmp_path,
        "human_resources",
        MONTH,
        "employment.csv",
        [employment_row(MONTH, ID_A), employment_row(MONTH, ID_B)],
    )
    manifest = {
        "files": {
            "employment.csv": {"rows": 3, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
        }
    }
    (path.parent / "_manifest.json").write_text(json.dumps(manifest))
    [outcome] = load_source_month(con, tmp_path, "human_resources", MONTH, KEY)
    assert outcome.status == "rejected"
    assert outcome.message.endswith("2 data rows but _manifest.json says 3")


def test_manifest_hash_mismatch_rejects_the_file(con, tmp_path):
    path = write_extract(
        tmp_path, "human_resources", MONTH, "employment.csv", [employment_row(MONTH, ID_A)]
    )
    manifest = {"files": {"employment.csv": {"rows": 1, "sha256": "0" * 64}}}
    (path.parent / "_manifest.json").write_text(json.dumps(manifest))
    [outcome] = load_source_month(con, tmp_path, "human_resources", MONTH, KEY)
    assert (outcome.status, outcome.message) == (
        "rejected",
        "human_resources/2026-03/employment.csv: sha256 differs from _manifest.json",
    )


def test_extra_columns_are_kept_and_reported(con, tmp_path):
    columns = header_of("human_resources", "employment.csv") + ["备注"]
    row = employment_row(MONTH, ID_A) | {"备注": "补录"}
    write_extract(tmp_path, "human_resources", MONTH, "employment.csv", [row], columns=columns)
    [outcome] = load_source_month(con, tmp_path, "human_resources", MONTH, KEY)
    assert outcome.message == "extra columns kept: 备注"
    extra = con.execute("select _extra_columns from raw.human_resources__employment").fetchone()
    assert json.loads(extra[0]) == {"备注": "补录"}


def test_a_rewritten_file_with_the_same_bytes_is_unchanged_and_a_changed_one_reloads(con, tmp_path):
    path = write_extract(
        tmp_path, "human_resources", MONTH, "employment.csv", [employment_row(MONTH, ID_A)]
    )
    load_source_month(con, tmp_path, "human_resources", MONTH, KEY)
    original = path.read_bytes()
    path.write_bytes(original)  # touched: new times, same bytes
    [touched] = load_source_month(con, tmp_path, "human_resources", MONTH, KEY)
    assert touched.status == "unchanged" and len(ledger(con)) == 1
    # Same size, one amount corrected: the content is hashed again and the month reloads.
    path.write_bytes(original.replace(b"3000.00", b"3100.00"))
    [changed] = load_source_month(con, tmp_path, "human_resources", MONTH, KEY)
    assert changed.status == "loaded" and len(ledger(con)) == 2


def test_gb18030_is_transcoded_in_chunks_across_character_boundaries(con, tmp_path, monkeypatch):
    from orchestration.lib.landing import decoding

    monkeypatch.setattr(decoding, "CHUNK", 7)  # every multi-byte character risks a split
    names = ["欧阳娜娜", "龘靐", "张三丰", "𠀋𠀌"]
    rows = [member_row("H1", make_id(f"4306241980010100{i}"), n) for i, n in enumerate(names)]
    write_extract(tmp_path, "rural_revitalization", MONTH, "members.csv", rows, encoding="gb18030")
    load_source_month(con, tmp_path, "rural_revitalization", MONTH, KEY)
    loaded = con.execute(
        'select "姓名" from raw.rural_revitalization__members order by _row_number'
    ).fetchall()
    assert [name for (name,) in loaded] == names
