"""Each month's last run and its result, where a person (and the sensor that requests a failed
month again) can see it: the status file (POVMON_STATUS_FILE, <warehouse>/status.json), and for
a failure also the operator's webhook (POVMON_ALERT_WEBHOOK, e.g. a WeCom or DingTalk robot).

The file: {"months": {"2026-06": {"month": "2026-06", "result": "failed", "step": ...,
"cause": ..., "at": <UTC ISO time>, "run_id": ..., "door": ...}, ...}}: the latest run of each
month. Nothing in it or in an alert names a person: causes lose their quoted values.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
import urllib.request
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from orchestration.lib.dbt_results import without_values

SUCCESS, FAILED = "success", "failed"
WEBHOOK_TIMEOUT_SECONDS = 10


def month_results(status_file: Path) -> dict[str, dict]:
    """month -> its latest run's entry ({} before the first run or for an unreadable file)."""
    try:
        document = json.loads(status_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    months = document.get("months") if isinstance(document, dict) else None
    return months if isinstance(months, dict) else {}


def record_result(
    status_file: Path,
    months: list[str],
    result: str,
    *,
    step: str | None = None,
    cause: str | None = None,
    run_id: str | None = None,
    door: str = "",
) -> None:
    """Write the run's result as each of its months' latest entry."""
    at = datetime.now(UTC).isoformat(timespec="seconds")
    clean_cause = without_values(cause) if cause else None
    with _locked(status_file):
        entries = month_results(status_file)
        for month in months:
            entries[month] = {
                "month": month,
                "result": result,
                "step": step,
                "cause": clean_cause,
                "at": at,
                "run_id": run_id,
                "door": door,
            }
        _write_atomically(status_file, {"months": dict(sorted(entries.items()))})


def failure_text(months: list[str], step: str, cause: str, run_id: str | None = None) -> str:
    span = months[0] if len(months) == 1 else f"{months[0]}..{months[-1]}"
    run = f" (Dagster run {run_id[:8]})" if run_id else ""
    return (
        f"poverty-monitor: the monthly run for {span} failed in {step}: "
        f"{without_values(cause)}{run}"
    )


def post_alert(webhook: str, text: str) -> None:
    """POST the alert as JSON; the body WeCom and DingTalk robots both take (msgtype text)."""
    body = json.dumps({"msgtype": "text", "text": {"content": text}}, ensure_ascii=False)
    request = urllib.request.Request(
        webhook,
        data=body.encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:
        response.read()


@contextmanager
def _locked(status_file: Path):
    """The CLI and the daemon's sensors may write at once: one read-modify-write at a time."""
    status_file.parent.mkdir(parents=True, exist_ok=True)
    with open(status_file.with_name(status_file.name + ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _write_atomically(path: Path, document: dict) -> None:
    """A reader never sees half a file: write beside it, then rename over it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document, out, ensure_ascii=False, indent=1)
            out.write("\n")
        os.chmod(temporary, 0o644)  # no personal data: readable by the operators' tools
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
