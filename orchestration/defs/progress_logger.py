"""The Dagster logger behind `poverty-monitor run`: every log line to the run's log file; step
boundaries, warnings and errors to the terminal (progress lines come through terminal.show)."""

from __future__ import annotations

import logging

import dagster as dg

from orchestration.lib import terminal

_SHOWN_EVENTS = {"STEP_START", "STEP_SUCCESS", "STEP_FAILURE"}
# Dagster's notes on the steps it skips after a failure: the failure line already says it.
_SKIPPED_STEPS = "Dependencies for step"


class ProgressHandler(logging.Handler):
    """Step boundaries, warnings and errors; info lines reach the terminal through `show`."""

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        message = meta.get("orig_message") or record.getMessage()
        if terminal.log_file is not None:
            step = meta.get("step_key") or "-"
            print(f"{record.levelname:<7} {step}: {message}", file=terminal.log_file, flush=True)
        if terminal.active is None:
            return
        if event is not None and event.event_type_value in _SHOWN_EVENTS:
            terminal.active.line(message)
        elif (
            event is None
            and record.levelno >= logging.WARNING
            and not message.startswith(_SKIPPED_STEPS)
        ):
            terminal.active.line(f"  {message}")


@dg.logger(description="Compact progress lines for the command line")
def progress_logger(init_context) -> logging.Logger:
    logger = logging.getLogger("povmon.progress")
    logger.setLevel(logging.DEBUG)
    logger.handlers = [ProgressHandler()]
    logger.propagate = False
    return logger
