"""dbt on the warehouse with the pipeline's own settings, for `make docs` and a developer's
shell: `python -m orchestration.cli.dbt <dbt arguments>` (POVMON_WAREHOUSE_DIR picks the
warehouse). profiles.yml reads everything it needs from the environment set here."""

from __future__ import annotations

import os
import subprocess
import sys

from orchestration.lib.dbt_args import dbt_environment, dbt_executable
from orchestration.settings import DBT_PROJECT_DIR, load_settings


def main(argv: list[str] | None = None) -> int:
    settings = load_settings()
    command = [dbt_executable(), *(argv if argv is not None else sys.argv[1:])]
    command += ["--profiles-dir", str(DBT_PROJECT_DIR)]
    environment = {**os.environ, **dbt_environment(settings)}
    return subprocess.run(command, cwd=DBT_PROJECT_DIR, env=environment, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
