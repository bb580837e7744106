"""Fault corpus: small hand-made landing sets, each fault ending in a rejected file with a
one-line reason or quarantined rows with reasons - and rows in = loaded + quarantined."""

from __future__ import annotations

import duckdb
import pytest
from conftest import pipeline_environment
from landing_files import employment_row, make_id, member_row, write_extract
from privacy_scan import analytics_text, files_text, leaks

from orchestration.cli.pipeline import run_months
from orchestration.lib.months import contiguous_runs, landed_months

MONTHS = ["2026-01", "2026-02", "2026-03"]
BAD = "2026-03"
GOOD_IDS = [make_id(f"4306241980010{i:04d}") for i in range(1, 7)]
PHONES = ["13812345678", "15987654321", "18600001111"]
LOWER_X = next(i for i in (make_id(f"4306241975050{n:04d}") for n in range(200)) if i[-1] == "X")


def settlement(month, sid, id_number, total="100.00", oop="40.00", date=None):
    return {
        "结算编号": sid,
        "身份证号": id_number,
        "就诊类型": "普通门诊",
        "结算日期": date or f"{month}-10",
        "医疗总费用": total,
        "统筹基金支付": "60.00",
        "大病保险支付": "0.00",
        "医疗救助支付": "0.00",
        "个人自付": oop,
        "主诊断编码": "J06",
        "定点机构编码": "P001",
    }


def household(month, hid):
    return {
        "统计月份": month,
        "户编号": hid,
        "区划代码": "430624100001",
        "户类型": "一般农户",
        "监测对象类别": "",
        "主要风险类型": "",
        "风险是否消除": "",
        "年家庭经营净收入": "12000.00",
        "年财产性收入": "0.00",
        "收入核查年度": "2025",
    }


