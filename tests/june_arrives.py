"""A county's warehouse run through May by the CLI, then June arriving: the ground the hostile
and careless input tests (issue 24) stand on. The base is built once per session; each test
works on its own copy, lands June with one bad thing in it and runs the CLI as a county would.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from conftest import TEST_KEY
from user_door import CLI, cli, user_environment

FIRST, MAY, JUNE = "2025-04", "2026-05", "2026-06"
HOUSEHOLDS = 300
SEED = 24


@dataclass(frozen=True)
class County:
    """One county's folders: the landing, the warehouse, June's extracts not yet landed, and
    Dagster's home for the CLI's runs."""

    root: Path
    landing: Path
    warehouse: Path
    june: Path
    home: Path

    @property
    def locations(self) -> tuple[str, ...]:
        return ("--landing", str(self.landing), "--warehouse", str(self.warehouse))

    def june_file(self, source: str, name: str) -> Path:
        """June's copy of a file, to edit before `land_june` (not yet in the landing)."""
        return self.june / source / JUNE / name

    def land_june(self) -> None:
        for folder in self.june.glob(f"*/{JUNE}"):
            shutil.copytree(folder, self.landing / folder.parent.name / JUNE, dirs_exist_ok=True)

    def run(self, *args: str, key: str | None = TEST_KEY) -> subprocess.CompletedProcess:
        """`poverty-monitor run` as the county types it (key None: none exported); the
        result, whatever its exit status."""
        return subprocess.run(
            [CLI, "run", *self.locations, *args],
            env=user_environment(self.home, key=key),
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )

    def cli(self, *args: str) -> str:
        """Any other command, which must succeed."""
        return cli(*args, home=self.home)


def build_through_may(root: Path) -> County:
    """Generate FIRST..JUNE, hold June back, run the rest through the CLI."""
    county = County(root, root / "landing", root / "warehouse", root / "june", root / "home")
    cli("generate", "--households", str(HOUSEHOLDS), "--months", f"{FIRST}:{JUNE}",
        "--out", str(county.landing), "--seed", str(SEED), home=county.home)  # fmt: skip
    for folder in county.landing.glob(f"*/{JUNE}"):
        shutil.move(folder, county.june / folder.parent.name / JUNE)
    cli("run", *county.locations, home=county.home)
    return county


def copy_of(base: County, root: Path) -> County:
    """The base county copied (landing, warehouse, June held back) for one test to spoil."""
    for part in ("landing", "warehouse", "june"):
        shutil.copytree(base.root / part, root / part, symlinks=True)
    return County(root, root / "landing", root / "warehouse", root / "june", root / "home")
