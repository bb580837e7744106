"""The data stewards' report works on an intranet: Data Docs opened with the network off list
every validation and are styled, and no page loads anything from the internet."""

from __future__ import annotations

import re
import time

from dashboard_e2e import headless_chromium

NO_NETWORK = ("--host-resolver-rules=MAP * ~NOTFOUND",)
# Anything a page fetches by itself: scripts, images, stylesheets, CSS url(), @import.
REMOTE_FETCH = re.compile(
    r"<(?:script|img|link|iframe|source)\b[^>]*?\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//"
    r"|url\(\s*[\"']?\s*(?:https?:)?//|@import\s+[\"']?(?:url\()?[\"']?\s*(?:https?:)?//",
    re.IGNORECASE,
)


def wait_for(devtools, expression: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = devtools.evaluate(expression)
        if value:
            return value
        time.sleep(0.25)
    raise TimeoutError(devtools.evaluate("document.body.innerText")[:2000])


def test_no_page_fetches_from_the_internet(sample_run):
    docs = sample_run.warehouse_dir / "data_docs"
    pages = [*docs.rglob("*.html"), *docs.rglob("*.css")]
    assert len(pages) > 10
    remote = {
        str(page.relative_to(docs)): REMOTE_FETCH.findall(page.read_text(encoding="utf-8"))
        for page in pages
    }
    assert {page: found for page, found in remote.items() if found} == {}


def test_the_index_lists_every_validation_with_the_network_off(sample_run):
    docs = sample_run.warehouse_dir / "data_docs"
    validations = list((docs / "validations").rglob("*.html"))
    assert validations
    with headless_chromium(extra_flags=NO_NETWORK) as devtools:
        devtools.call("Page.enable")
        devtools.call("Page.navigate", url=(docs / "index.html").as_uri())
        shown = wait_for(
            devtools,
            "[...document.querySelectorAll('.pagination-info')].map(e => e.innerText).join('|')",
        )
        assert f"of {len(validations)} rows" in shown
        rows = devtools.evaluate(
            "document.querySelectorAll('.ge-index-page-validation-results-table tbody tr').length"
        )
        assert rows >= min(10, len(validations))
        # Bootstrap's stylesheet is in force (its navbar is a flex box), jQuery and
        # bootstrap-table loaded from the local copies.
        assert devtools.evaluate(
            "getComputedStyle(document.querySelector('nav.navbar')).display === 'flex' "
            "&& typeof jQuery === 'function' && typeof jQuery.fn.bootstrapTable === 'function'"
        )
        # A validation page renders styled too.
        devtools.call("Page.navigate", url=validations[0].as_uri())
        assert wait_for(
            devtools,
            "document.readyState === 'complete' && "
            "getComputedStyle(document.querySelector('nav.navbar')).display === 'flex' "
            "&& document.querySelectorAll('table').length > 0",
        )
