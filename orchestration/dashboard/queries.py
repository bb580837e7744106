"""Read-only queries over the published analytics.duckdb for the dashboard.

Every function opens the file read-only, runs its query and closes it again, so the dashboard
never holds the warehouse open: a publish replaces the file atomically and the next query
reads the new one. No business rules here — the numbers come from the marts and monitoring
tables that dbt built.
"""

from __future__ import annotations

import os
from contextlib import closing
from pathlib import Path

import duckdb
import pandas as pd

from orchestration.lib.partial_month import MISSING_SQL

SEVERITY_ORDER = ("high", "medium", "low", "info")


def warehouse_dir() -> Path:
    """POVMON_WAREHOUSE_DIR (default warehouse/), resolved like orchestration.settings does.
    The dashboard needs no pseudonym key, so it does not go through load_settings()."""
    return Path(os.environ.get("POVMON_WAREHOUSE_DIR", "warehouse")).expanduser().resolve()


def analytics_db() -> Path:
    return warehouse_dir() / "analytics.duckdb"


def version_of(db: Path) -> tuple[int, int]:
    """Changes whenever a publish replaces the file (new inode, new mtime): a cache key."""
    stat = db.stat()
    return stat.st_ino, stat.st_mtime_ns


def query(db: Path, sql: str, params: list | None = None) -> pd.DataFrame:
    with closing(duckdb.connect(str(db), read_only=True)) as con:
        return con.execute(sql, params or []).df()


def tables(db: Path) -> set[str]:
    frame = query(
        db,
        "select table_schema || '.' || table_name as name from information_schema.tables",
    )
    return set(frame["name"])


def months(db: Path) -> list[str]:
    """Months the pipeline has evaluated (rule coverage exists even when nothing fired)."""
    frame = query(db, "select distinct month from monitoring.rule_coverage order by month")
    return list(frame["month"])


def region_names(db: Path) -> dict[str, str]:
    """region_code -> name, where the reference folder knows one (regions.csv is optional)."""
    if "marts.dim_regions" not in tables(db):
        return {}
    frame = query(db, "select region_code, region_name from marts.dim_regions")
    return dict(zip(frame.region_code, frame.region_name, strict=True))


def counties(db: Path) -> list[str]:
    frame = query(db, "select distinct county_code from marts.dim_households order by 1")
    return list(frame["county_code"])


def rules(db: Path) -> pd.DataFrame:
    return query(
        db,
        """
        select distinct coverage.rule_code, warnings.rule_name_zh
        from monitoring.rule_coverage as coverage
        left join (
            select distinct rule_code, rule_name_zh from monitoring.early_warnings
        ) as warnings on coverage.rule_code = warnings.rule_code
        order by coverage.rule_code
        """,
    )


def filters(counties_: list[str] | None, rules_: list[str] | None) -> tuple[str, list]:
    clauses, params = [], []
    if counties_:
        clauses.append("county_code in (select unnest(?))")
        params.append(list(counties_))
    if rules_:
        clauses.append("rule_code in (select unnest(?))")
        params.append(list(rules_))
    return "".join(f" and {clause}" for clause in clauses), params


def warnings_for_month(
    db: Path, month: str, counties_: list[str] | None = None, rules_: list[str] | None = None
) -> pd.DataFrame:
    where, params = filters(counties_, rules_)
    return query(
        db,
        f"""
        select household_key, rule_code, rule_name_zh, severity, county_code,
               early_warnings.region_code,
               round(measured_value, 2) as measured_value,
               round(threshold_value, 2) as threshold_value,
               streak_start, streak_length, is_new, case_mark, lead_id,
               counties.region_name as county_name, townships.region_name as township_name
        from monitoring.early_warnings
        left join monitoring.warning_marks using (month, household_key, rule_code)
        left join marts.dim_regions as counties on county_code = counties.region_code
        left join marts.dim_regions as townships
            on substr(early_warnings.region_code, 1, 9) = townships.region_code
        where month = ? {where}
        order by severity_rank desc, rule_code, county_code, household_key
        """,
        [month, *params],
    )


def warnings_by_month_and_rule(
    db: Path, counties_: list[str] | None = None, rules_: list[str] | None = None
) -> pd.DataFrame:
    """Long form: month, rule_code, warnings (zero where a rule was evaluated and nothing fired)."""
    where, params = filters(counties_, rules_)
    rule_where, rule_params = filters(None, rules_)
    return query(
        db,
        f"""
        with fired as (
            select month, rule_code, count(*) as warnings
            from monitoring.early_warnings
            where true {where}
            group by month, rule_code
        ),

        evaluated as (
            select distinct month, rule_code from monitoring.rule_coverage
            where true {rule_where}
        )

        select evaluated.month, evaluated.rule_code, coalesce(fired.warnings, 0) as warnings
        from evaluated
        left join fired on evaluated.month = fired.month and evaluated.rule_code = fired.rule_code
        order by evaluated.month, evaluated.rule_code
        """,
        [*params, *rule_params],
    )


