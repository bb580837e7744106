"""What analysts use today: three monitoring rules in plain pandas, for comparison with the
warehouse (dbt + DuckDB).

    python bench/pandas_rules.py LANDING_DIR [--reference DIR] [--compare WAREHOUSE_DIR]

A county analyst's notebook, tidied: read each month's CSV extracts, drop the rows that fail
the checks these rules depend on, resolve persons to households, sum per household and month,
take trailing windows and apply INCOME_BELOW_DIBAO, INCOME_DROP and MEDICAL_SPIKE exactly as
shared/spec/monitoring-rules.md and the dbt models define them. Loops run over months and
files only; everything per row or household is vectorised.

Households are named by the department's own id, (household_id_source, source_household_id),
never by the warehouse's keyed pseudonym: --compare maps the warehouse's flags back through
restricted.duckdb `household_identity`, prints both sides' counts per rule and the
differences, and exits 1 unless the two flag sets are identical.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

SHIPPED_REFERENCE_DIR = Path(__file__).resolve().parent.parent / "dbt_project" / "seeds"
RULES = ("INCOME_BELOW_DIBAO", "INCOME_DROP", "MEDICAL_SPIKE")
FLAG_KEY = ["month", "rule_code", "household_id_source", "source_household_id"]
ROSTER, ROLL = "rural_revitalization", "civil_affairs"

# -- the landing contract (shared/spec/landing-contract.md) ---------------------------------
FILES = {
    "civil_affairs": ("assistance_roll.csv",),
    "medical_insurance": ("settlements.csv",),
    "human_resources": ("employment.csv",),
    "rural_revitalization": ("households.csv", "members.csv"),
}
# English names for the Chinese headers; every required header is listed.
COLUMNS = {
    "assistance_roll.csv": {
        "统计月份": "reported_month",
        "区划代码": "region_code",
        "救助户编号": "household_id",
        "城乡类别": "urban_rural",
        "身份证号": "id_number",
        "姓名": "name",
        "与户主关系": "relation",
        "救助类别": "category",
        "保障状态": "status",
        "月救助金额": "amount",
        "认定日期": "recognised_date",
    },
    "settlements.csv": {
        "结算编号": "settlement_id",
        "身份证号": "id_number",
        "就诊类型": "visit_type",
        "结算日期": "settlement_date",
        "医疗总费用": "total_cost",
        "统筹基金支付": "fund_paid",
        "大病保险支付": "critical_illness_paid",
        "医疗救助支付": "assistance_paid",
        "个人自付": "out_of_pocket",
        "主诊断编码": "diagnosis",
        "定点机构编码": "provider",
    },
    "employment.csv": {
        "统计月份": "reported_month",
        "身份证号": "id_number",
        "就业状态": "employment_status",
        "月工资收入": "wage",
        "失业保险金": "unemployment_benefit",
        "养老金": "pension",
        "养老金类型": "pension_type",
        "参保地区划代码": "region_code",
    },
    "households.csv": {
        "统计月份": "reported_month",
        "户编号": "household_id",
        "区划代码": "region_code",
        "户类型": "household_type",
        "监测对象类别": "monitoring_class",
        "主要风险类型": "main_risk",
        "风险是否消除": "risk_cleared",
        "年家庭经营净收入": "annual_operating_income",
        "年财产性收入": "annual_property_income",
        "收入核查年度": "income_check_year",
    },
    "members.csv": {
        "户编号": "household_id",
        "身份证号": "id_number",
        "姓名": "name",
        "与户主关系": "relation",
        "劳动能力": "labour_capacity",
        "残疾等级": "disability_grade",
        "健康状况": "health",
        "在校生状况": "schooling",
    },
}
RELATIONS = ["户主", "配偶", "子女", "父母", "孙子女", "兄弟姐妹", "其他"]
# (allowed values, may the cell be empty)
ALLOWED = {
    "assistance_roll.csv": {
        "urban_rural": (["城市", "农村"], False),
        "category": (["低保", "特困", "低保边缘", "临时救助"], False),
        "status": (["在保", "渐退", "停保"], False),
        "relation": (RELATIONS, True),
    },
    "settlements.csv": {"visit_type": (["普通门诊", "门诊慢特病", "住院"], False)},
    "employment.csv": {
        "employment_status": (
            ["单位就业", "灵活就业", "外出务工", "登记失业", "退休", "无"],
            False,
        ),
        "pension_type": (["职工基本养老金", "城乡居民基础养老金", "无"], False),
    },
    "households.csv": {
        "household_type": (["脱贫户", "监测户", "一般农户"], False),
        "monitoring_class": (["脱贫不稳定户", "边缘易致贫户", "突发严重困难户"], True),
        "main_risk": (["因病", "因残", "因学", "因灾", "因意外", "因失业", "缺劳力", "其他"], True),
        "risk_cleared": (["是", "否"], True),
    },
    "members.csv": {
        "relation": (RELATIONS, False),
        "labour_capacity": (["普通劳动力", "弱劳动力", "丧失劳动力", "无劳动力"], True),
        "disability_grade": (["0", "1", "2", "3", "4"], True),
        "health": (["健康", "长期慢性病", "大病", "残疾"], True),
        "schooling": (["非在校生", "学前", "义务教育", "高中", "中职", "大学"], True),
    },
}
MONEY = {
    "assistance_roll.csv": ["amount"],
    "settlements.csv": [
        "total_cost",
        "fund_paid",
        "critical_illness_paid",
        "assistance_paid",
        "out_of_pocket",
    ],
    "employment.csv": ["wage", "unemployment_benefit", "pension"],
    "households.csv": ["annual_operating_income", "annual_property_income"],
}
NON_NEGATIVE = {**MONEY, "households.csv": ["annual_property_income"]}
REQUIRED = {
    "assistance_roll.csv": ["reported_month", "region_code", "household_id", "id_number", "amount"],
    "settlements.csv": ["settlement_id", "id_number", "settlement_date", *MONEY["settlements.csv"]],
    "employment.csv": ["reported_month", "id_number", *MONEY["employment.csv"]],
    "households.csv": ["reported_month", "household_id", "region_code", *MONEY["households.csv"]],
    "members.csv": ["household_id", "id_number"],
}
MONEY_PATTERN = r"-?[0-9]+(\.[0-9]{1,2})?"
REGION_PATTERN = r"[0-9]{12}"
MONTH_PATTERN = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
# Like SQL trim(): Unicode space separators (incl. the ideographic space), not tabs/newlines.
TRIMMED = " \u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
ID_CHECK_CODES = np.array(list("10X98765432"))


# -- reading ---------------------------------------------------------------------------------
class Rejected(Exception):
    """A whole file is refused (like the warehouse's loader): its source-month is missing."""


def landed_months(landing_dir: Path) -> list[str]:
    return sorted(
        {
            p.parent.name
            for p in landing_dir.glob("*/*/*.csv")
            if MONTH_PATTERN.fullmatch(p.parent.name)
        }
    )


def read_extract(path: Path, expected: dict | None) -> pd.DataFrame:
    """One CSV as text columns with English names, trimmed; empty cells are NaN."""
    data = path.read_bytes()
    if expected and expected.get("sha256") and expected["sha256"].lower() != sha256(data):
        raise Rejected(f"{path}: sha256 differs from _manifest.json")
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("gb18030").removeprefix("\ufeff")
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""], index_col=False
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise Rejected(f"{path}: not a readable CSV ({err})") from None
    names = COLUMNS[path.name]
    missing = [header for header in names if header not in frame.columns]
    if missing:
        raise Rejected(f"{path}: missing required column {', '.join(missing)}")
    if expected and expected.get("rows") is not None and int(expected["rows"]) != len(frame):
        raise Rejected(f"{path}: {len(frame)} rows but _manifest.json says {expected['rows']}")
    frame = frame[list(names)].rename(columns=names)
    frame = frame.apply(lambda column: column.str.strip(TRIMMED))
    if "id_number" in frame:
        frame["id_number"] = frame["id_number"].str.upper()  # a lower-case x is the same
    frame["row_number"] = np.arange(1, len(frame) + 1)
    return frame


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_source_month(folder: Path, source: str) -> dict[str, pd.DataFrame] | None:
    """All files of one source-month, or None when any of them is absent or rejected: the
    source is then missing for the month (missing is not zero)."""
    if not folder.is_dir():
        return None
    try:
        manifest_path = folder / "_manifest.json"
        manifest = {}
        if manifest_path.exists():
            try:
                manifest = json.loads(manifest_path.read_text(encoding="utf-8"))["files"]
            except (ValueError, KeyError, TypeError):
                raise Rejected(f"{manifest_path}: not a valid manifest") from None
        frames = {}
        for name in FILES[source]:
            if not (folder / name).exists():
                print(f"  {folder / name}: not delivered", file=sys.stderr)
                return None
            frames[name] = read_extract(folder / name, manifest.get(name))
    except (Rejected, UnicodeDecodeError) as err:
        print(f"  rejected: {err}", file=sys.stderr)
        return None
    return frames


