"""The monthly partitions every asset shares (one partition = one statistical month)."""

import dagster as dg

FIRST_MONTH = "2020-01-01"

monthly_partitions = dg.MonthlyPartitionsDefinition(start_date=FIRST_MONTH, end_offset=1)
# One run can cover a range of months: dbt builds once for the range, not once per month.
single_run = dg.BackfillPolicy.single_run()
# A run tagged so rebuilds every month from the landed files (`run --full-refresh`).
FULL_REFRESH_TAG = "povmon/full_refresh"
# A run tagged so adopts the run's pseudonym key and re-keys every row (`run --rekey`).
REKEY_TAG = "povmon/rekey"
# Which door a run came in by: the CLI's runs say so (it reports and records its own result).
DOOR_TAG = "povmon/door"
CLI_DOOR = "poverty-monitor run"


def partition_month(partition_key: str) -> str:
    """'2026-06-01' (Dagster's key) -> '2026-06' (the landing folder name)."""
    return partition_key[:7]


def partition_key_of(month: str) -> str:
    return f"{month}-01"