def roll(month, id_number):
    return {
        "统计月份": month,
        "区划代码": "430624100002",
        "救助户编号": "J1",
        "城乡类别": "城市",
        "身份证号": id_number,
        "姓名": "赵六",
        "与户主关系": "户主",
        "救助类别": "低保",
        "保障状态": "在保",
        "月救助金额": "500.00",
        "认定日期": "2024-01-01",
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    landing = root / "raw_landing"
    a, b, c, d, e, f = GOOD_IDS
    for month in MONTHS:
        write_extract(
            landing,
            "rural_revitalization",
            month,
            "households.csv",
            [household(month, "H1"), household(month, "H2")],
        )
        members = [member_row("H1", a), member_row("H1", b), member_row("H2", c)]
        if month == BAD:
            members += [
                member_row("H9", d),  # household not in households.csv
                member_row("H2", a),
            ]  # a second roster household for one person
        write_extract(
            landing, "rural_revitalization", month, "members.csv", members, encoding="gb18030"
        )
        hr = [employment_row(month, x) for x in (a, b, c)]
        if month == "2026-01":  # an unannounced extra column with phone numbers
            hr = [row | {"联系电话": phone} for row, phone in zip(hr, PHONES, strict=True)]
        if month == BAD:
            hr += [
                employment_row(month, LOWER_X.lower()),  # lower-case x: fine
                employment_row(month, a[:-1] + ("0" if a[-1] != "0" else "1")),  # checksum
                employment_row(month, d, wage="-10.00"),  # negative amount
                employment_row("2026-02", e),  # wrong 统计月份
                employment_row(month, f) | {"就业状态": "很长" * 5000},  # very long field
                employment_row(month, b),  # same person twice
            ]
        columns = list(hr[0]) if month == "2026-01" else None
        path = write_extract(
            landing, "human_resources", month, "employment.csv", hr, columns=columns
        )
        if month == BAD:  # a blank line in the middle of the delivery
            lines = path.read_bytes().split(b"\n")
            path.write_bytes(b"\n".join(lines[:3] + [b""] + lines[3:]))
        medical = [settlement(month, f"S{month}-1", a)]
        if month == "2026-02":
            medical.append(settlement(month, "S-REDELIVERED", b))
        if month == BAD:
            medical += [
                settlement(month, f"S{month}-1", b),  # duplicate id
                settlement(month, f"S{month}-3", c, oop="45.00"),  # OOP mismatch
                settlement(month, f"S{month}-4", c, total="-100.00", oop="-160.00"),
                settlement(month, f"S{month}-5", c, date="2026-02-27"),  # outside month
                settlement(month, "S-REDELIVERED", b),  # also in 2026-02: newest wins
            ]
        write_extract(landing, "medical_insurance", month, "settlements.csv", medical)
        ca = landing / "civil_affairs" / month / "assistance_roll.csv"
        if month == "2026-02":
            ca.parent.mkdir(parents=True)
            ca.write_bytes(b"")  # empty file
        else:
            write_extract(
                landing,
                "civil_affairs",
                month,
                "assistance_roll.csv",
                [roll(month, e)],
                encoding="gb18030",
            )
            if month == BAD:  # GB18030 with its BOM
                ca.write_bytes(b"\x84\x31\x95\x33" + ca.read_bytes())
    with pipeline_environment(landing, root / "warehouse") as settings:
        run_months(settings, contiguous_runs(landed_months(landing)))
    with duckdb.connect(str(settings.analytics_db), read_only=True) as con:
        findings = con.execute(
            "select source, month, file, row_number, check_name, reason, masked_id "
            "from quality.findings"
        ).fetchall()
        files = con.execute(
            "select source, month, file, rows_in, rows_loaded, rows_quarantined, is_balanced "
            "from quality.file_reconciliation"
        ).fetchall()
    return findings, files, settings


def found(findings, file, row, check, month=BAD):
    return any(f[1:5] == (month, file, row, check) for f in findings)


@pytest.mark.parametrize(
    ("file", "row", "check"),
    [
        ("employment.csv", 5, "id_checksum"),
        ("employment.csv", 6, "negative_amount"),
        ("employment.csv", 7, "month_mismatch"),
        ("employment.csv", 8, "enum_value"),
        ("employment.csv", 9, "duplicate_person_month"),
        ("settlements.csv", 2, "duplicate_settlement_id"),
        ("settlements.csv", 3, "oop_balance"),
        ("settlements.csv", 4, "negative_amount"),
        ("settlements.csv", 5, "date_outside_month"),
        ("members.csv", 4, "member_household_missing"),
        ("members.csv", 5, "duplicate_roster_membership"),
    ],
)
def test_row_faults_are_quarantined_with_a_reason(corpus, file, row, check):
    findings, *_ = corpus
    assert found(findings, file, row, check)


def test_redelivered_settlement_id_keeps_the_newest_delivery(corpus):
    findings, *_ = corpus
    assert found(findings, "settlements.csv", 2, "duplicate_settlement_id", month="2026-02")
    assert not found(findings, "settlements.csv", 6, "duplicate_settlement_id")


def test_clean_rows_around_the_faults_load(corpus):
    findings, *_ = corpus
    flagged = {(f[1], f[2], f[3]) for f in findings if f[3] is not None}
    assert (BAD, "employment.csv", 4) not in flagged  # lower-case x is a valid ID
    assert (BAD, "employment.csv", 1) not in flagged


def test_empty_file_is_rejected_and_bom_file_loads(corpus):
    findings, files, _ = corpus
    [empty] = [f for f in findings if f[4] == "empty_file"]
    assert (
        empty[5] == "civil_affairs/2026-02/assistance_roll.csv: empty file (not even a header line)"
    )
    assert ("civil_affairs", BAD, "assistance_roll.csv", 1, 1, 0, True) in files


def test_rows_in_equal_loaded_plus_quarantined_for_every_file(corpus):
    _, files, _ = corpus
    assert len(files) == 14  # 3 months x 5 files, less the rejected empty one
    assert all(balanced for *_, balanced in files)
    hr = next(f for f in files if f[:3] == ("human_resources", BAD, "employment.csv"))
    assert hr[3:6] == (9, 4, 5)  # the blank line is not a row


def test_findings_show_masked_ids_only(corpus):
    findings, *_ = corpus
    masked = {f[6] for f in findings if f[6]}
    assert masked and all("********" in m and len(m) == 18 for m in masked)


def test_no_id_name_or_phone_reaches_analytics_logs_event_log_or_data_docs(corpus):
    *_, settings = corpus
    secrets = {*GOOD_IDS, LOWER_X, LOWER_X.lower(), *PHONES, "张三", "赵六"}
    readable = analytics_text(settings.analytics_db) + files_text(
        settings.warehouse_dir / "logs",
        settings.warehouse_dir / "data_docs",
        settings.warehouse_dir.parent / "warehouse_dagster_home",  # Dagster's event log
    )
    assert len(readable) > 100_000  # the event log and logs were really read
    assert not leaks(readable, secrets)
    with duckdb.connect(str(settings.restricted_db), read_only=True) as con:  # they are kept
        assert con.execute(
            "select count(*) from person_identity where id_number = ?", [GOOD_IDS[0]]
        ).fetchone() == (1,)