def read_landing(landing_dir: Path, months: list[str]):
    """(rows of each file over all months with a `month` column, source-month presence)."""
    parts: dict[str, list[pd.DataFrame]] = {name: [] for names in FILES.values() for name in names}
    present = pd.DataFrame(False, index=pd.Index(months, name="month"), columns=list(FILES))
    for source in FILES:
        for month in months:
            frames = read_source_month(landing_dir / source / month, source)
            if frames is None:
                continue
            present.loc[month, source] = True
            for name, frame in frames.items():
                parts[name].append(frame.assign(month=month))
    empty = {
        name: pd.DataFrame(columns=[*COLUMNS[name].values(), "row_number", "month"])
        for name in parts
    }
    tables = {
        name: pd.concat(frames, ignore_index=True) if frames else empty[name]
        for name, frames in parts.items()
    }
    return tables, present


# -- row checks (the dq_checks of dbt_project/models/staging/*/stg_*.sql) ---------------------
def valid_id(ids: pd.Series) -> pd.Series:
    """GB 11643: 17 digits and the ISO 7064 MOD 11-2 check character (ids upper-cased)."""
    shaped = ids.str.fullmatch(r"[0-9]{17}[0-9X]", na=False)
    first17 = ids.where(shaped, "0" * 17).str[:17].to_numpy(dtype="U17")
    digits = first17.view(np.uint32).reshape(-1, 17).astype(np.int64) - ord("0")
    check = ID_CHECK_CODES[(digits @ ID_WEIGHTS) % 11] if len(ids) else np.array([], dtype=str)
    return shaped & (ids.str[17] == check)


