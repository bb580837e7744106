"""Stand-in for dbt's `target` when sqlfluff renders models with its jinja templater."""

type = "duckdb"  # noqa: A001 - mirrors dbt's target.type
