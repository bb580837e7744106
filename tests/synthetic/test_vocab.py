"""The generator's vocabularies are the landing contract's, and its codes mean what they say."""

from __future__ import annotations

import numpy as np
import pytest

from orchestration.lib import contract
from synthetic import medical, vocab

pytestmark = pytest.mark.unit

# vocab name -> (file, header) of the contract it must equal.
ALLOWED = {
    "RELATIONS": ("members.csv", "与户主关系"),
    "URBAN_RURAL": ("assistance_roll.csv", "城乡类别"),
    "CATEGORIES": ("assistance_roll.csv", "救助类别"),
    "ROLL_STATUSES": ("assistance_roll.csv", "保障状态"),
    "EMPLOYMENT": ("employment.csv", "就业状态"),
    "PENSION_TYPES": ("employment.csv", "养老金类型"),
    "HOUSEHOLD_TYPES": ("households.csv", "户类型"),
    "MONITORING_CLASSES": ("households.csv", "监测对象类别"),
    "RISK_TYPES": ("households.csv", "主要风险类型"),
    "YES_NO": ("households.csv", "风险是否消除"),
    "LABOUR": ("members.csv", "劳动能力"),
    "HEALTH": ("members.csv", "健康状况"),
    "SCHOOLING": ("members.csv", "在校生状况"),
    "VISIT_TYPES": ("settlements.csv", "就诊类型"),
}

# Every integer code and the contract value it must stand for.
CODES = {
    "HEAD": ("RELATIONS", "户主"),
    "SPOUSE": ("RELATIONS", "配偶"),
    "CHILD": ("RELATIONS", "子女"),
    "PARENT": ("RELATIONS", "父母"),
    "GRANDCHILD": ("RELATIONS", "孙子女"),
    "SIBLING": ("RELATIONS", "兄弟姐妹"),
    "OTHER": ("RELATIONS", "其他"),
    "CITY": ("URBAN_RURAL", "城市"),
    "RURAL": ("URBAN_RURAL", "农村"),
    "DIBAO": ("CATEGORIES", "低保"),
    "TEKUN": ("CATEGORIES", "特困"),
    "NEAR_DIBAO": ("CATEGORIES", "低保边缘"),
    "TEMPORARY": ("CATEGORIES", "临时救助"),
    "ACTIVE": ("ROLL_STATUSES", "在保"),
    "STEPPING_DOWN": ("ROLL_STATUSES", "渐退"),
    "STOPPED": ("ROLL_STATUSES", "停保"),
    "EMPLOYED": ("EMPLOYMENT", "单位就业"),
    "FLEXIBLE": ("EMPLOYMENT", "灵活就业"),
    "MIGRANT": ("EMPLOYMENT", "外出务工"),
    "UNEMPLOYED": ("EMPLOYMENT", "登记失业"),
    "RETIRED": ("EMPLOYMENT", "退休"),
    "NONE": ("EMPLOYMENT", "无"),
    "EMPLOYEE_PENSION": ("PENSION_TYPES", "职工基本养老金"),
    "RESIDENT_PENSION": ("PENSION_TYPES", "城乡居民基础养老金"),
    "NO_PENSION": ("PENSION_TYPES", "无"),
    "FORMERLY_POOR": ("HOUSEHOLD_TYPES", "脱贫户"),
    "MONITORED": ("HOUSEHOLD_TYPES", "监测户"),
    "ORDINARY": ("HOUSEHOLD_TYPES", "一般农户"),
    "UNSTABLE_FORMERLY_POOR": ("MONITORING_CLASSES", "脱贫不稳定户"),
    "MARGINAL_AT_RISK": ("MONITORING_CLASSES", "边缘易致贫户"),
    "SUDDEN_HARDSHIP": ("MONITORING_CLASSES", "突发严重困难户"),
    "RISK_ILLNESS": ("RISK_TYPES", "因病"),
    "RISK_DISABILITY": ("RISK_TYPES", "因残"),
    "RISK_EDUCATION": ("RISK_TYPES", "因学"),
    "RISK_DISASTER": ("RISK_TYPES", "因灾"),
    "RISK_ACCIDENT": ("RISK_TYPES", "因意外"),
    "RISK_UNEMPLOYMENT": ("RISK_TYPES", "因失业"),
    "RISK_LABOUR_SHORTAGE": ("RISK_TYPES", "缺劳力"),
    "RISK_OTHER": ("RISK_TYPES", "其他"),
    "YES": ("YES_NO", "是"),
    "NO": ("YES_NO", "否"),
    "FULL_LABOUR": ("LABOUR", "普通劳动力"),
    "WEAK_LABOUR": ("LABOUR", "弱劳动力"),
    "LOST_LABOUR": ("LABOUR", "丧失劳动力"),
    "NO_LABOUR": ("LABOUR", "无劳动力"),
    "HEALTHY": ("HEALTH", "健康"),
    "CHRONIC": ("HEALTH", "长期慢性病"),
    "SERIOUS": ("HEALTH", "大病"),
    "DISABLED": ("HEALTH", "残疾"),
    "NOT_IN_SCHOOL": ("SCHOOLING", "非在校生"),
    "PRESCHOOL": ("SCHOOLING", "学前"),
    "COMPULSORY": ("SCHOOLING", "义务教育"),
    "HIGH_SCHOOL": ("SCHOOLING", "高中"),
    "VOCATIONAL": ("SCHOOLING", "中职"),
    "UNIVERSITY": ("SCHOOLING", "大学"),
    "OUTPATIENT": ("VISIT_TYPES", "普通门诊"),
    "CHRONIC_OUTPATIENT": ("VISIT_TYPES", "门诊慢特病"),
    "INPATIENT": ("VISIT_TYPES", "住院"),
}


