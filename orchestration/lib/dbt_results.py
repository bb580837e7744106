"""dbt's run results, summarised for people: which nodes failed, in one line."""

from __future__ import annotations

import re

FAILED = {"error", "fail", "runtime error"}
# dbt wraps the database's error in a line naming the node ("Runtime Error in model x (...)"):
# the cause is the first line that is not such a wrapper.
_WRAPPER = re.compile(r"^((Runtime|Database|Compilation) Error( in |$)|Encountered an error:$)")
# A value quoted by the database (a cast that failed) may be an ID number or a name.
_QUOTED = re.compile(r"'[^']*'")
_HINTS = {
    "Out of Memory Error": "raise POVMON_MEMORY_LIMIT (or lower POVMON_THREADS)",
    "Could not set lock on file": "another process has the build database open",
}


def failure_summary(run_results: dict, shown: int = 3) -> str:
    """'dbt build failed: 2 of 451 nodes (test unique_x: Got 1 result...; model y: ...)'."""
    results = run_results.get("results", [])
    failed = [r for r in results if str(r.get("status", "")).lower() in FAILED]
    if not failed:
        return "dbt build failed (no failed node in run_results.json; see the run's log)"
    parts = []
    for result in failed[:shown]:
        kind, _, name = result["unique_id"].split(".")[:3]  # test.<project>.<name>[.<hash>]
        parts.append(f"{kind} {name}: {cause_of(result.get('message') or '')}")
    more = f"; {len(failed) - shown} more" if len(failed) > shown else ""
    return f"dbt build failed: {len(failed)} of {len(results)} nodes ({'; '.join(parts)}{more})"


def stopped_summary(error_messages: list[str]) -> str:
    """dbt stopped before writing its results (it could not open the database, say): the
    cause is in the error it stopped on ("Encountered an error: ..."), not in the traceback
    logged after it."""
    if not error_messages:
        return "dbt build stopped before it finished (the run's log says why)"
    fatal = [message for message in error_messages if message.startswith("Encountered an error")]
    return f"dbt build stopped before it finished: {cause_of((fatal or error_messages)[0])}"


def cause_of(message: str) -> str:
    """The line of a dbt error message that says what went wrong, quoted values left out,
    with what to do where that is known."""
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    causes = [line for line in lines if not _WRAPPER.match(line)] or lines or ["failed"]
    return with_hint(without_values(causes[0]))


def without_values(text: str) -> str:
    """A message with the values it quotes left out (they may be an ID number or a name)."""
    return _QUOTED.sub("'…'", text)


def with_hint(cause: str) -> str:
    """The cause, and what to do about it where that is known."""
    hint = next((hint for marker, hint in _HINTS.items() if marker in cause), "")
    return f"{cause} ({hint})" if hint else cause


class DataTestResults:
    """dbt's data tests of a run, folded into the tested model's materialization (one Dagster
    event per model rather than one asset check per test: ~420 checks cost more to record
    than the tests take to run). A failing error-severity test still fails the run."""

    def __init__(self, manifest: dict):
        nodes = manifest.get("nodes", {})
        self._tested = {
            unique_id: node.get("attached_node") or (node["depends_on"]["nodes"] or [""])[0]
            for unique_id, node in nodes.items()
            if node.get("resource_type") == "test"
        }
        self._statuses: dict[str, dict[str, list[str]]] = {}

    def record(self, raw_event: dict) -> bool:
        """Keep a test's result; False for anything that is not a data test."""
        info = raw_event["data"].get("node_info", {})
        unique_id = info.get("unique_id", "")
        if unique_id not in self._tested:
            return False
        by_status = self._statuses.setdefault(self._tested[unique_id], {})
        by_status.setdefault(str(info.get("node_status", "")), []).append(_test_name(unique_id))
        return True

    def metadata_for(self, model_id: str) -> dict[str, str]:
        by_status = self._statuses.get(model_id)
        if not by_status:
            return {}
        counts = ", ".join(f"{len(names)} {status}" for status, names in sorted(by_status.items()))
        not_passed = sorted(
            name for status, names in by_status.items() if status != "pass" for name in names
        )
        return {"dbt_tests": counts, "dbt_tests_not_passed": "\n".join(not_passed) or "none"}

    def warned(self) -> list[str]:
        """One line per data test that warned (its model built; a steward should look)."""
        return [
            f"dbt test {name} warned (model {model_id.split('.')[-1]})"
            for model_id, by_status in sorted(self._statuses.items())
            for name in by_status.get("warn", [])
        ]


def _test_name(unique_id: str) -> str:
    return unique_id.split(".")[2]  # test.<project>.<name>[.<hash>]