def warnings_by_county_and_rule(
    db: Path, month: str, counties_: list[str] | None = None, rules_: list[str] | None = None
) -> pd.DataFrame:
    where, params = filters(counties_, rules_)
    return query(
        db,
        f"""
        select county_code, rule_code, count(*) as warnings
        from monitoring.early_warnings
        where month = ? {where}
        group by county_code, rule_code
        order by county_code, rule_code
        """,
        [month, *params],
    )


def rule_coverage(db: Path, month: str) -> pd.DataFrame:
    return query(
        db,
        """
        select rule_code, households_in_scope, households_evaluated, households_flagged,
               households_not_evaluated, not_evaluated_reasons
        from monitoring.rule_coverage where month = ? order by rule_code
        """,
        [month],
    )


def poverty_measures(db: Path, counties_: list[str] | None = None) -> pd.DataFrame:
    where, params = filters(counties_, None)
    return query(
        db,
        "select * from marts.mart_poverty_measures where grain = 'county' "
        f"{where} order by month, county_code",
        params,
    )


def poverty_measures_overall(db: Path) -> pd.DataFrame:
    """All counties together, per month (the mart's all-counties rows)."""
    return query(
        db,
        "select * from marts.mart_poverty_measures where grain = 'all' order by month",
    )


def find_households(db: Path, prefix: str, limit: int = 20) -> list[str]:
    frame = query(
        db,
        """select household_key from marts.dim_households
           where starts_with(household_key, ?) order by household_key limit ?""",
        [prefix.strip().lower(), limit],
    )
    return list(frame["household_key"])


def flagged_households(db: Path, month: str, limit: int = 200) -> list[str]:
    frame = query(
        db,
        """select household_key from monitoring.household_risk
           where month = ? and status <> 'resolved'
           order by risk_score desc, household_key limit ?""",
        [month, limit],
    )
    return list(frame["household_key"])


def household(db: Path, key: str) -> pd.DataFrame:
    return query(db, "select * from marts.dim_households where household_key = ?", [key])


def household_months(db: Path, key: str) -> pd.DataFrame:
    return query(
        db,
        """
        select month, members, household_type, monitoring_class, is_income_month,
               is_medical_month, round(monthly_income, 2) as monthly_income,
               round(per_capita_income, 2) as per_capita_income,
               round(per_capita_dibao_test_income, 2) as per_capita_dibao_test_income,
               dibao_line_annual, monitoring_line_annual,
               out_of_pocket, trailing_oop_sum, on_dibao_or_tekun, on_any_roll
        from marts.fct_household_months
        where household_key = ?
        order by month
        """,
        [key],
    )


def household_warnings(db: Path, key: str) -> pd.DataFrame:
    return query(
        db,
        """
        select month, rule_code, rule_name_zh, severity,
               round(measured_value, 2) as measured_value,
               round(threshold_value, 2) as threshold_value, streak_start, streak_length, is_new
        from monitoring.early_warnings
        where household_key = ?
        order by month, rule_code
        """,
        [key],
    )


def household_risk(db: Path, key: str) -> pd.DataFrame:
    return query(
        db,
        """select month, rules_fired, highest_severity, risk_score, status
           from monitoring.household_risk where household_key = ? order by month""",
        [key],
    )


def source_months(db: Path) -> pd.DataFrame:
    return query(
        db,
        "select month, source, is_present, status from quality.source_months order by 1, 2",
    )


def missing_departments(db: Path, month: str) -> list[str]:
    """The departments the month lacks (empty: complete, or a warehouse without the table)."""
    if "quality.source_months" not in tables(db):
        return []
    return list(query(db, MISSING_SQL, [month])["source"])


def reconciliation_by_source_month(db: Path) -> pd.DataFrame:
    return query(
        db,
        """
        select month, source, count(*) as files, sum(rows_in) as rows_in,
               sum(rows_loaded) as rows_loaded, sum(rows_quarantined) as rows_quarantined,
               bool_and(is_balanced) as is_balanced
        from quality.file_reconciliation
        group by month, source
        order by month, source
        """,
    )


def findings_by_source_month(db: Path, month: str | None = None) -> pd.DataFrame:
    where, params = ("where month = ?", [month]) if month else ("", [])
    return query(
        db,
        f"""
        select month, source, check_name, severity, count(*) as findings
        from quality.findings {where}
        group by all
        order by month, source, findings desc
        """,
        params,
    )
