"""The monthly partitions every asset shares (one partition = one statistical month)."""

import dagster as dg

FIRST_MONTH = "2020-01-01"

monthly_partitions = dg.MonthlyPartitionsDefinition(start_date=FIRST_MONTH, end_offset=1)
# One run can cover a range of months: dbt builds once for the range, not once per month.
single_run = dg.BackfillPolicy.single_run()


def partition_month(partition_key: str) -> str:
    """'2026-06-01' (Dagster's key) -> '2026-06' (the landing folder name)."""
    return partition_key[:7]


def partition_key_of(month: str) -> str:
    return f"{month}-01"


def months_of_run(tags: dict[str, str]) -> list[str]:
    """The months a run covers, from Dagster's partition tags (single key or range)."""
    if "dagster/partition" in tags:
        return [partition_month(tags["dagster/partition"])]
    start = tags.get("dagster/asset_partition_range_start")
    end = tags.get("dagster/asset_partition_range_end")
    if start and end:
        from orchestration.lib.months import month_range

        return month_range(partition_month(start), partition_month(end))
    return []
