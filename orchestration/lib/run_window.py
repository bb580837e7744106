"""Which months a run rebuilds, from the load ledger (so a month's run costs what that month
costs): from the earliest month whose files changed since the last successful build up to
the latest month. A re-delivered month m rebuilds m..latest, nothing earlier (a medical
re-delivery also reaches back to the months whose settlements it supersedes); with nothing
new, the newest month asked for is rebuilt (the same result again, cheaply).
Everything is rebuilt on request (--full-refresh), on the first build, and when the
reference folder in force or the dbt project changed since the last build.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from orchestration.lib.landing.key_guard import rekeyed_since
from orchestration.lib.months import month_range, next_month

BUILD_RUNS_DDL = """
create table if not exists raw.build_runs (
    built_at timestamp not null,
    min_month varchar not null,      -- first month rebuilt (YYYY-MM)
    max_month varchar not null,      -- last month rebuilt
    full_refresh boolean not null,
    reason varchar not null,
    reference_hash varchar not null,
    code_hash varchar not null
)
"""
# The build each publish copied, so the next publish knows which months the files lack.
PUBLISH_RUNS_DDL = """
create table if not exists raw.publish_runs (
    built_at timestamp not null,     -- raw.build_runs.built_at of the build published
    published_at timestamp not null
)
"""
_PROJECT_PARTS = ("dbt_project.yml", "models", "macros", "seeds", "tests")


@dataclass(frozen=True)
class RunWindow:
    months: list[str]  # 'YYYY-MM', consecutive
    full_refresh: bool
    reason: str

    @property
    def min_date(self) -> str:
        return f"{self.months[0]}-01"

    @property
    def max_date(self) -> str:
        """Exclusive end, the first day of the month after the window."""
        return f"{next_month(self.months[-1])}-01"

    def describe(self) -> str:
        span = self.months[0] if len(self.months) == 1 else f"{self.months[0]}..{self.months[-1]}"
        return f"rebuilding {span} ({self.reason})"


def files_hash(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.name).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def project_hash(dbt_project_dir: Path) -> str:
    """The dbt project's own files: a new release rebuilds everything."""
    files = []
    for part in _PROJECT_PARTS:
        path = dbt_project_dir / part
        files += [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path.relative_to(dbt_project_dir)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def plan_window(
    con, asked: list[str], *, full_refresh: bool, reference_hash: str, code_hash: str
) -> RunWindow:
    """`con`: the build database after landing; `asked`: the run's partition months."""
    con.execute(BUILD_RUNS_DDL)
    landed = [m for (m,) in con.execute(_LANDED).fetchall()]
    known = sorted(set(landed) | set(asked))
    last = con.execute(
        "select built_at, max_month, reference_hash, code_hash from raw.build_runs "
        "order by built_at desc limit 1"
    ).fetchone()
    reason = _full_refresh_reason(last, full_refresh, reference_hash, code_hash) or (
        "full refresh: the pseudonym key changed (re-key)" if rekeyed_since(con, last[0]) else ""
    )
    if reason:
        return RunWindow(month_range(known[0], known[-1]), True, reason)
    changed = sorted(m for (m,) in con.execute(_CHANGED_SINCE, [last[0]]).fetchall())
    if not changed:
        # Rebuilding the newest month asked for is cheap and gives the same result.
        return RunWindow([max(asked)], False, "nothing new landed")
    superseded = _superseded_settlement_months(con, changed)
    first = min([*changed, *superseded])
    latest = max([*known, last[1]])
    what = f"changed since the last build: {', '.join(changed)}"
    if superseded:
        what += f"; settlements they supersede: {', '.join(superseded)}"
    return RunWindow(month_range(first, latest), False, what)


def record_build(con, window: RunWindow, reference_hash: str, code_hash: str) -> None:
    con.execute(BUILD_RUNS_DDL)
    con.execute(
        "insert into raw.build_runs values (?, ?, ?, ?, ?, ?, ?)",
        [
            datetime.now(UTC).replace(tzinfo=None),
            window.months[0],
            window.months[-1],
            window.full_refresh,
            window.reason,
            reference_hash,
            code_hash,
        ],
    )


def republish_from(con) -> tuple[datetime, date | None, date | None]:
    """The latest build; the first month the published files lack (the earliest month the
    builds since the last publish rebuilt); and the first month the spare files lack (those
    of the publish before, see publisher.py). None: copy everything (nothing published yet,
    or a full refresh since)."""
    con.execute(BUILD_RUNS_DDL)
    con.execute(PUBLISH_RUNS_DDL)
    latest = con.execute("select max(built_at) from raw.build_runs").fetchone()[0]
    return latest, _first_month_since_publish(con, 1), _first_month_since_publish(con, 2)


def _first_month_since_publish(con, back: int) -> date | None:
    """The earliest month rebuilt since the back-th latest publish (None: everything)."""
    published = con.execute(
        "select built_at from raw.publish_runs order by published_at desc limit 1 offset ?",
        [back - 1],
    ).fetchone()
    if published is None:
        return None
    since, full_refresh = con.execute(
        "select min(min_month), bool_or(full_refresh) from raw.build_runs where built_at > ?",
        [published[0]],
    ).fetchone()
    return None if since is None or full_refresh else date.fromisoformat(f"{since}-01")


def record_publish(con, built_at: datetime) -> None:
    con.execute(PUBLISH_RUNS_DDL)
    con.execute(
        "insert into raw.publish_runs values (?, ?)",
        [built_at, datetime.now(UTC).replace(tzinfo=None)],
    )


def last_built_months(con) -> list[str]:
    """The months the latest successful build rebuilt (what the checks after it look at)."""
    con.execute(BUILD_RUNS_DDL)
    row = con.execute(
        "select min_month, max_month from raw.build_runs order by built_at desc limit 1"
    ).fetchone()
    return month_range(*row) if row else []


def _full_refresh_reason(last, asked_for: bool, reference_hash: str, code_hash: str) -> str:
    if asked_for:
        return "full refresh asked for"
    if last is None:
        return "first build"
    if last[2] != reference_hash:
        return "full refresh: the reference data changed"
    if last[3] != code_hash:
        return "full refresh: the dbt project changed"
    return ""


def _superseded_settlement_months(con, changed: list[str]) -> list[str]:
    """Earlier months holding a settlement id that a changed month delivers again: the newest
    delivery wins, so the earlier row's month is rebuilt too."""
    rows = con.execute(
        """
        select distinct earlier._month
        from raw.medical_insurance__settlements as earlier
        where earlier._month < ?
          and trim(earlier."结算编号") in (
              select trim("结算编号") from raw.medical_insurance__settlements
              where _month in (select unnest(?))
          )
        order by 1
        """,
        [min(changed), changed],
    ).fetchall()
    return [month for (month,) in rows]


_LANDED = "select distinct month from raw.load_ledger where status = 'loaded' order by 1"
# Loads and rejections since the last build (a rejection changes that month's findings).
_CHANGED_SINCE = "select distinct month from raw.load_ledger where loaded_at > ?"