def not_money(text: pd.Series) -> pd.Series:
    return text.notna() & ~text.str.fullmatch(MONEY_PATTERN, na=False)


def row_failures(frame: pd.DataFrame, name: str) -> pd.Series:
    """True for a row that fails any check of the file's staging model."""
    checks = [frame[REQUIRED[name]].isna().any(axis=1)]
    if "id_number" in frame:
        checks.append(frame["id_number"].notna() & ~valid_id(frame["id_number"]))
    if "reported_month" in frame:
        checks.append(frame["reported_month"].notna() & (frame["reported_month"] != frame["month"]))
    if "region_code" in frame:
        region = frame["region_code"]
        checks.append(region.notna() & ~region.str.fullmatch(REGION_PATTERN, na=False))
    for column, (values, may_be_empty) in ALLOWED[name].items():
        value = frame[column]
        if name == "households.csv":
            value = value.replace("", np.nan)  # nullif(trim(...), '') in the staging model
        outside = ~value.isin(values)
        checks.append(outside & value.notna() if may_be_empty else outside)
    for column in MONEY.get(name, []):
        checks.append(not_money(frame[column]))
    for column in NON_NEGATIVE.get(name, []):
        checks.append(pd.to_numeric(frame[column], errors="coerce") < 0)
    return pd.concat(checks, axis=1).any(axis=1)


