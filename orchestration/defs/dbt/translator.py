from collections.abc import Mapping
from typing import Any

from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings


class WarehouseTranslator(DagsterDbtTranslator):
    """Group each model by its folder (staging, intermediate, marts, monitoring, ...)."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "dbt"


# dbt data tests are summarised on their model's materialization (lib/dbt_results.py), not
# recorded as one Dagster asset check each.
translator = WarehouseTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=False))
