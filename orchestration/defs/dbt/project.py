from dagster_dbt import DbtProject

from orchestration.lib.dbt_manifest import ensure_manifest
from orchestration.settings import DBT_PROJECT_DIR, load_settings

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
# Parse here rather than through prepare_if_dev(), which runs only under `dagster dev` and needs
# dbt on PATH and profiles.yml's variables in the caller's shell: the dbt beside this interpreter
# and the settings module supply both, however the code location is started (STACK-NOTES 1, 2).
ensure_manifest(load_settings())
