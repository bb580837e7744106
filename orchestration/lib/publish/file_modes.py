"""Who may read what under the warehouse folder.

Almost everything there holds personal data: the build database (ID numbers, names, notes) and
DuckDB's .wal/.tmp beside it, restricted.duckdb and its temporaries and spare, the work lists,
Great Expectations' stores, dbt's target folder and the run logs. A run therefore creates every
file private (umask 077: files 0600, folders 0700), so no file is ever readable by others,
not even for a moment or after a kill. What analysts are meant to read is opened to them on
purpose: analytics.duckdb (and its spare and staging copy, the same data) 0644, the Data Docs
0755/0644 (they hold counts, never values). The warehouse folder itself is 0711: others can
reach the files they know the names of, but cannot list it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from orchestration.lib.run_state import STATE_FILE
from orchestration.settings import DEFAULT_STATUS_FILE

PRIVATE_UMASK = 0o077
WAREHOUSE_MODE = 0o711
READABLE_FILE, READABLE_FOLDER = 0o644, 0o755
DATA_DOCS = "data_docs"
# The time of the last complete publish (publisher.py): a number, read by `warnings`.
PUBLISH_STAMP = ".publish_stamp"
# Names in the warehouse folder that others may read (analytics.duckdb, its spare, its staging
# copy: the same published data; the publish stamp, what the last run built and each month's
# last run: months, file names, hashes, causes, no personal data).
READABLE_PREFIXES = (
    "analytics.duckdb",
    ".analytics.duckdb.",
    PUBLISH_STAMP,
    STATE_FILE,
    DEFAULT_STATUS_FILE,
)


def is_readable_by_design(relative: Path) -> bool:
    """Whether a path under the warehouse folder is meant for analysts."""
    parts = relative.parts
    if not parts:
        return True
    if parts[0] == DATA_DOCS:
        return True
    return len(parts) == 1 and parts[0].startswith(READABLE_PREFIXES)


def make_private(warehouse_dir: Path) -> None:
    """Create files private from here on in this process, and close a warehouse folder made
    before this rule (an older release left build.duckdb, logs and stores readable)."""
    os.umask(PRIVATE_UMASK)
    warehouse_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(warehouse_dir, WAREHOUSE_MODE)
    for folder, dirs, files in os.walk(warehouse_dir):
        base = Path(folder)
        if base != warehouse_dir and is_readable_by_design(base.relative_to(warehouse_dir)):
            dirs.clear()  # the Data Docs
            continue
        for name in [*dirs, *files]:
            path = base / name
            if is_readable_by_design(path.relative_to(warehouse_dir)):
                continue
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode) or not info.st_mode & 0o077:
                continue  # never follow a link out of the warehouse
            os.chmod(path, stat.S_IMODE(info.st_mode) & 0o700)


def open_to_readers(folder: Path) -> None:
    """Folders 0755 and files 0644 under `folder` (written private, meant for analysts)."""
    os.chmod(folder, READABLE_FOLDER)
    for base, dirs, files in os.walk(folder):
        for names, mode in ((dirs, READABLE_FOLDER), (files, READABLE_FILE)):
            for name in names:
                path = Path(base) / name
                if not path.is_symlink():
                    os.chmod(path, mode)
