"""Landing files written carelessly or with intent: headers that are SQL or repeat a name,
mixed line endings, header-only files, manifests of the wrong shape (issue 24)."""

from __future__ import annotations

import hashlib
import io
import json

import duckdb
import pytest
from landing_files import employment_row, header_of, make_id, member_row, write_extract

from orchestration.lib.landing import decoding
from orchestration.lib.landing.decoding import FileRejected, inspect, lf_line_endings
from orchestration.lib.landing.loader import load_source_month
from orchestration.lib.landing.manifest import check_entry, read_manifest

MONTH = "2026-03"
KEY = "k1"
ID_A = make_id("43062419800101001")
ID_B = make_id("43062419820202002")
HR = ("human_resources", "employment.csv")


@pytest.fixture
def con(tmp_path):
    connection = duckdb.connect(str(tmp_path / "build.duckdb"))
    yield connection
    connection.close()


def employment(tmp_path, rows, columns=None):
    return write_extract(tmp_path, *HR[:1], MONTH, HR[1], rows, columns=columns)


def load(con, tmp_path):
    [outcome] = load_source_month(con, tmp_path, "human_resources", MONTH, KEY)
    return outcome


def manifest(path, entry) -> None:
    (path.parent / "_manifest.json").write_text(json.dumps({"files": {path.name: entry}}))


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "header",
    [
        "x\" := (select content from read_text('/proc/self/environ'))))::varchar, --",
        'a"b',
        "ordinality",
        "c0",
    ],
)
def test_an_extra_header_is_data_with_its_literal_name(con, tmp_path, header):
    columns = header_of(*HR) + [header]
    rows = [employment_row(MONTH, ID_A) | {header: "v1"}, employment_row(MONTH, ID_B)]
    employment(tmp_path, rows, columns)
    outcome = load(con, tmp_path)
    assert (outcome.status, outcome.rows) == ("loaded", 2)
    loaded = con.execute(
        'select _row_number, _extra_columns, "身份证号" from raw.human_resources__employment '
        "order by _row_number"
    ).fetchall()
    assert [(n, json.loads(extra), i) for n, extra, i in loaded] == [
        (1, {header: "v1"}, ID_A),
        (2, {header: None}, ID_B),  # an empty field is null, as in every column
    ]


@pytest.mark.parametrize("twice", ["养老金", "备注"])
def test_a_column_named_twice_rejects_the_file(con, tmp_path, twice):
    path = employment(tmp_path, [employment_row(MONTH, ID_A)])
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(f"{lines[0]},{twice},{twice.upper()}\n{lines[1]},1,2\n", encoding="utf-8")
    outcome = load(con, tmp_path)
    assert (outcome.status, outcome.message) == (
        "rejected",
        f"human_resources/2026-03/employment.csv: column {twice} appears twice in the header",
    )


def test_names_differing_only_in_case_clash(con, tmp_path):
    columns = header_of(*HR) + ["Note", "note"]
    employment(tmp_path, [employment_row(MONTH, ID_A)], columns)
    assert "column note appears twice" in load(con, tmp_path).message


def test_mixed_line_endings_load(con, tmp_path, monkeypatch):
    monkeypatch.setattr(decoding, "CHUNK", 5)  # CRLFs split across chunks
    path = employment(tmp_path, [employment_row(MONTH, i) for i in (ID_A, ID_B, ID_A)])
    lines = path.read_bytes().split(b"\n")[:-1]
    path.write_bytes(b"".join(line + (b"\r\n", b"\n")[i % 2] for i, line in enumerate(lines)))
    outcome = load(con, tmp_path)
    assert (outcome.status, outcome.rows) == ("loaded", 3)
    wages = con.execute('select "参保地区划代码" from raw.human_resources__employment').fetchall()
    assert wages == [("430624100001",)] * 3  # the last column carries no CR


def test_mixed_line_endings_in_gb18030_load(con, tmp_path):
    names = ["欧阳娜娜", "龘靐"]
    rows = [member_row("H1", i, n) for i, n in zip((ID_A, ID_B), names, strict=True)]
    path = write_extract(
        tmp_path, "rural_revitalization", MONTH, "members.csv", rows, encoding="gb18030"
    )
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n", 1))
    outcomes = load_source_month(con, tmp_path, "rural_revitalization", MONTH, KEY)
    assert {o.file: (o.status, o.rows) for o in outcomes}["members.csv"] == ("loaded", 2)
    loaded = con.execute(
        'select "姓名" from raw.rural_revitalization__members order by _row_number'
    ).fetchall()
    assert [name for (name,) in loaded] == names


