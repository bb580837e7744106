"""Refresh the local copies of Data Docs' web assets from the npm registry (a developer's tool,
never run by the pipeline): `python -m orchestration.lib.quality.vendor_assets`.

Each file listed in data_docs_assets/assets.json is taken from its package's tarball, and the
package's licence file is kept beside it in data_docs_assets/licenses/.
"""

from __future__ import annotations

import io
import json
import tarfile
import urllib.request
from pathlib import Path

ASSETS_DIR = Path(__file__).with_name("data_docs_assets")
REGISTRY = "https://registry.npmjs.org"


def tarball_url(spec: str) -> str:
    name, _, version = spec.rpartition("@")
    return f"{REGISTRY}/{name}/-/{name.rsplit('/', 1)[-1]}-{version}.tgz"


def main() -> None:
    listing = json.loads((ASSETS_DIR / "assets.json").read_text(encoding="utf-8"))
    tarballs: dict[str, tarfile.TarFile] = {}
    for asset in listing["assets"]:
        spec = asset["npm"]
        if spec not in tarballs:
            with urllib.request.urlopen(tarball_url(spec), timeout=60) as response:  # noqa: S310
                data = io.BytesIO(response.read())
            tarballs[spec] = tarfile.open(fileobj=data, mode="r:gz")  # noqa: SIM115 - kept open
            _keep_licence(spec, tarballs[spec])
        member = tarballs[spec].extractfile(f"package/{asset['file']}")
        target = ASSETS_DIR / asset["local"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(member.read())
        print(f"{spec} {asset['file']} -> {asset['local']}")


def _keep_licence(spec: str, tarball: tarfile.TarFile) -> None:
    for member in tarball.getmembers():
        if member.name.lower().startswith("package/licen"):
            safe = spec.replace("/", "_").lstrip("@")
            target = ASSETS_DIR / "licenses" / f"{safe}.txt"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(tarball.extractfile(member).read())
            return


if __name__ == "__main__":
    main()
