"""One run per warehouse at a time, whichever door it came in by (the CLI, the schedule, the
sensor, the UI, a backfill): an exclusive `flock` on <warehouse>/.run.lock.

flock locks belong to open file descriptions: a second open+flock in the process that holds
the lock would wait for itself. The CLI holds the lock and runs the Dagster job in-process,
whose resources take it again, so the lock is re-entrant within the thread that holds it.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

# How often a waiting run looks at the lock again.
POLL_SECONDS = 1.0


class RunInProgress(Exception):
    pass


@dataclass
class _Held:
    handle: IO[str]
    thread: int
    depth: int = 1


_held: dict[Path, _Held] = {}
_held_guard = threading.Lock()


@contextmanager
def exclusive_run(
    warehouse_dir: Path,
    door: str = "poverty-monitor run",
    wait_seconds: float = 0,
    on_wait: Callable[[str], None] | None = None,
):
    """Hold the warehouse's run lock. Held elsewhere: refused at once (wait_seconds 0, the
    CLI), or after waiting up to wait_seconds (a Dagster run), with the CLI's one line."""
    warehouse_dir.mkdir(parents=True, exist_ok=True)
    lock_path = (warehouse_dir / ".run.lock").resolve()
    with _held_guard:
        mine = _held.get(lock_path)
        if mine and mine.thread == threading.get_ident():
            mine.depth += 1
        else:
            mine = None
    if mine:
        try:
            yield
        finally:
            mine.depth -= 1
        return
    handle = open(lock_path, "a+")  # noqa: SIM115 - held for the whole run
    try:
        _acquire(handle, warehouse_dir, wait_seconds, on_wait)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{door}, pid {os.getpid()}, since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC")
        handle.flush()
        with _held_guard:
            _held[lock_path] = _Held(handle, threading.get_ident())
        try:
            yield
        finally:
            with _held_guard:
                _held.pop(lock_path, None)
    finally:
        # The kernel drops the lock if the process dies, so a crash never leaves it stuck.
        handle.close()


def _acquire(handle, warehouse_dir: Path, wait_seconds: float, on_wait) -> None:
    deadline = time.monotonic() + wait_seconds
    told = False
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            holder = _holder(handle)
            if time.monotonic() >= deadline:
                raise RunInProgress(
                    f"another run is in progress on {warehouse_dir} ({holder}); "
                    "try again when it has finished"
                ) from None
            if not told and on_wait:
                on_wait(f"waiting for the run in progress on {warehouse_dir} ({holder})")
                told = True
            time.sleep(min(POLL_SECONDS, max(deadline - time.monotonic(), 0)))


def _holder(handle) -> str:
    handle.seek(0)
    return handle.read().strip() or "another process"
