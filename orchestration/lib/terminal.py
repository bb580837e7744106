"""What `poverty-monitor run` prints: step starts and ends, one line per source and month range,
a dbt progress indicator, warnings and errors. Everything else (dagster-dbt's own lines, dbt's
output, per-file details) goes to the run's log file only (defs/progress_logger.py)."""

from __future__ import annotations

import sys
import time


class Terminal:
    """The person's terminal during a `run`: lines with the elapsed time; a progress indicator
    that rewrites its own line on a TTY and prints every tenth on a pipe or file."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.started = time.monotonic()
        self.is_tty = self.stream.isatty()
        self._open_line = False
        self._last_tenth = -1

    def line(self, text: str) -> None:
        self._end_progress()
        print(f"{self._stamp()} {text}", file=self.stream, flush=True)

    def progress(self, label: str, done: int, total: int) -> None:
        total = max(total, done, 1)
        text = f"{self._stamp()}   {label}: {done}/{total} ({100 * done // total}%)"
        if self.is_tty:
            print(f"\r{text}", end="", file=self.stream, flush=True)
            self._open_line = True
        elif 10 * done // total > self._last_tenth:
            self._last_tenth = 10 * done // total
            print(text, file=self.stream, flush=True)
        if done >= total:
            self._end_progress()

    def _end_progress(self) -> None:
        if self._open_line:
            print(file=self.stream, flush=True)
            self._open_line = False
        self._last_tenth = -1

    def _stamp(self) -> str:
        return f"[{time.monotonic() - self.started:6.1f}s]"


# Set by the `run` command while it runs (None under the Dagster UI or with --verbose): the
# terminal, and the run's log file, which gets every Dagster log line.
active: Terminal | None = None
log_file = None


def show(context, text: str) -> None:
    """A progress line: to the run's log (and the UI), and to the terminal during `run`."""
    context.log.info(text)
    if active is not None:
        active.line(f"  {text}")


def show_progress(label: str, done: int, total: int) -> None:
    if active is not None:
        active.progress(label, done, total)
