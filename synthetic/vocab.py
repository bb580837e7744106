"""Fixed vocabularies of the landing contract plus name and diagnosis lists."""

from __future__ import annotations

SOURCE_FILES: dict[str, tuple[str, ...]] = {
    "civil_affairs": ("assistance_roll.csv",),
    "medical_insurance": ("settlements.csv",),
    "human_resources": ("employment.csv",),
    "rural_revitalization": ("households.csv", "members.csv"),
}

HEADERS: dict[str, tuple[str, ...]] = {
    "assistance_roll.csv": (
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
    "settlements.csv": (
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
    "employment.csv": (
        "统计月份",
        "身份证号",
        "就业状态",
        "月工资收入",
        "失业保险金",
        "养老金",
        "养老金类型",
        "参保地区划代码",
    ),
    "households.csv": (
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
    "members.csv": (
        "户编号",
        "身份证号",
        "姓名",
        "与户主关系",
        "劳动能力",
        "残疾等级",
        "健康状况",
        "在校生状况",
    ),
}

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

# Enumerations; the position in each tuple is the integer code used internally.
RELATIONS = ("户主", "配偶", "子女", "父母", "孙子女", "兄弟姐妹", "其他")
HEAD, SPOUSE, CHILD, PARENT, GRANDCHILD, SIBLING, OTHER = range(7)

URBAN_RURAL = ("城市", "农村")
CITY, RURAL = range(2)

CATEGORIES = ("低保", "特困", "低保边缘", "临时救助")
DIBAO, TEKUN, NEAR_DIBAO, TEMPORARY = range(4)

ROLL_STATUSES = ("在保", "渐退", "停保")
ACTIVE, STEPPING_DOWN, STOPPED = range(3)

EMPLOYMENT = ("单位就业", "灵活就业", "外出务工", "登记失业", "退休", "无")
EMPLOYED, FLEXIBLE, MIGRANT, UNEMPLOYED, RETIRED, NONE = range(6)

PENSION_TYPES = ("职工基本养老金", "城乡居民基础养老金", "无")
EMPLOYEE_PENSION, RESIDENT_PENSION, NO_PENSION = range(3)

HOUSEHOLD_TYPES = ("脱贫户", "监测户", "一般农户")
FORMERLY_POOR, MONITORED, ORDINARY = range(3)

MONITORING_CLASSES = ("脱贫不稳定户", "边缘易致贫户", "突发严重困难户")
RISK_TYPES = ("因病", "因残", "因学", "因灾", "因意外", "因失业", "缺劳力", "其他")
RISK_WEIGHTS = (0.34, 0.14, 0.09, 0.05, 0.08, 0.11, 0.14, 0.05)
YES_NO = ("是", "否")

LABOUR = ("普通劳动力", "弱劳动力", "丧失劳动力", "无劳动力")
FULL_LABOUR, WEAK_LABOUR, LOST_LABOUR, NO_LABOUR = range(4)

HEALTH = ("健康", "长期慢性病", "大病", "残疾")
HEALTHY, CHRONIC, SERIOUS, DISABLED = range(4)

SCHOOLING = ("非在校生", "学前", "义务教育", "高中", "中职", "大学")
NOT_IN_SCHOOL, PRESCHOOL, COMPULSORY, HIGH_SCHOOL, VOCATIONAL, UNIVERSITY = range(6)

VISIT_TYPES = ("普通门诊", "门诊慢特病", "住院")
OUTPATIENT, CHRONIC_OUTPATIENT, INPATIENT = range(3)

# ICD-10 main diagnoses typical of each visit type.
DIAGNOSES = (
    ("J06.9", "J02.9", "J20.9", "K29.7", "M54.5", "R51", "H10.9", "L30.9", "N39.0", "K52.9"),
    ("I10", "E11.9", "I25.1", "J44.9", "N18.5", "F20.9", "I69.3", "M17.9", "E78.5", "C34.9"),
    ("J18.9", "I63.9", "I21.9", "K80.2", "S72.0", "C34.9", "C16.9", "K35.8", "O80", "I50.9"),
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
