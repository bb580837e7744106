"""Every column of every extract file fed values of the wrong kind, in ONE June run by the CLI:
the month still publishes, each fuzzed row is quarantined with the check its column's rule
names (or loaded, where the value is one the contract allows there), and rows in = loaded +
quarantined for every file; the returned work list's lead id and date are fuzzed too. A fuzzed
row is a copy of one of June's own rows with fresh keys (so it duplicates nothing) and one
column replaced by one bad value."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

import duckdb
import pytest
from june_arrives import JUNE, copy_of
from landing_files import header_of, make_id, write_extract

from orchestration.lib.contract import BY_NAME, RETURNED_FILES

VALUES = {
    "empty": "",
    "letters": "abc",
    "15 digits": "430624750501123",
    "19 digits": "4306241980010100171",
    "Chinese": "弱劳动力",
    "formula": "=1+1",
    "hyperlink formula": '=HYPERLINK("http://x","y")',
    "1e309": "1e309",
    "40 digits": "1234567890" * 4,
    "-0": "-0",
    "NaN": "NaN",
    "slashed date": "2026/5/10",
    "unpadded date": "2026-5-10",
    "30 February": "2026-02-30",
}

# What each column's rule makes of a value: the check that must quarantine it, None where the
# value is allowed (free text, an empty optional cell, -0 as an amount).
EXPECTED = {
    "month": lambda label: "required_value" if label == "empty" else "month_mismatch",
    "region": lambda label: "required_value" if label == "empty" else "region_code_format",
    "region or empty": lambda label: None if label == "empty" else "region_code_format",
    "id": lambda label: "required_value" if label == "empty" else "id_format",
    "enum": lambda label: "enum_value",
    "enum or empty": lambda label: None if label == "empty" else "enum_value",
    "money": lambda label: {"empty": "required_value", "-0": None}.get(label, "amount_format"),
    "date": lambda label: "required_value" if label == "empty" else "date_format",
    "date or empty": lambda label: None if label == "empty" else "date_format",
    "year or empty": lambda label: None if label == "empty" else "year_format",
    "key": lambda label: "required_value" if label == "empty" else None,
    "text": lambda label: None,
    # The fuzzed households.csv rows hold every value as a (valid) household id: it exists.
    "roster household": lambda label: "required_value" if label == "empty" else None,
    "lead id": lambda label: "required_value" if label == "empty" else "lead_id_format",
    # An outcome without a date (the rows carry 排除) is a date_format finding too.
    "verified date": lambda label: "date_format",
}
MONEY_OF_SETTLEMENTS = ("医疗总费用", "统筹基金支付", "大病保险支付", "医疗救助支付", "个人自付")
KINDS = {
    ("civil_affairs", "assistance_roll.csv"): {
        "统计月份": "month", "区划代码": "region", "救助户编号": "key", "城乡类别": "enum",
        "身份证号": "id", "姓名": "text", "与户主关系": "enum or empty", "救助类别": "enum",
        "保障状态": "enum", "月救助金额": "money", "认定日期": "date or empty",
    },
    ("medical_insurance", "settlements.csv"): {
        "结算编号": "key", "身份证号": "id", "就诊类型": "enum", "结算日期": "date",
        **dict.fromkeys(MONEY_OF_SETTLEMENTS, "money"),
        "主诊断编码": "text", "定点机构编码": "text",
    },
    ("human_resources", "employment.csv"): {
        "统计月份": "month", "身份证号": "id", "就业状态": "enum", "月工资收入": "money",
        "失业保险金": "money", "养老金": "money", "养老金类型": "enum",
        "参保地区划代码": "region or empty",
    },
    ("rural_revitalization", "households.csv"): {
        "统计月份": "month", "户编号": "key", "区划代码": "region", "户类型": "enum",
        "监测对象类别": "enum or empty", "主要风险类型": "enum or empty",
        "风险是否消除": "enum or empty", "年家庭经营净收入": "money", "年财产性收入": "money",
        "收入核查年度": "year or empty",
    },
    ("rural_revitalization", "members.csv"): {
        "户编号": "roster household", "身份证号": "id", "姓名": "text",
        "与户主关系": "enum", "劳动能力": "enum or empty", "残疾等级": "enum or empty",
        "健康状况": "enum or empty", "在校生状况": "enum or empty", "残疾类别": "enum or empty",
    },
}  # fmt: skip
# The returned work list: the two columns with a shape (its leads do not exist, so every row is
# quarantined anyway; what matters is that none stops the build). 202613-: month 13.
VERIFIED = {"线索编号": "lead id", "核实日期": "verified date"}
VERIFICATION = {"线索编号": "202605-0123456789abcdef", "核实结果": "排除", "核实日期": "2026-06-10"}


def fresh_keys(name: str, row: dict, n: int) -> dict:
    """The row as a new person / household / settlement, duplicating nothing already there."""
    row = dict(row)
    if "身份证号" in row:
        row["身份证号"] = make_id(f"110101199{n:08d}")
    if name == "households.csv":
        row["户编号"] = f"FUZZ{n}"
    if name == "settlements.csv":
        # All amounts zero: -0 in any of them keeps OOP = total - payers.
        row |= {"结算编号": f"FUZZ{n}", **dict.fromkeys(MONEY_OF_SETTLEMENTS, "0.00")}
    return row


def read_rows(path) -> tuple[list[str], list[dict]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames), list(reader)


def write_rows(path, header: list[str], rows: list[dict]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    (path.parent / "_manifest.json").unlink(missing_ok=True)  # its rows and hash are June's


def fuzz_departments(county, cases: list, controls: dict, rows_in: dict) -> None:
    """Append to each of June's five files one untouched copy (a control) and the fuzz rows."""
    n = 0
    for (source, name), kinds in KINDS.items():
        path = county.june_file(source, name)
        header, rows = read_rows(path)
        n += 1
        rows.append(fresh_keys(name, rows[0], n))
        controls[name] = len(rows)
        for column, kind in kinds.items():
            for label, value in VALUES.items():
                n += 1
                rows.append(fresh_keys(name, rows[0], n) | {column: value})
                allowed = value in BY_NAME[name].allowed.get(column, ())  # 弱劳动力 in 劳动能力
                expected = None if allowed else EXPECTED[kind](label)
                cases.append((name, len(rows), column, label, expected))
        write_rows(path, header, rows)
        rows_in[name] = len(rows)


