"""A partial month: not every department delivered usable files for it. Its warnings and
leads are provisional (README "For county teams"): when the missing departments arrive the
month is rebuilt and its leads become what one run with everything would have given. Every
place that shows a month says so in these words."""

from __future__ import annotations

from pathlib import Path

from orchestration.lib.landing_state import LandingScan, missing_sources

# Department names as the county's staff say them (the work list is read in Chinese).
DEPARTMENT_ZH = {
    "civil_affairs": "民政",
    "human_resources": "人社",
    "medical_insurance": "医保",
    "rural_revitalization": "乡村振兴",
}
MISSING_SQL = """
    select source from quality.source_months
    where month = ? and not is_present order by source
"""


def missing_departments(con, month: str) -> list[str]:
    """The departments quality.source_months (analytics.duckdb) marks missing for the month."""
    return [source for (source,) in con.execute(MISSING_SQL, [month]).fetchall()]


def landing_gaps(landing_dir: Path, months: list[str]) -> dict[str, list[str]]:
    """Month -> the departments lacking a contract file in the landing folder (returned work
    lists are not a department's delivery); complete months are left out."""
    scan = LandingScan(landing_dir)
    gaps = {month: missing_sources(scan.files_of(month), {}) for month in months}
    return {month: missing for month, missing in gaps.items() if missing}


def before_run_line(month: str, missing: list[str]) -> str:
    return (
        f"{month} is incomplete: {', '.join(missing)} not delivered"
        " — its warnings will be provisional"
    )


def provisional_line(month: str, missing: list[str]) -> str:
    return (
        f"{month} is incomplete ({', '.join(missing)} not delivered): its warnings and leads "
        "are provisional until they arrive"
    )


def worklist_note(missing: list[str]) -> str:
    names = "、".join(DEPARTMENT_ZH.get(source, source) for source in missing)
    return f"临时名单：缺少{names}部门数据，核实前请留意"
