"""dbt's run results, summarised for people: which nodes failed, in one line."""

from __future__ import annotations

FAILED = {"error", "fail", "runtime error"}


def failure_summary(run_results: dict, shown: int = 3) -> str:
    """'dbt build failed: 2 of 451 nodes (test unique_x: Got 1 result...; model y: ...)'."""
    results = run_results.get("results", [])
    failed = [r for r in results if str(r.get("status", "")).lower() in FAILED]
    if not failed:
        return "dbt build failed (no failed node in run_results.json; see the run's log)"
    parts = []
    for result in failed[:shown]:
        kind, _, name = result["unique_id"].split(".")[:3]  # test.<project>.<name>[.<hash>]
        message = (result.get("message") or "").strip().splitlines()
        parts.append(f"{kind} {name}: {message[0] if message else 'failed'}")
    more = f"; {len(failed) - shown} more" if len(failed) > shown else ""
    return f"dbt build failed: {len(failed)} of {len(results)} nodes ({'; '.join(parts)}{more})"
