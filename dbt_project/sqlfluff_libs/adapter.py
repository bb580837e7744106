"""Stand-in for dbt's `adapter` when sqlfluff renders models with its jinja templater: dispatch
picks the DuckDB rendering (the default__ macro), quote quotes as DuckDB does."""

from jinja2 import pass_context


@pass_context
def dispatch(context, macro_name, macro_namespace=None):
    return context[f"default__{macro_name}"]


def quote(identifier):
    return f'"{identifier}"'
