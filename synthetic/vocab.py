"""The generator's vocabularies: the landing contract's files, headers and allowed values (read
from orchestration.lib.contract, never restated here), the integer codes the generator uses for
them, plus generator-only data: weights, names and diagnoses.

Internally every enumerated column is an integer code, the position of the value in the
contract's tuple. Codes are looked up by value, so a reordered contract keeps each name's
meaning and a renamed or dropped value fails here, at import.
"""

from __future__ import annotations

from typing import TypeVar

from orchestration.lib.contract import BY_NAME, EXTRACT_FILES, SOURCES, files_of

T = TypeVar("T")

SOURCE_FILES: dict[str, tuple[str, ...]] = {
    source: tuple(f.name for f in files_of(source)) for source in SOURCES
}
HEADERS: dict[str, tuple[str, ...]] = {f.name: f.columns for f in EXTRACT_FILES}


def _allowed(file: str, header: str) -> tuple[str, ...]:
    return BY_NAME[file].values(header)


def _codes(values: tuple[str, ...], *labels: str) -> tuple[int, ...]:
    """The codes of ``labels`` in ``values``; fails loudly when the contract lacks one."""
    missing = [label for label in labels if label not in values]
    if missing:
        raise ValueError(f"the landing contract has no {', '.join(missing)} in {values}")
    return tuple(values.index(label) for label in labels)


def per_code(values: tuple[str, ...], table: dict[int, T]) -> tuple[T, ...]:
    """``table`` (code -> entry) as a tuple in code order. It must have one entry per allowed
    value: a weight list that silently missed a value added to the contract would skew draws."""
    if set(table) != set(range(len(values))):
        raise ValueError(f"need one entry per value of {values}, got codes {sorted(table)}")
    return tuple(table[code] for code in range(len(values)))


# -- allowed values (the landing contract) and their codes --------------------------------------

RELATIONS = _allowed("members.csv", "与户主关系")
if _allowed("assistance_roll.csv", "与户主关系") != RELATIONS:
    raise ValueError("the roll and members.csv must share one list of relations")
HEAD, SPOUSE, CHILD, PARENT, GRANDCHILD, SIBLING, OTHER = _codes(
    RELATIONS, "户主", "配偶", "子女", "父母", "孙子女", "兄弟姐妹", "其他"
)

URBAN_RURAL = _allowed("assistance_roll.csv", "城乡类别")
CITY, RURAL = _codes(URBAN_RURAL, "城市", "农村")

CATEGORIES = _allowed("assistance_roll.csv", "救助类别")
DIBAO, TEKUN, NEAR_DIBAO, TEMPORARY = _codes(CATEGORIES, "低保", "特困", "低保边缘", "临时救助")

ROLL_STATUSES = _allowed("assistance_roll.csv", "保障状态")
ACTIVE, STEPPING_DOWN, STOPPED = _codes(ROLL_STATUSES, "在保", "渐退", "停保")

EMPLOYMENT = _allowed("employment.csv", "就业状态")
EMPLOYED, FLEXIBLE, MIGRANT, UNEMPLOYED, RETIRED, NONE = _codes(
    EMPLOYMENT, "单位就业", "灵活就业", "外出务工", "登记失业", "退休", "无"
)

PENSION_TYPES = _allowed("employment.csv", "养老金类型")
EMPLOYEE_PENSION, RESIDENT_PENSION, NO_PENSION = _codes(
    PENSION_TYPES, "职工基本养老金", "城乡居民基础养老金", "无"
)

HOUSEHOLD_TYPES = _allowed("households.csv", "户类型")
FORMERLY_POOR, MONITORED, ORDINARY = _codes(HOUSEHOLD_TYPES, "脱贫户", "监测户", "一般农户")

MONITORING_CLASSES = _allowed("households.csv", "监测对象类别")
UNSTABLE_FORMERLY_POOR, MARGINAL_AT_RISK, SUDDEN_HARDSHIP = _codes(
    MONITORING_CLASSES, "脱贫不稳定户", "边缘易致贫户", "突发严重困难户"
)

RISK_TYPES = _allowed("households.csv", "主要风险类型")
(
    RISK_ILLNESS,
    RISK_DISABILITY,
    RISK_EDUCATION,
    RISK_DISASTER,
    RISK_ACCIDENT,
    RISK_UNEMPLOYMENT,
    RISK_LABOUR_SHORTAGE,
    RISK_OTHER,
) = _codes(RISK_TYPES, "因病", "因残", "因学", "因灾", "因意外", "因失业", "缺劳力", "其他")

