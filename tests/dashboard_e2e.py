"""End-to-end helpers: serve the dashboard with the real CLI, drive Debian's headless Chromium
over the DevTools protocol (websockets, already a Streamlit dependency) and take a screenshot.

Streamlit renders in the browser after a websocket round trip, so `chromium --screenshot` alone
catches the loading skeleton; here we wait until the page shows its data, then capture it.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from websockets.sync.client import connect

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 2.0) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
        return response.read().decode()


def _stop(process: subprocess.Popen) -> None:
    """Stop a process started in its own session (and its children) by its process group."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@contextlib.contextmanager
def dashboard_server(warehouse: Path, log: Path, timeout: float = 60.0):
    """`poverty-monitor dashboard --warehouse W --port P` until it answers; yields its URL."""
    port = free_port()
    cli = Path(sys.executable).with_name("poverty-monitor")
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [str(cli), "dashboard", "--warehouse", str(warehouse), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"dashboard exited early:\n{log.read_text()}")
            with contextlib.suppress(OSError):
                if _get(f"http://127.0.0.1:{port}/_stcore/health").strip() == "ok":
                    break
            if time.monotonic() > deadline:
                raise TimeoutError(f"dashboard did not answer in {timeout} s:\n{log.read_text()}")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(process)


class DevTools:
    """The few DevTools protocol calls a screenshot needs."""

    def __init__(self, websocket_url: str):
        self._ws = connect(websocket_url, max_size=None, open_timeout=10)
        self._ids = itertools.count(1)

    def call(self, method: str, timeout: float = 30.0, **params):
        message_id = next(self._ids)
        self._ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            reply = json.loads(self._ws.recv(timeout=max(deadline - time.monotonic(), 0.1)))
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def close(self) -> None:
        self._ws.close()


@contextlib.contextmanager
def headless_chromium(timeout: float = 30.0, extra_flags: tuple[str, ...] = ()):
    """A headless Chromium with a fresh profile; yields a DevTools session on its first page."""
    chromium = chromium_path()
    if chromium is None:
        raise FileNotFoundError("chromium is not installed (apt-get install chromium)")
    profile = tempfile.mkdtemp(prefix="povmon-chromium-")
    process = subprocess.Popen(
        [chromium, *CHROMIUM_FLAGS, *extra_flags, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        port_file = Path(profile) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not (port_file.exists() and port_file.read_text().strip()):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("chromium did not start its DevTools endpoint")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        while True:
            with contextlib.suppress(OSError, ValueError):
                pages = [
                    t
                    for t in json.loads(_get(f"http://127.0.0.1:{port}/json/list"))
                    if t.get("type") == "page"
                ]
                if pages:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("chromium has no page target")
            time.sleep(0.1)
        devtools = DevTools(pages[0]["webSocketDebuggerUrl"])
        try:
            yield devtools
        finally:
            devtools.close()
    finally:
        _stop(process)
        shutil.rmtree(profile, ignore_errors=True)


# Ready when the title, four metrics, the tables and the charts are drawn and Streamlit is
# no longer running the script (no skeleton, no "running" status).
WARNINGS_PAGE_READY = """
(() => {
  const q = (s) => document.querySelectorAll(s).length;
  return q('[data-testid="stMetricValue"]') >= 4
    && q('[data-testid="stDataFrame"]') >= 2
    && q('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg') >= 2
    && q('[data-testid="stSkeleton"]') === 0
    && !/Running/.test(document.querySelector('[data-testid="stStatusWidget"]')?.innerText || '')
    && /Early warnings/.test(document.body.innerText);
})()
"""


def screenshot_page(
    devtools: DevTools,
    url: str,
    out: Path,
    ready: str = WARNINGS_PAGE_READY,
    size: tuple[int, int] = (1400, 1800),
    timeout: float = 60.0,
) -> str:
    """Open url, wait until `ready` is true, write a PNG to out; returns the page's text."""
    width, height = size
    devtools.call(
        "Emulation.setDeviceMetricsOverride",
        width=width,
        height=height,
        deviceScaleFactor=1,
        mobile=False,
    )
    devtools.call("Page.enable")
    devtools.call("Page.navigate", url=url)
    deadline = time.monotonic() + timeout
    while not devtools.evaluate(ready):
        if time.monotonic() > deadline:
            text = devtools.evaluate("document.body.innerText") or ""
            raise TimeoutError(f"{url} did not render in {timeout} s; page text:\n{text[:2000]}")
        time.sleep(0.25)
    time.sleep(1.0)  # let the charts finish their first paint
    shot = devtools.call("Page.captureScreenshot", format="png")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(base64.b64decode(shot["data"]))
    return re.sub(r"[ \t]+", " ", devtools.evaluate("document.body.innerText") or "")
