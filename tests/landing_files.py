"""Tiny hand-written extracts for landing tests (the generator is tested separately)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from orchestration.lib.contract import EXTRACT_FILES
from synthetic.gb11643 import check_char


def make_id(first17: str) -> str:
    return first17 + check_char(first17)


def header_of(source: str, name: str) -> list[str]:
    return next(list(f.columns) for f in EXTRACT_FILES if (f.source, f.name) == (source, name))


def write_extract(
    landing: Path,
    source: str,
    month: str,
    name: str,
    rows: list[dict],
    *,
    encoding: str = "utf-8",
    columns: list[str] | None = None,
) -> Path:
    columns = columns or header_of(source, name)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = landing / source / month / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def employment_row(month: str, id_number: str, wage: str = "3000.00") -> dict:
    return {
        "统计月份": month,
        "身份证号": id_number,
        "就业状态": "单位就业",
        "月工资收入": wage,
        "失业保险金": "0.00",
        "养老金": "0.00",
        "养老金类型": "无",
        "参保地区划代码": "430624100001",
    }


def member_row(household: str, id_number: str, name: str = "张三") -> dict:
    return {
        "户编号": household,
        "身份证号": id_number,
        "姓名": name,
        "与户主关系": "户主",
        "劳动能力": "普通劳动力",
        "残疾等级": "0",
        "健康状况": "健康",
        "在校生状况": "非在校生",
    }