def fuzz_work_list(county, cases: list, rows_in: dict) -> None:
    returned, rows = RETURNED_FILES[0], []
    for column, kind in VERIFIED.items():
        for label, value in VALUES.items():
            rows.append(VERIFICATION | {column: value})
            cases.append((returned.name, len(rows), column, label, EXPECTED[kind](label)))
    rows.append(VERIFICATION | {"线索编号": "202613-0123456789abcdef"})
    cases.append((returned.name, len(rows), "线索编号", "month 13", "lead_id_format"))
    write_extract(
        county.june, returned.source, JUNE, returned.name, rows, columns=[*returned.columns]
    )
    rows_in[returned.name] = len(rows)


@pytest.fixture(scope="module")
def fuzzed(through_may, tmp_path_factory):
    """June with the fuzz rows appended, run once; the run's result, the cases, the control
    rows, rows per file, the analytics findings per (file, row) and the files' reconciliation."""
    county = copy_of(through_may, tmp_path_factory.mktemp("fuzz"))
    cases, controls, rows_in = [], {}, {}
    fuzz_departments(county, cases, controls, rows_in)
    fuzz_work_list(county, cases, rows_in)
    county.land_june()
    result = county.run("--month", JUNE)
    checks = defaultdict(set)
    with duckdb.connect(str(county.warehouse / "analytics.duckdb"), read_only=True) as con:
        for file, row, check, masked in con.execute(
            "select file, row_number, check_name, masked_id from quality.findings "
            "where month = ? and row_number is not null",
            [JUNE],
        ).fetchall():
            checks[file, row].add((check, masked))
        files = con.execute(
            "select file, rows_in, rows_loaded, rows_quarantined, is_balanced "
            "from quality.file_reconciliation where month = ?",
            [JUNE],
        ).fetchall()
    return result, cases, controls, rows_in, checks, files


def test_every_contract_column_is_fuzzed():
    for (source, name), kinds in KINDS.items():
        assert list(kinds) == header_of(source, name), name


def test_the_month_publishes_whatever_the_values(fuzzed):
    result, *_ = fuzzed
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_the_untouched_copies_load(fuzzed):
    _, _, controls, _, checks, _ = fuzzed
    for name, row in controls.items():
        assert not checks[name, row], name


def test_each_bad_value_is_quarantined_with_its_check(fuzzed):
    _, cases, _, _, checks, _ = fuzzed
    missed = [
        (name, column, label, expected, sorted(c for c, _ in checks[name, row]))
        for name, row, column, label, expected in cases
        if expected and expected not in {c for c, _ in checks[name, row]}
    ]
    assert not missed


def test_values_the_contract_allows_load(fuzzed):
    _, cases, _, _, checks, _ = fuzzed
    flagged = [
        (name, column, label, sorted(c for c, _ in checks[name, row]))
        for name, row, column, label, expected in cases
        if expected is None and checks[name, row]
    ]
    assert not flagged


def test_malformed_ids_are_id_format_and_never_shown(fuzzed):
    """Issue item 2: a 15-digit ID or a word in the ID column is quarantined (it used to stop
    the build); the finding shows no character of it."""
    _, cases, _, _, checks, _ = fuzzed
    malformed = [
        (n, r) for n, r, column, label, _ in cases if column == "身份证号" and label != "empty"
    ]
    assert len(malformed) == 4 * (len(VALUES) - 1)
    for name, row in malformed:
        assert ("id_format", "****") in checks[name, row], (name, row)


def test_dates_that_are_not_yyyy_mm_dd_are_quarantined(fuzzed):
    """Issue item 11: 2026/5/10 and 2026-5-10 (which DuckDB's cast takes) and 2026-02-30."""
    _, cases, _, _, checks, _ = fuzzed
    dated = [
        (name, row)
        for name, row, column, label, _ in cases
        if column in ("认定日期", "结算日期") and label.endswith(("date", "February"))
    ]
    assert len(dated) == 6
    for name, row in dated:
        assert "date_format" in {c for c, _ in checks[name, row]}, (name, row)


def test_rows_in_equal_loaded_plus_quarantined_per_file(fuzzed):
    _, _, _, rows_in, _, files = fuzzed
    assert {file: (count, balanced) for file, count, _, _, balanced in files} == {
        name: (count, True) for name, count in rows_in.items()
    }