def parse_date(text: pd.Series) -> pd.Series:
    return pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")


def staged(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The valid rows of each file, money as float yuan."""
    out = {}
    for name, frame in tables.items():
        bad = row_failures(frame, name)
        if name == "assistance_roll.csv":
            recognised = frame["recognised_date"]
            bad |= recognised.notna() & parse_date(recognised).isna()
        elif name == "employment.csv":
            # One HR record per person and month: a repeated person would double wages.
            bad |= frame["id_number"].notna() & frame.duplicated(["month", "id_number"])
        elif name == "settlements.csv":
            cents = {
                c: pd.to_numeric(frame[c], errors="coerce").mul(100).round() for c in MONEY[name]
            }
            payers = cents["fund_paid"] + cents["critical_illness_paid"] + cents["assistance_paid"]
            bad |= (cents["out_of_pocket"] - (cents["total_cost"] - payers)).abs() > 1
            date = parse_date(frame["settlement_date"])
            bad |= frame["settlement_date"].notna() & date.isna()
            bad |= date.notna() & (date.dt.strftime("%Y-%m") != frame["month"])
            # A settlement id seen again: the newest delivery (latest month) wins, then the
            # first row; ranked over every row, valid or not, as the staging model does.
            newest_first = frame.sort_values(["month", "row_number"], ascending=[False, True])
            bad |= newest_first.duplicated("settlement_id").reindex(frame.index)
        elif name == "households.csv":
            bad |= frame.duplicated(["month", "household_id"])
        elif name == "members.csv":  # after households.csv (FILES order)
            households = out["households.csv"][["month", "household_id"]].drop_duplicates()
            known = frame.merge(households, how="left", indicator=True)["_merge"] == "both"
            bad |= frame["household_id"].notna() & ~known.to_numpy()
            bad |= frame["id_number"].notna() & frame.duplicated(["month", "id_number"])
        valid = frame[~bad].copy()
        for column in MONEY.get(name, []):
            valid[column] = valid[column].astype(float)
        out[name] = valid
    return out


# -- households and months --------------------------------------------------------------------
def carried_forward(rows: pd.DataFrame, present: pd.Series) -> pd.DataFrame:
    """The rows standing for each month: the month's own when the source delivered it,
    otherwise those of the source's last delivered month (membership is carried forward)."""
    delivered = pd.Series(present.index.where(present.to_numpy()), index=present.index)
    link = delivered.ffill().dropna().rename("from_month").reset_index()
    return link.merge(rows.rename(columns={"month": "from_month"}), on="from_month")


def household_months(valid: dict[str, pd.DataFrame], present: pd.DataFrame) -> pd.DataFrame:
    keys = ["month", "id_number"]
    # Persons to households: the roster household where the person is on the roster,
    # otherwise the assistance household (Household identity in the landing contract).
    roster = carried_forward(valid["members.csv"], present[ROSTER])[[*keys, "household_id"]]
    roll = carried_forward(valid["assistance_roll.csv"], present[ROLL])
    roll_persons = roll.groupby(keys, as_index=False)["household_id"].min()
    roll_only = roll_persons.merge(roster[keys], how="left", on=keys, indicator=True)
    roll_only = roll_only[roll_only["_merge"] == "left_only"].drop(columns="_merge")
    persons = pd.concat(
        [roster.assign(household_id_source=ROSTER), roll_only.assign(household_id_source=ROLL)]
    )

    # Person-month amounts of each month's own extracts (valid rows only).
    hr = valid["employment.csv"]
    employment = (
        hr.assign(
            resident_basic_pension=hr["pension"].where(
                hr["pension_type"] == "城乡居民基础养老金", 0.0
            )
        )
        .groupby(keys)[["wage", "unemployment_benefit", "pension", "resident_basic_pension"]]
        .sum()
    )
    ca = valid["assistance_roll.csv"]
    on_roll = ca["category"].isin(["低保", "特困"]) & ca["status"].isin(["在保", "渐退"])
    assistance = (
        ca.assign(on_dibao_or_tekun=on_roll)
        .groupby(keys)
        .agg(assistance=("amount", "sum"), on_dibao_or_tekun=("on_dibao_or_tekun", "any"))
    )
    medical = valid["settlements.csv"].groupby(keys)[["out_of_pocket"]].sum()
    persons = persons.join(employment, on=keys).join(assistance, on=keys).join(medical, on=keys)
    persons["on_dibao_or_tekun"] = persons["on_dibao_or_tekun"].fillna(False).astype(bool)

    household = ["household_id_source", "household_id", "month"]
    amounts = ["wage", "unemployment_benefit", "pension", "resident_basic_pension", "assistance"]
    hm = persons.groupby(household).agg(
        members=("id_number", "size"),
        **{c: (c, "sum") for c in [*amounts, "out_of_pocket"]},
        on_dibao_or_tekun=("on_dibao_or_tekun", "any"),
    )
    # Sums of 2-decimal amounts back to the exact cent (the warehouse sums decimals).
    hm[[*amounts, "out_of_pocket"]] = hm[[*amounts, "out_of_pocket"]].round(2)

    # Household attributes, carried forward like membership.
    roster_households = carried_forward(valid["households.csv"], present[ROSTER])
    roster_households = roster_households.assign(
        household_id_source=ROSTER,
        urban_rural="农村",
        operating_income=roster_households["annual_operating_income"] / 12.0,
        property_income=roster_households["annual_property_income"] / 12.0,
    )
    # An assistance household with any rural row is tested against the rural standard.
    roll_households = (
        roll.groupby(["household_id", "month"])[["region_code", "urban_rural"]].min().reset_index()
    )
    roll_households = roll_households.assign(
        household_id_source=ROLL, operating_income=0.0, property_income=0.0
    )
    attributes = pd.concat([roster_households, roll_households]).set_index(household)
    hm = hm.join(attributes[["region_code", "urban_rural", "operating_income", "property_income"]])
    hm = hm.fillna({"operating_income": 0.0, "property_income": 0.0})

    hm["monthly_income"] = (
        (hm["wage"] + hm["unemployment_benefit"] + hm["pension"] + hm["assistance"]).round(2)
        + hm["operating_income"]
        + hm["property_income"]
    )
    hm["dibao_test_income"] = hm["monthly_income"] - hm["assistance"] - hm["resident_basic_pension"]
    return hm.reset_index()


def month_index(month: pd.Series) -> pd.Series:
    return month.str[:4].astype(int) * 12 + month.str[5:7].astype(int) - 1


def windows(hm: pd.DataFrame) -> pd.DataFrame:
    """Trailing sums and counts over month numbers (the warehouse's RANGE windows). Each
    measure is laid out as a months x households grid and read through a sliding window down
    the months (pandas' DataFrame.rolling would loop over the households, one column at a
    time); a month in which the household has no row, or whose sources are missing, is NaN
    and does not count."""
    household = hm.groupby(["household_id_source", "household_id"]).ngroup().to_numpy()
    month = (hm["month_index"] - hm["month_index"].min()).to_numpy()
    shape = (month.max() + 1, household.max() + 1)

    def window(values: pd.Series, first_back: int, last_back: int):
        """(sum, count) of the values counted from first_back to last_back months back."""
        grid = np.full((first_back + shape[0], shape[1]), np.nan)  # first_back months of NaN
        grid[first_back + month, household] = values.to_numpy(dtype=float, na_value=np.nan)
        span = first_back - last_back + 1
        # Row t of the view holds grid months t - first_back .. t - last_back.
        windowed = sliding_window_view(grid, span, axis=0)[month, household]
        counts = np.count_nonzero(~np.isnan(windowed), axis=1)
        return np.where(counts > 0, np.nansum(windowed, axis=1), np.nan), counts

    income = hm["monthly_income"].where(hm["is_income_month"])
    dibao_test = hm["dibao_test_income"].where(hm["is_income_month"])
    oop = hm["out_of_pocket"].where(hm["is_medical_month"])
    out = hm.copy()
    out["trailing_income_sum"], out["trailing_income_months"] = window(income, 11, 0)
    out["trailing_dibao_test_sum"], _ = window(dibao_test, 11, 0)
    out["oop_history_sum"], out["oop_history_months"] = window(oop, 12, 1)
    out["recent_income_sum"], out["recent_income_months"] = window(income, 2, 0)
    out["earlier_income_sum"], out["earlier_income_months"] = window(income, 14, 3)
    return out


# -- reference data and the rules -------------------------------------------------------------
def read_reference(reference_dir: Path) -> tuple[pd.DataFrame, dict[str, float]]:
    standards = pd.read_csv(reference_dir / "dibao_standards.csv", dtype=str)
    standards = pd.DataFrame(
        {
            "county_code": standards["county_code"].str.strip(),
            "year": standards["year"].astype(int),
            "urban_monthly": standards["urban_monthly"].astype(float),
            "rural_monthly": standards["rural_monthly"].astype(float),
        }
    )
    parameters = pd.read_csv(reference_dir / "rule_parameters.csv", dtype=str)
    values = parameters.set_index(parameters["parameter"].str.strip())["value"].astype(float)
    return standards, values.to_dict()


def exact(values: pd.Series) -> pd.Series:
    """Comparisons at 1e-6, as the warehouse's exact() macro: boundaries compare equal."""
    return values.round(6)


def pandas_flags(landing_dir: Path, reference_dir: Path, months: list[str]) -> pd.DataFrame:
    """One row per (month, rule_code, household_id_source, source_household_id) that fired,
    for INCOME_BELOW_DIBAO, INCOME_DROP and MEDICAL_SPIKE, with measured and threshold values."""
    tables, present = read_landing(Path(landing_dir), sorted(months))
    present = present[present.any(axis=1)]  # a month with no source adds to no window or rule
    valid = staged(tables)
    hm = household_months(valid, present)
    months_table = pd.DataFrame(
        {
            "is_income_month": present[ROLL] & present["human_resources"] & present[ROSTER],
            "is_medical_month": present["medical_insurance"],
        }
    )
    hm = hm.join(months_table, on="month")
    hm["month_index"] = month_index(hm["month"])
    hm = windows(hm)

    standards, parameters = read_reference(Path(reference_dir))
    hm["county_code"] = hm["region_code"].str[:6]
    hm["year"] = hm["month"].str[:4].astype(int)
    hm = hm.merge(standards, how="left", on=["county_code", "year"])
    standard = hm["urban_monthly"].where(hm["urban_rural"] == "城市", hm["rural_monthly"])
    hm["dibao_line_annual"] = (12 * standard).round(2)

    n = hm["trailing_income_months"]
    per_capita_dibao_test = hm["trailing_dibao_test_sum"] * 12.0 / n / hm["members"]
    below_dibao = (
        hm["is_income_month"]
        & (n >= parameters["min_income_months"])
        & (exact(per_capita_dibao_test) < hm["dibao_line_annual"])
        & ~hm["on_dibao_or_tekun"]
    )

    recent_mean = hm["recent_income_sum"] / hm["recent_income_months"]
    earlier_mean = hm["earlier_income_sum"] / hm["earlier_income_months"]
    drop_threshold = parameters["income_drop_ratio"] * earlier_mean
    income_drop = (
        hm["is_income_month"]
        & (hm["recent_income_months"] + hm["earlier_income_months"] >= 15)
        & (exact(recent_mean) < exact(drop_threshold))
        & (exact(earlier_mean) >= parameters["income_drop_floor"])
    )

    oop_history_mean = hm["oop_history_sum"] / hm["oop_history_months"]
    spike_threshold = parameters["spike_factor"] * oop_history_mean
    medical_spike = (
        hm["is_medical_month"]
        & (hm["oop_history_months"] > 0)
        & (hm["out_of_pocket"] >= exact(spike_threshold))
        & (hm["out_of_pocket"] >= parameters["spike_floor"])
    )

    fired = [
        ("INCOME_BELOW_DIBAO", below_dibao, per_capita_dibao_test, hm["dibao_line_annual"]),
        ("INCOME_DROP", income_drop, recent_mean, drop_threshold),
        (
            "MEDICAL_SPIKE",
            medical_spike,
            hm["out_of_pocket"],
            np.maximum(spike_threshold, parameters["spike_floor"]),
        ),
    ]
    flags = pd.concat(
        [
            pd.DataFrame(
                {
                    "month": hm["month"],
                    "rule_code": rule,
                    "household_id_source": hm["household_id_source"],
                    "source_household_id": hm["household_id"],
                    "measured_value": measured,
                    "threshold_value": threshold,
                }
            )[condition.fillna(False).astype(bool)]
            for rule, condition, measured, threshold in fired
        ],
        ignore_index=True,
    )
    return flags.sort_values(FLAG_KEY, ignore_index=True)


# -- command line -----------------------------------------------------------------------------
def warehouse_flags(warehouse_dir: Path) -> pd.DataFrame:
    import duckdb  # only for reading the warehouse being compared with

    rules = ", ".join(f"'{rule}'" for rule in RULES)
    with duckdb.connect(str(warehouse_dir / "analytics.duckdb"), read_only=True) as con:
        con.execute(f"attach '{warehouse_dir / 'restricted.duckdb'}' as restricted (read_only)")
        [identity] = con.execute(
            "select schema_name from duckdb_tables() "
            "where database_name = 'restricted' and table_name = 'household_identity'"
        ).fetchone()
        return con.execute(
            f"""
            select w.month, w.rule_code, i.source as household_id_source,
                   i.source_household_id, w.household_key
            from monitoring.early_warnings as w
            left join restricted.{identity}.household_identity as i using (household_key)
            where w.rule_code in ({rules})
            """
        ).df()


def compare(ours: pd.DataFrame, theirs: pd.DataFrame) -> bool:
    unmapped = theirs["source_household_id"].isna()
    if unmapped.any():
        print(f"warehouse flags without a household_identity row: {int(unmapped.sum())}")
    theirs = theirs[~unmapped]
    counts = (
        pd.DataFrame(
            {
                "pandas": ours.groupby("rule_code").size(),
                "warehouse": theirs.groupby("rule_code").size(),
            }
        )
        .reindex(list(RULES))
        .fillna(0)
        .astype(int)
    )
    print(counts.to_string())
    both = ours[FLAG_KEY].merge(theirs[FLAG_KEY].drop_duplicates(), how="outer", indicator=True)
    sides = {"left_only": "pandas only", "right_only": "warehouse only"}
    differences = both[both["_merge"] != "both"].assign(side=lambda d: d["_merge"].map(sides))
    if len(differences) or unmapped.any():
        print(f"\nMISMATCH: {len(differences)} flags differ")
        print(differences.drop(columns="_merge").to_string(index=False))
        return False
    print(f"identical: {len(both)} flags")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("landing_dir", type=Path)
    parser.add_argument("--reference", type=Path, default=SHIPPED_REFERENCE_DIR)
    parser.add_argument("--compare", type=Path, metavar="WAREHOUSE_DIR")
    parser.add_argument(
        "--repeat", type=int, default=1, help="run N times, report each (the first imports)"
    )
    args = parser.parse_args(argv)
    months = landed_months(args.landing_dir)
    if not months:
        parser.error(f"no month folders in {args.landing_dir}")
    for _ in range(max(args.repeat, 1)):
        started = time.perf_counter()
        flags = pandas_flags(args.landing_dir, args.reference, months)
        elapsed = time.perf_counter() - started
        print(
            f"pandas: {len(flags)} flags over {months[0]}..{months[-1]} ({len(months)} months) "
            f"in {elapsed:.2f} s"
        )
    if args.compare is None:
        print(flags.groupby("rule_code").size().reindex(list(RULES), fill_value=0).to_string())
        return 0
    return 0 if compare(flags, warehouse_flags(args.compare)) else 1


if __name__ == "__main__":
    sys.exit(main())