def test_files_and_headers_are_the_contracts():
    assert {
        source: tuple(f.name for f in contract.files_of(source)) for source in contract.SOURCES
    } == vocab.SOURCE_FILES
    assert {f.name: f.columns for f in contract.EXTRACT_FILES} == vocab.HEADERS


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_allowed_values_are_the_contracts(name):
    file, header = ALLOWED[name]
    assert getattr(vocab, name) == contract.BY_NAME[file].values(header)


def test_the_roll_and_the_roster_share_the_relations():
    roll = contract.BY_NAME["assistance_roll.csv"].values("与户主关系")
    assert roll == vocab.RELATIONS


@pytest.mark.parametrize("code", sorted(CODES))
def test_codes_stand_for_their_value(code):
    values, label = CODES[code]
    assert getattr(vocab, values)[getattr(vocab, code)] == label


def test_every_allowed_value_has_a_code():
    named = {(values, label) for values, label in CODES.values()}
    for name in ALLOWED:
        assert {(name, label) for label in getattr(vocab, name)} <= named, name


def test_codes_are_looked_up_by_value():
    assert vocab._codes(("乙", "甲"), "甲", "乙") == (1, 0)
    with pytest.raises(ValueError, match="丙"):
        vocab._codes(("甲", "乙"), "丙")


def test_per_code_needs_one_entry_per_value():
    assert vocab.per_code(("甲", "乙"), {1: "b", 0: "a"}) == ("a", "b")
    with pytest.raises(ValueError, match="one entry per value"):
        vocab.per_code(("甲", "乙", "丙"), {0: "a", 1: "b"})


def test_weights_have_one_entry_per_allowed_value():
    assert len(vocab.RISK_WEIGHTS) == len(vocab.RISK_TYPES)
    assert sum(vocab.RISK_WEIGHTS) == pytest.approx(1.0)
    assert len(vocab.DIAGNOSES) == len(vocab.VISIT_TYPES)
    assert all(vocab.DIAGNOSES)
    assert medical._VISIT_P.shape == (len(vocab.HEALTH), len(vocab.VISIT_TYPES))
    assert np.allclose(medical._VISIT_P.sum(axis=1), 1.0)
    assert len(medical._COST) == len(medical._FUND) == len(vocab.VISIT_TYPES)


def test_formatted_columns_are_contract_headers():
    headers = {c for f in contract.EXTRACT_FILES for c in f.columns}
    assert headers >= vocab.MONEY_COLUMNS
    assert headers >= vocab.DATE_COLUMNS
