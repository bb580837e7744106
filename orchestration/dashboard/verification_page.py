"""The dashboard's 核实进度 (verification progress) page: leads by township and status,
overdue ageing, and precision by rule and county over time (case-loop.md)."""

from __future__ import annotations

import streamlit as st

STATUS_LABELS = {
    "new": "待核实 new",
    "overdue": "超期 overdue",
    "unreachable": "无法联系 unreachable",
    "closed": "已结案 closed",
}


def show(month: str, load, county_filter) -> None:
    """`load(name, *args)`: the app's cached query loader; `county_filter(key)` its county
    multiselect."""
    st.title(f"核实进度 Verification progress — {month}")
    st.caption(
        "Leads (预警线索) as of the month: each township verifies its list within 15 days of "
        "its issue; outcomes come back in case_management/ (README: the monthly routine)."
    )
    counties = county_filter("lead_counties")
    statuses = load("leads_by_township_and_status", month, counties)
    totals = statuses.groupby("status")["leads"].sum() if len(statuses) else {}
    columns = st.columns(len(STATUS_LABELS))
    for column, (status, label) in zip(columns, STATUS_LABELS.items(), strict=True):
        column.metric(label, int(totals.get(status, 0)))
    if not len(statuses):
        st.info("No leads in this month for this selection.")
        return

    st.subheader("按乡镇和状态 Leads by township and status")
    pivot = statuses.pivot_table(
        index="township_code", columns="status", values="leads", aggfunc="sum", fill_value=0
    ).rename(columns=STATUS_LABELS)
    pivot["合计 total"] = pivot.sum(axis=1)
    names = load("region_names")
    pivot.index = [f"{names[code]}（{code}）" if code in names else code for code in pivot.index]
    st.dataframe(pivot.sort_values("合计 total", ascending=False))

    st.subheader("超期时长 Overdue ageing (open leads past their due date)")
    ageing = load("overdue_ageing", month, counties)
    if len(ageing):
        st.bar_chart(
            ageing.pivot_table(index="overdue", columns="kind", values="leads", sort=False)
        )
    else:
        st.info("No lead is overdue.")

    st.subheader("规则精确度 Precision by rule over time (confirmed / verified with a decision)")
    precision = load("precision_by_rule", counties)
    decided = precision[precision.precision.notna()]
    if len(decided):
        st.line_chart(
            decided.pivot_table(index="opened_month", columns="rule_code", values="precision")
        )
    else:
        st.info("No verified outcomes yet: precision appears once townships return their lists.")
    st.dataframe(precision, hide_index=True)
