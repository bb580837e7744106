"""Great Expectations keeps counts, never values: an ID number or a name in the wrong column
fails its check without reaching the validation store or the Data Docs, and the Data Docs
(meant for data stewards) are readable by others while GE's stores stay private."""

from __future__ import annotations

import os
import stat

import duckdb
from landing_files import make_id
from privacy_scan import files_text

from orchestration.lib.quality.runner import run_suites

SUITE = "rural_revitalization__members"
MISPLACED_ID, MISPLACED_NAME = make_id("43062419870523004"), "慕容雪晴"


def members_batch(build_db) -> None:
    with duckdb.connect(str(build_db)) as con:
        con.execute("create schema staging")
        con.execute(
            """
            create table staging.stg_rural_revitalization__members as
            select * from (values
                ('2026-06', 'H1', '户主', ?, '0', '健康', '非在校生', null::varchar, true, ''),
                ('2026-06', 'H1', '配偶', '普通劳动力', '0', ?, '非在校生', '肢体', true, '')
            ) as rows (month, source_household_id, relation_to_head, labour_capacity,
                       disability_grade, health_status, schooling, disability_type,
                       household_exists, dq_checks)
            """,
            [MISPLACED_ID, MISPLACED_NAME],
        )


def test_failed_checks_show_counts_but_not_the_values(tmp_path):
    build_db, warehouse = tmp_path / "build.duckdb", tmp_path / "warehouse"
    members_batch(build_db)
    previous = os.umask(0o077)  # as in a run
    try:
        [outcome] = run_suites(build_db, warehouse, ["2026-06"], only=[SUITE])
    finally:
        os.umask(previous)
    failed = {e.column: e.unexpected_count for e in outcome.expectations if not e.success}
    assert failed == {"labour_capacity": 1, "health_status": 1}
    text = files_text(warehouse)  # gx_project/ (validation JSON) and data_docs/ (HTML)
    assert "labour_capacity" in text
    assert MISPLACED_ID not in text and MISPLACED_NAME not in text
    pages = list((warehouse / "data_docs").rglob("*.html"))
    assert pages and all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in pages)
    stores = [p for p in (warehouse / "gx_project").rglob("*") if p.is_file()]
    assert stores and all(not p.stat().st_mode & 0o077 for p in stores)
