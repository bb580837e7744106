"""The 核实进度 (verification progress) page's queries over the case loop's published tables
(monitoring.lead_status, monitoring.leads, monitoring.rule_precision); like queries.py, each
opens analytics.duckdb read-only for the length of one query."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from orchestration.dashboard.queries import filters, query

OVERDUE_BANDS = (
    (1, 15, "1-15 天"),
    (16, 30, "16-30 天"),
    (31, 60, "31-60 天"),
    (61, None, "> 60 天"),
)


def leads_by_township_and_status(
    db: Path, month: str, counties_: list[str] | None = None
) -> pd.DataFrame:
    where, params = filters(counties_, None)
    return query(
        db,
        f"""
        select township_code, status, count(*) as leads
        from (
            select substr(region_code, 1, 9) as township_code,
                   substr(region_code, 1, 6) as county_code, status
            from monitoring.lead_status where month = ?
        ) as statuses
        where true {where}
        group by township_code, status order by township_code, status
        """,
        [month, *params],
    )


def overdue_ageing(db: Path, month: str, counties_: list[str] | None = None) -> pd.DataFrame:
    """Open leads past their due date as of the month, by how long they are overdue."""
    where, params = filters(counties_, None)
    bands = " ".join(
        f"when days_overdue >= {low}" + (f" and days_overdue <= {high}" if high else "")
        + f" then '{label}'"
        for low, high, label in OVERDUE_BANDS
    )  # fmt: skip
    return query(
        db,
        f"""
        select case {bands} end as overdue, kind, count(*) as leads
        from (
            select *, substr(region_code, 1, 6) as county_code from monitoring.lead_status
            where month = ? and status in ('overdue', 'unreachable') and days_overdue > 0
        ) as overdue_leads
        where true {where}
        group by all order by min(days_overdue), kind
        """,
        [month, *params],
    )


def precision_by_rule(db: Path, counties_: list[str] | None = None) -> pd.DataFrame:
    """Per rule and opening month (the chosen counties summed): leads and what came back."""
    where, params = filters(counties_, None)
    return query(
        db,
        f"""
        select opened_month, rule_code, sum(leads) as leads, sum(verified) as verified,
               sum(confirmed) as confirmed, sum(excluded) as excluded,
               sum(already_covered) as already_covered,
               case when sum(confirmed + excluded + already_covered) > 0
                    then sum(confirmed) / sum(confirmed + excluded + already_covered) end
                   as precision
        from monitoring.rule_precision
        where true {where}
        group by opened_month, rule_code order by opened_month, rule_code
        """,
        params,
    )
