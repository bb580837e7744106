"""`poverty-monitor explain`: a household-month's measures, every rule's comparison, and the
source rows behind them. Restricted use: it reads restricted.duckdb for the row lineage."""

from __future__ import annotations

import duckdb

# The household-month's key; every other column of the fact is a measure to show.
KEY_COLUMNS = ("household_key", "month", "month_index")


class ExplainError(Exception):
    pass


def explain(analytics_db, restricted_db, household: str, month: str) -> str:
    with duckdb.connect(str(analytics_db), read_only=True) as con:
        key = _resolve_key(con, household)
        cursor = con.execute(
            f"select * exclude ({', '.join(KEY_COLUMNS)}) from marts.fct_household_months "
            "where household_key = ? and month = ?",
            [key, month],
        )
        names = [column[0] for column in cursor.description]
        measures = cursor.fetchone()
        if measures is None:
            raise ExplainError(f"household {key[:16]} has no members in {month}")
        rules = con.execute(
            """
            select rule_code, is_evaluated, not_evaluated_reason, measured_value,
                   threshold_value, is_fired
            from monitoring.mon_rule_evaluations
            where household_key = ? and month = ? order by rule_code
            """,
            [key, month],
        ).fetchall()
    with duckdb.connect(str(restricted_db), read_only=True) as con:
        rows = con.execute(
            """
            select source, month, source_file, source_row_number, item, amount,
                   left(person_key, 12)
            from household_source_rows
            where household_key = ? and month = ?
            order by source, source_file, source_row_number
            """,
            [key, month],
        ).fetchall()
    lines = [f"Household {key} in {month}", "", "Measures:"]
    lines += [f"  {name:<32} {_fmt(value)}" for name, value in zip(names, measures, strict=True)]
    lines += ["", "Rules (measured vs threshold):"]
    for rule, evaluated, reason, measured, threshold, fired in rules:
        verdict = ("FIRES" if fired else "quiet") if evaluated else f"not evaluated: {reason}"
        lines.append(
            f"  {rule:<30} {verdict:<38} measured {_fmt(measured):>12}  "
            f"threshold {_fmt(threshold):>12}"
        )
    lines += ["", "Source rows (source, file, row number, item, amount, person key):"]
    lines += [
        f"  {source:<21} {m}/{file:<20} row {row:>7}  {item:<40} {_fmt(amount):>10}  {person or ''}"
        for source, m, file, row, item, amount, person in rows
    ]
    return "\n".join(lines)


def _resolve_key(con, household: str) -> str:
    if len(household) < 8:
        raise ExplainError("give at least the first 8 characters of the household key")
    matches = con.execute(
        "select household_key from marts.dim_households where starts_with(household_key, ?) "
        "limit 2",
        [household.lower()],
    ).fetchall()
    if not matches:
        raise ExplainError(f"no household key starts with {household}")
    if len(matches) > 1:
        raise ExplainError(f"{household} matches more than one household: give more characters")
    return matches[0][0]


def _fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)