YES_NO = _allowed("households.csv", "风险是否消除")
YES, NO = _codes(YES_NO, "是", "否")

LABOUR = _allowed("members.csv", "劳动能力")
FULL_LABOUR, WEAK_LABOUR, LOST_LABOUR, NO_LABOUR = _codes(
    LABOUR, "普通劳动力", "弱劳动力", "丧失劳动力", "无劳动力"
)

HEALTH = _allowed("members.csv", "健康状况")
HEALTHY, CHRONIC, SERIOUS, DISABLED = _codes(HEALTH, "健康", "长期慢性病", "大病", "残疾")

SCHOOLING = _allowed("members.csv", "在校生状况")
NOT_IN_SCHOOL, PRESCHOOL, COMPULSORY, HIGH_SCHOOL, VOCATIONAL, UNIVERSITY = _codes(
    SCHOOLING, "非在校生", "学前", "义务教育", "高中", "中职", "大学"
)

DISABILITY_TYPES = _allowed("members.csv", "残疾类别")
SIGHT, HEARING, SPEECH, PHYSICAL, INTELLECTUAL, MENTAL, MULTIPLE = _codes(
    DISABILITY_TYPES, "视力", "听力", "言语", "肢体", "智力", "精神", "多重"
)

VISIT_TYPES = _allowed("settlements.csv", "就诊类型")
OUTPATIENT, CHRONIC_OUTPATIENT, INPATIENT = _codes(VISIT_TYPES, "普通门诊", "门诊慢特病", "住院")

# -- generator-only data -----------------------------------------------------------------------

# Main risk of a background monitored household (illness dominates in the monitoring records).
RISK_WEIGHTS = per_code(
    RISK_TYPES,
    {
        RISK_ILLNESS: 0.34,
        RISK_DISABILITY: 0.14,
        RISK_EDUCATION: 0.09,
        RISK_DISASTER: 0.05,
        RISK_ACCIDENT: 0.08,
        RISK_UNEMPLOYMENT: 0.11,
        RISK_LABOUR_SHORTAGE: 0.14,
        RISK_OTHER: 0.05,
    },
)

# Type of a disabled member's disability (roughly the shares of China's disability survey).
DISABILITY_TYPE_WEIGHTS = per_code(
    DISABILITY_TYPES,
    {
        SIGHT: 0.14,
        HEARING: 0.24,
        SPEECH: 0.02,
        PHYSICAL: 0.30,
        INTELLECTUAL: 0.07,
        MENTAL: 0.07,
        MULTIPLE: 0.16,
    },
)

# How the CSV writer formats a column (the contract says nothing about types): money as exact
# 2-decimal yuan, dates as ISO days.
MONEY_COLUMNS = frozenset(
    {
        "月救助金额",
        "医疗总费用",
        "统筹基金支付",
        "大病保险支付",
        "医疗救助支付",
        "个人自付",
        "月工资收入",
        "失业保险金",
        "养老金",
        "年家庭经营净收入",
        "年财产性收入",
    }
)
DATE_COLUMNS = frozenset({"结算日期", "认定日期"})
if not (MONEY_COLUMNS | DATE_COLUMNS).issubset(c for f in EXTRACT_FILES for c in f.columns):
    raise ValueError("MONEY_COLUMNS / DATE_COLUMNS name a header the landing contract lacks")


def _icd(codes: str) -> tuple[str, ...]:
    return tuple(codes.split())


# ICD-10 main diagnoses typical of each visit type.
DIAGNOSES = per_code(
    VISIT_TYPES,
    {
        OUTPATIENT: _icd("J06.9 J02.9 J20.9 K29.7 M54.5 R51 H10.9 L30.9 N39.0 K52.9"),
        CHRONIC_OUTPATIENT: _icd("I10 E11.9 I25.1 J44.9 N18.5 F20.9 I69.3 M17.9 E78.5 C34.9"),
        INPATIENT: _icd("J18.9 I63.9 I21.9 K80.2 S72.0 C34.9 C16.9 K35.8 O80 I50.9"),
    },
)

# Common surnames (roughly by frequency) and given-name characters.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱覃武戴孔向莫蒙农"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官")
GIVEN_MALE = (
    "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林"
    "建国文志海东峰成德家荣兵永新生贵福全发顺祥才"
)
GIVEN_FEMALE = (
    "芳娜敏静丽艳娟霞秀英玲桂兰燕萍红梅琳婷雪慧莉倩佳颖洁琴丹凤云珍玉晶欣悦怡春香淑琼翠月"
)
