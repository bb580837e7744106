"""The landing contract as data: sources, files and their Chinese headers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractFile:
    source: str
    name: str  # file name inside <source>/<YYYY-MM>/
    columns: tuple[str, ...]  # required Chinese headers
    household_id_column: str | None = None

    @property
    def raw_table(self) -> str:
        return f"{self.source}__{self.name.removesuffix('.csv')}"


EXTRACT_FILES: tuple[ExtractFile, ...] = (
    ExtractFile(
        "civil_affairs",
        "assistance_roll.csv",
        (
            "统计月份",
            "区划代码",
            "救助户编号",
            "城乡类别",
            "身份证号",
            "姓名",
            "与户主关系",
            "救助类别",
            "保障状态",
            "月救助金额",
            "认定日期",
        ),
        household_id_column="救助户编号",
    ),
    ExtractFile(
        "medical_insurance",
        "settlements.csv",
        (
            "结算编号",
            "身份证号",
            "就诊类型",
            "结算日期",
            "医疗总费用",
            "统筹基金支付",
            "大病保险支付",
            "医疗救助支付",
            "个人自付",
            "主诊断编码",
            "定点机构编码",
        ),
    ),
    ExtractFile(
        "human_resources",
        "employment.csv",
        (
            "统计月份",
            "身份证号",
            "就业状态",
            "月工资收入",
            "失业保险金",
            "养老金",
            "养老金类型",
            "参保地区划代码",
        ),
    ),
    ExtractFile(
        "rural_revitalization",
        "households.csv",
        (
            "统计月份",
            "户编号",
            "区划代码",
            "户类型",
            "监测对象类别",
            "主要风险类型",
            "风险是否消除",
            "年家庭经营净收入",
            "年财产性收入",
            "收入核查年度",
        ),
        household_id_column="户编号",
    ),
    ExtractFile(
        "rural_revitalization",
        "members.csv",
        (
            "户编号",
            "身份证号",
            "姓名",
            "与户主关系",
            "劳动能力",
            "残疾等级",
            "健康状况",
            "在校生状况",
        ),
        household_id_column="户编号",
    ),
)

SOURCES: tuple[str, ...] = tuple(dict.fromkeys(f.source for f in EXTRACT_FILES))


def files_of(source: str) -> tuple[ExtractFile, ...]:
    return tuple(f for f in EXTRACT_FILES if f.source == source)