@pytest.mark.parametrize(
    ("data", "mixed"),
    [
        (b"a\r\nb\r\nc", False),
        (b"a\nb\nc\n", False),
        (b"a\r\nb\nc", True),
        (b"a\nb\r\n", True),
        (b"a\r", False),
    ],
)
def test_mixed_line_endings_are_told_across_chunks(monkeypatch, data, mixed):
    for chunk in (1, 2, 3, 64):
        monkeypatch.setattr(decoding, "CHUNK", chunk)
        assert inspect(io.BytesIO(data), "f").mixed_line_endings is mixed


def test_crlf_becomes_lf_whatever_the_chunking():
    data = b"a,b\r\n1,2\n3,4\r\n\r\n5\r"
    for size in (1, 2, 3, 100):
        chunks = (data[i : i + size] for i in range(0, len(data), size))
        assert b"".join(lf_line_endings(chunks)) == b"a,b\n1,2\n3,4\n\n5\r"


def test_a_header_only_file_is_rejected_unless_the_manifest_says_rows_0(con, tmp_path):
    path = employment(tmp_path, [employment_row(MONTH, ID_A)])
    load(con, tmp_path)
    path.write_text(",".join(header_of(*HR)) + "\n", encoding="utf-8")
    manifest(path, {"sha256": sha256(path)})
    outcome = load(con, tmp_path)
    assert (outcome.status, outcome.message) == (
        "rejected",
        "human_resources/2026-03/employment.csv: a header and no data rows "
        '(accepted only when _manifest.json says "rows": 0)',
    )
    kept = con.execute("select count(*) from raw.human_resources__employment").fetchone()
    assert kept == (1,)
    manifest(path, {"sha256": sha256(path), "rows": 0})
    assert (
        load(con, tmp_path).status,
        con.execute("select count(*) from raw.human_resources__employment").fetchone(),
    ) == ("loaded", (0,))


def test_a_first_delivery_with_a_header_only_is_rejected(con, tmp_path):
    path = employment(tmp_path, [])
    assert load(con, tmp_path).message.endswith(
        'a header and no data rows (accepted only when _manifest.json says "rows": 0)'
    )
    manifest(path, {"rows": 0})
    assert load(con, tmp_path).status == "loaded"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"sha256": 5, "rows": 1}, '_manifest.json "sha256" is not 64 hexadecimal digits'),
        ({"sha256": "abc"}, '_manifest.json "sha256" is not 64 hexadecimal digits'),
        ({"rows": "many"}, '_manifest.json "rows" is not a whole number >= 0'),
        ({"rows": -1}, '_manifest.json "rows" is not a whole number >= 0'),
        ({"rows": True}, '_manifest.json "rows" is not a whole number >= 0'),
        ({"rows": 1.5}, '_manifest.json "rows" is not a whole number >= 0'),
        ([1, 2], "its _manifest.json entry is not an object"),
        ("all", "its _manifest.json entry is not an object"),
    ],
)
def test_a_manifest_entry_of_the_wrong_shape_rejects_its_file(con, tmp_path, entry, message):
    path = employment(tmp_path, [employment_row(MONTH, ID_A)])
    manifest(path, entry)
    outcome = load(con, tmp_path)
    assert (outcome.status, outcome.message) == (
        "rejected",
        f"human_resources/2026-03/employment.csv: {message}",
    )
    with pytest.raises(FileRejected):
        check_entry(entry, "f")


@pytest.mark.parametrize("body", [{"files": []}, {"files": "x"}, [], 5, {"file": {}}])
def test_a_manifest_of_the_wrong_shape_rejects_the_folder(con, tmp_path, body):
    path = employment(tmp_path, [employment_row(MONTH, ID_A)])
    (path.parent / "_manifest.json").write_text(json.dumps(body))
    outcome = load(con, tmp_path)
    assert outcome.status == "rejected" and "not a valid manifest" in outcome.message
    with pytest.raises(FileRejected):
        read_manifest(path.parent)


def test_a_well_formed_entry_passes():
    check_entry({"rows": 0, "sha256": "A" * 64}, "f")
    check_entry({"rows": None}, "f")
    check_entry(None, "f")
