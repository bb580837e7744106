"""Streamlit script of the poverty-monitor dashboard (run by `poverty-monitor dashboard`).

Reads POVMON_WAREHOUSE_DIR/analytics.duckdb read-only through queries.py. Query results are
cached for a few minutes and keyed on the file's identity, so a new publish shows at once and
the file is never held open between queries.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from orchestration.dashboard import queries, verification_page, verification_queries
from orchestration.lib.partial_month import provisional_line

PAGES = {
    "warnings": "预警 Early warnings",
    "measures": "贫困测度 Poverty measures",
    "household": "户查询 Household drill-down",
    "verification": "核实进度 Verification",
    "quality": "数据质量 Data quality",
}
QUERY_MODULES = (queries, verification_queries)
MEASURE_LINES = {
    "dibao": "低保线 dibao line (12 × monthly standard)",
    "monitoring": "防止返贫监测线 monitoring line (rural roster households)",
}


@st.cache_data(ttl=300, show_spinner=False, max_entries=256)
def _cached(name: str, db: str, version: tuple[int, int], *args):
    module = next(module for module in QUERY_MODULES if hasattr(module, name))
    return getattr(module, name)(Path(db), *args)


def load(name: str, *args):
    """queries.<name>(analytics_db, *args), cached per published file."""
    db = queries.analytics_db()
    return _cached(name, str(db), queries.version_of(db), *args)


def main() -> None:
    st.set_page_config(page_title="低收入人口动态监测 poverty-monitor", layout="wide")
    db = queries.analytics_db()
    if not db.exists():
        st.error(f"{db} does not exist yet: run `poverty-monitor run` first.")
        st.stop()
    months = load("months")
    if not months:
        st.warning("The warehouse has no evaluated month yet.")
        st.stop()

    requested = st.query_params.get("page", "warnings")
    page = st.sidebar.radio(
        "页面 Page",
        list(PAGES),
        index=list(PAGES).index(requested) if requested in PAGES else 0,
        format_func=PAGES.get,
        key="page",
    )
    st.query_params["page"] = page
    requested_month = st.query_params.get("month", months[-1])
    month = st.sidebar.selectbox(
        "月份 Month",
        months,
        index=months.index(requested_month) if requested_month in months else len(months) - 1,
        key="month",
    )
    st.sidebar.caption(f"analytics.duckdb (read-only): {db}")
    if missing := load("missing_departments", month):
        st.warning(f"临时结果 Provisional: {provisional_line(month, missing)}.")

    if page == "warnings":
        warnings_page(month)
    elif page == "measures":
        measures_page(month)
    elif page == "household":
        household_page(month)
    elif page == "verification":
        verification_page.show(month, load, county_filter)
    else:
        quality_page(month)


def county_filter(key: str) -> list[str]:
    """The county multiselect, with names where the reference folder knows them."""
    names = load("region_names")
    return st.sidebar.multiselect(
        "县 County",
        load("counties"),
        format_func=lambda code: f"{names[code]}（{code}）" if code in names else code,
        key=key,
    )


def warnings_page(month: str) -> None:
    counties = county_filter("counties")
    rule_table = load("rules")
    rule_names = dict(zip(rule_table.rule_code, rule_table.rule_name_zh, strict=True))
    rules = st.sidebar.multiselect(
        "规则 Rule",
        list(rule_table.rule_code),
        format_func=lambda code: f"{code} {rule_names.get(code) or ''}".strip(),
        key="rules",
    )
    st.title(f"预警 Early warnings — {month}")
    st.caption("Leads for case workers to verify, not decisions. 预警线索，需核实。")

    frame = load("warnings_for_month", month, counties, rules)
    high, new, households = (
        int((frame.severity == "high").sum()),
        int(frame.is_new.sum()),
        frame.household_key.nunique(),
    )
    columns = st.columns(4)
    columns[0].metric("预警 Warnings", len(frame))
    columns[1].metric("涉及户数 Households", households)
    columns[2].metric("本月新增 New this month", new)
    columns[3].metric("高 High severity", high)

    left, right = st.columns(2)
    with left:
        st.subheader("按规则 By rule")
        if len(frame):
            st.bar_chart(frame.groupby("rule_code").size().rename("warnings"), horizontal=True)
        else:
            st.info("No warnings this month for this selection.")
    with right:
        st.subheader("按县和规则 By county and rule")
        by_county = load("warnings_by_county_and_rule", month, counties, rules)
        if len(by_county):
            pivot = by_county.pivot_table(
                index="county_code",
                columns="rule_code",
                values="warnings",
                aggfunc="sum",
                fill_value=0,
            )
            pivot["total"] = pivot.sum(axis=1)
            st.dataframe(pivot)
        else:
            st.info("No warnings this month for this selection.")

    st.subheader("趋势 Warnings by month and rule")
    trend = load("warnings_by_month_and_rule", counties, rules)
    if len(trend):
        st.line_chart(trend.pivot_table(index="month", columns="rule_code", values="warnings"))

    st.subheader("预警清单 Warning list")
    shown = frame.assign(household_key=frame.household_key.str[:16])
    st.dataframe(shown, hide_index=True)
    st.caption(
        "household_key is pseudonymous (first 16 characters shown); open it on the "
        "household page. Authorised case workers resolve it with `poverty-monitor explain`. "
        "case_mark: lead = an open lead awaiting verification (lead_id), in_care = already a "
        "monitored household, suppressed = excluded (排除) within the last months; empty = none."
    )

    with st.expander("规则覆盖 Rule coverage (households evaluated / not evaluated)"):
        st.dataframe(load("rule_coverage", month), hide_index=True)


def measures_page(month: str) -> None:
    st.title("贫困测度 Poverty measures")
    if "marts.mart_poverty_measures" not in load("tables"):
        st.warning("marts.mart_poverty_measures is not in this warehouse yet: run the pipeline.")
        return
    st.caption(
        "FGT over persons (households weighted by members): α = 0 headcount, 1 gap, 2 severity; "
        "poor means per-capita income < line. SDG 3.8.2: share of persons whose household's "
        "12-month out-of-pocket health spending is > 10 % / > 25 % of its annual income."
    )
    line = st.radio("线 Line", list(MEASURE_LINES), format_func=MEASURE_LINES.get, key="line")
    overall = load("poverty_measures_overall").set_index("month")
    st.subheader("全部县 All counties: FGT by month")
    st.line_chart(overall[[f"fgt0_{line}", f"fgt1_{line}", f"fgt2_{line}"]])

    counties = st.multiselect("县 County", load("counties"), key="measure_counties")
    measures = load("poverty_measures", counties)
    st.subheader("按县 Headcount ratio FGT0 by county")
    st.line_chart(measures.pivot_table(index="month", columns="county_code", values=f"fgt0_{line}"))

    st.subheader("SDG 3.8.2 灾难性卫生支出 catastrophic health spending")
    st.line_chart(overall[["sdg382_share_above_10", "sdg382_share_above_25"]])

    st.subheader(f"{month}: 按县 by county (counts by household type and monitoring class)")
    st.dataframe(
        measures[measures.month == month].drop(columns=["month", "grain"]),
        hide_index=True,
    )


def household_page(month: str) -> None:
    st.title("户查询 Household drill-down")
    st.caption("Pseudonymous keys only: no names or ID numbers are in analytics.duckdb.")
    prefix = st.text_input(
        "户假名键或前缀 Household key or prefix",
        value=st.query_params.get("household", ""),
        key="household",
    )
    if prefix.strip():
        candidates = load("find_households", prefix)
    else:
        candidates = load("flagged_households", month)
        st.caption(f"Flagged households in {month}, highest risk first; or type a key.")
    if not candidates:
        st.info("No household matches that key.")
        return
    key = st.selectbox("户 Household", candidates, key="household_key")

    profile = load("household", key)
    st.dataframe(profile, hide_index=True)
    months = load("household_months", key)
    st.subheader("人均收入与标准线 Per-capita income against the lines (yuan per year)")
    st.line_chart(
        months.set_index("month")[
            [
                "per_capita_income",
                "per_capita_dibao_test_income",
                "dibao_line_annual",
                "monitoring_line_annual",
            ]
        ].astype(float)
    )
    st.subheader("预警 Warnings across months")
    warnings = load("household_warnings", key)
    if len(warnings):
        st.dataframe(warnings, hide_index=True)
    else:
        st.info("No warning for this household in any month.")
    risk = load("household_risk", key)
    if len(risk):
        st.subheader("风险状态 Risk status")
        st.dataframe(risk, hide_index=True)
    st.subheader("户月明细 Household months")
    st.dataframe(months, hide_index=True)


def quality_page(month: str) -> None:
    st.title("数据质量 Data quality")
    if "quality.source_months" in load("tables"):
        st.subheader("来源到达 Source status per month")
        status = load("source_months")
        status["shown"] = status.is_present.map({True: "✓ delivered", False: "✗ missing"})
        status.loc[~status.is_present, "shown"] = "✗ " + status.status
        st.dataframe(status.pivot(index="month", columns="source", values="shown"))
        missing = status[~status.is_present]
        if len(missing):
            st.warning(
                f"{len(missing)} source-months missing: rules that need them are not evaluated."
            )
    st.subheader("行数核对 Rows in = loaded + quarantined, per source and month")
    reconciliation = load("reconciliation_by_source_month")
    st.dataframe(reconciliation, hide_index=True)
    quarantined = reconciliation.pivot_table(
        index="month", columns="source", values="rows_quarantined", fill_value=0
    )
    if int(quarantined.to_numpy().sum()):
        st.bar_chart(quarantined)
    st.subheader(f"{month}: 问题清单 Findings by check")
    findings = load("findings_by_source_month", month)
    if len(findings):
        st.dataframe(findings, hide_index=True)
    else:
        st.success("No findings this month.")


main()
