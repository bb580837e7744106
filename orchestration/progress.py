"""What `poverty-monitor run` prints: step starts and ends, one line per source and month range,
a dbt progress indicator, warnings and errors. Everything else (dagster-dbt's own lines, dbt's
output, per-file details) goes to the run's log file only."""

from __future__ import annotations

import logging
import sys
import time

import dagster as dg

_SHOWN_EVENTS = {"STEP_START", "STEP_SUCCESS", "STEP_FAILURE"}
# Dagster's notes on the steps it skips after a failure: the failure line already says it.
_SKIPPED_STEPS = "Dependencies for step"


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
terminal: Terminal | None = None
log_file = None


def show(context, text: str) -> None:
    """A progress line: to the run's log (and the UI), and to the terminal during `run`."""
    context.log.info(text)
    if terminal is not None:
        terminal.line(f"  {text}")


def show_progress(label: str, done: int, total: int) -> None:
    if terminal is not None:
        terminal.progress(label, done, total)


class ProgressHandler(logging.Handler):
    """Step boundaries, warnings and errors; info lines reach the terminal through `show`."""

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        message = meta.get("orig_message") or record.getMessage()
        if log_file is not None:
            step = meta.get("step_key") or "-"
            print(f"{record.levelname:<7} {step}: {message}", file=log_file, flush=True)
        if terminal is None:
            return
        if event is not None and event.event_type_value in _SHOWN_EVENTS:
            terminal.line(message)
        elif (
            event is None
            and record.levelno >= logging.WARNING
            and not message.startswith(_SKIPPED_STEPS)
        ):
            terminal.line(f"  {message}")


@dg.logger(description="Compact progress lines for the command line")
def progress_logger(init_context) -> logging.Logger:
    logger = logging.getLogger("povmon.progress")
    logger.setLevel(logging.DEBUG)
    logger.handlers = [ProgressHandler()]
    logger.propagate = False
    return logger
