"""A compact Dagster logger for `poverty-monitor run`: step starts and ends, landing
outcomes, dbt progress, warnings and errors."""

from __future__ import annotations

import logging
import sys
import time

import dagster as dg

_SHOWN_EVENTS = {"STEP_START", "STEP_SUCCESS", "STEP_FAILURE"}
_PROGRESS_STEPS = {"raw_extracts", "warehouse_models"}
# Where progress goes; the `run` command points it at the terminal while dbt's own output
# (written to sys.stdout by dagster-dbt) is redirected to the run's log file.
progress_stream = None


class ProgressHandler(logging.Handler):
    def __init__(self):
        super().__init__()
        self.stream = progress_stream or sys.stdout
        self.started = time.monotonic()

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        event_type = event.event_type_value if event else None
        step = meta.get("step_key") or ""
        message = meta.get("orig_message") or record.getMessage()
        if event_type in _SHOWN_EVENTS or (
            event is None
            and (
                record.levelno >= logging.WARNING
                or (step in _PROGRESS_STEPS and record.levelno >= logging.INFO)
            )
        ):
            self._print(f"  {message}" if event is None else message)

    def _print(self, text: str) -> None:
        elapsed = time.monotonic() - self.started
        print(f"[{elapsed:6.1f}s] {text}", file=self.stream, flush=True)


@dg.logger(description="Compact progress lines for the command line")
def progress_logger(init_context) -> logging.Logger:
    logger = logging.getLogger("povmon.progress")
    logger.setLevel(logging.DEBUG)
    logger.handlers = [ProgressHandler()]
    logger.propagate = False
    return logger
