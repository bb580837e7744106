"""Why a run failed, in one line a person can act on: the step and the error its own code
raised, without Dagster's wrappers or exception class names."""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.lib.dbt_results import with_hint

WRAPPER_ERRORS = {"DagsterExecutionStepExecutionError", "DagsterResourceFunctionError"}


@dataclass(frozen=True)
class RunFailure:
    step: str  # the step that failed, or "run" when no step did (its resources could not start)
    cause: str


def first_failure(events) -> RunFailure | None:
    """The first step failure among a run's Dagster events, else the first other error (a
    resource that could not start, such as the run lock not coming free)."""
    events = list(events)
    for event in events:
        if event.is_step_failure:
            return RunFailure(event.step_key, user_message(event.step_failure_data.error))
    for event in events:
        error = getattr(event.event_specific_data, "error", None)
        if error is not None:
            return RunFailure(event.step_key or "run", user_message(error))
    return None


def user_message(error) -> str:
    """The first line of the error the step's own code raised (people read this line, not
    developers)."""
    if error is None:
        return "unknown error"
    while error.cls_name in WRAPPER_ERRORS and error.cause:
        error = error.cause
    first = (error.message.strip().splitlines() or [error.cls_name])[0]
    prefix, _, rest = first.partition(": ")
    return with_hint(rest if rest and prefix.split(".")[-1] == error.cls_name else first)
