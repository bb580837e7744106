"""What the landing folder holds for a month, by content: each contract file's sha256.

A size+mtime -> sha256 cache (kept by the caller, e.g. in a sensor's cursor) spares re-reading
unchanged files; the hash, not the mtime, decides whether a file changed, so `touch` is no
delivery. Nothing here opens a DuckDB file (a reader would block a run's writer).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from orchestration.lib.contract import EXTRACT_FILES, LANDING_FILES, SOURCES

CHUNK = 1 << 20
# '<source>/<month>/<file>' -> [size, mtime_ns, sha256]
HashCache = dict[str, list]


class LandingScan:
    """One look at the landing folder; `cache` holds only the files this look saw."""

    def __init__(self, landing_dir: Path, previous: HashCache | None = None):
        self.landing_dir = landing_dir
        self._previous = previous or {}
        self.cache: HashCache = {}

    def files_of(self, month: str) -> dict[str, str]:
        """'<source>/<contract file name>' -> sha256 of each file landed for the month
        (returned work lists included; a work list returned as .xlsx is named as the ledger
        names it, by its contract name)."""
        found = {}
        for extract in LANDING_FILES:
            folder = self.landing_dir / extract.source / month
            # The loader reads the first accepted name that landed: hash that one too.
            landed = [folder / name for name in extract.accepted_names if (folder / name).is_file()]
            if landed:
                found[f"{extract.source}/{extract.name}"] = self._sha256(landed[0], month)
        return found

    def _sha256(self, path: Path, month: str) -> str:
        key = f"{path.parent.parent.name}/{month}/{path.name}"
        stat = path.stat()
        cached = self._previous.get(key)
        if cached and cached[:2] == [stat.st_size, stat.st_mtime_ns]:
            digest = cached[2]
        else:
            digest = file_sha256(path)
        self.cache[key] = [stat.st_size, stat.st_mtime_ns, digest]
        return digest


def file_sha256(path: Path) -> str:
    """The bytes' sha256, as the loader records it in raw.load_ledger."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def missing_sources(landed: dict[str, str], rejected: dict[str, str]) -> list[str]:
    """Departments lacking one of their contract files for the month: not landed, or landed
    as exactly the bytes the last run rejected. `rejected`: file -> sha256 of the rejection."""
    missing = []
    for source in SOURCES:
        needed = [f"{f.source}/{f.name}" for f in EXTRACT_FILES if f.source == source]
        if any(name not in landed or rejected.get(name) == landed[name] for name in needed):
            missing.append(source)
    return missing


def content_key(month: str, landed: dict[str, str]) -> str:
    """The month and its files' contents, as one string: the same delivery, the same key."""
    digest = hashlib.sha256()
    for name in sorted(landed):
        digest.update(f"{name}={landed[name]}\n".encode())
    return f"{month}:{digest.hexdigest()[:16]}"
