"""Make Great Expectations' Data Docs work without internet (a bureau's intranet).

GE writes pages that load bootstrap, bootstrap-table, jQuery, popper, vega and font-awesome from
CDNs; offline the index shows no validation list. After each build, the shipped copies
(data_docs_assets/, with their licences) go to <docs>/static/vendor/ and every page is pointed
at them. Nothing is fetched at run time.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

ASSETS_DIR = Path(__file__).with_name("data_docs_assets")
VENDOR = Path("static") / "vendor"
# GE's logo comes from S3 with a tracking query string; the same picture ships in its static/.
_REMOTE_LOGO = re.compile(r"https://great-expectations-web-assets\.s3[^\"')]*?\.png[^\"')]*")
_SRI = re.compile(r'\s(?:integrity="[^"]*"|crossorigin="[^"]*")')
# An asset (not a link to click): script/img src, stylesheet href, CSS url().
REMOTE_ASSET = re.compile(
    r"<(?:script|img|link)\b[^>]*?(?:src|href)=[\"']?(https?://[^\"' >]+)|url\(['\"]?(https?://[^)'\"]+)"
)


def cdn_map() -> dict[str, str]:
    listing = json.loads((ASSETS_DIR / "assets.json").read_text(encoding="utf-8"))
    return {a["cdn"]: a["local"] for a in listing["assets"] if a["cdn"]}


def make_offline(docs_dir: Path, changed_since: float = 0.0) -> list[str]:
    """Point the pages written since `changed_since` (a time.time()) at local assets;
    returns the remote asset addresses still left in them."""
    vendor = docs_dir / VENDOR
    shutil.copytree(ASSETS_DIR, vendor, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.py"))
    replacements = cdn_map()
    left: set[str] = set()
    pages = [*docs_dir.rglob("*.html"), *docs_dir.glob("static/styles/*.css")]
    for page in (p for p in pages if p.stat().st_mtime >= changed_since):
        to_docs = Path(*[".."] * len(page.parent.relative_to(docs_dir).parts))
        text = page.read_text(encoding="utf-8")
        for cdn, local in replacements.items():
            text = text.replace(f'"{cdn}"', f'"{(to_docs / VENDOR / local).as_posix()}"')
        logo = (to_docs / "static" / "images" / "logo-long.png").as_posix()
        text = _REMOTE_LOGO.sub(logo, text)
        # Integrity and CORS attributes make file:// pages refuse local scripts.
        text = _SRI.sub("", text)
        page.write_text(text, encoding="utf-8")
        left.update(m.group(1) or m.group(2) for m in REMOTE_ASSET.finditer(text))
    return sorted(left)
