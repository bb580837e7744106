"""`poverty-monitor serve`: the production pair — dagster-daemon (schedule, sensors, run queue)
and dagster-webserver (the UI) — over the checkout's code location (deploy/workspace.yaml), as
the systemd units and `make serve` start it (README: Running it every month)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from orchestration.settings import PROJECT_ROOT

DEPLOY_DIR = PROJECT_ROOT / "deploy"
WORKSPACE = DEPLOY_DIR / "workspace.yaml"
INSTANCE_TEMPLATE = DEPLOY_DIR / "dagster.yaml"
# Without DAGSTER_HOME the daemon refuses to start: a checkout's own instance folder then.
DEFAULT_DAGSTER_HOME = PROJECT_ROOT / ".dagster_home"
STOP_SECONDS = 30
PROCESSES = ("daemon", "webserver")


def prepare_instance() -> Path:
    """DAGSTER_HOME, with the shipped instance settings when it has none of its own."""
    home = Path(os.environ.get("DAGSTER_HOME") or DEFAULT_DAGSTER_HOME).expanduser().resolve()
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copyfile(INSTANCE_TEMPLATE, home / "dagster.yaml")
        print(f"poverty-monitor serve: instance settings copied to {home / 'dagster.yaml'}")
    return home


def commands(which: str, host: str, port: int) -> dict[str, list[str]]:
    bin_dir = Path(sys.executable).parent
    every = {
        "daemon": [str(bin_dir / "dagster-daemon"), "run", "-w", str(WORKSPACE)],
        "webserver": [
            str(bin_dir / "dagster-webserver"),
            *("-w", str(WORKSPACE), "-h", host, "-p", str(port)),
        ],
    }
    return every if which == "both" else {which: every[which]}


def serve(which: str, host: str, port: int) -> int:
    """Start the processes and wait; SIGINT/SIGTERM stop them all (each in its own process
    group, so the code servers they spawn stop with them)."""
    home = prepare_instance()
    # Runs launched by the daemon inherit this: what they write is private unless published.
    os.umask(0o077)
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "PATH": os.pathsep.join([bin_dir, os.environ.get("PATH", "/usr/bin:/bin")]),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "GX_ANALYTICS_ENABLED": "False",
    }
    children = {
        name: subprocess.Popen(
            argv,
            env=env,
            cwd=PROJECT_ROOT,
            start_new_session=True,
            # Dagster exits on SIGINT; a child of a shell script would otherwise ignore it.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        for name, argv in commands(which, host, port).items()
    }
    stopping: list[int] = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda received, _frame: stopping.append(received))
    print(f"poverty-monitor serve: {', '.join(children)} started (DAGSTER_HOME={home})", flush=True)
    while not stopping and all(child.poll() is None for child in children.values()):
        time.sleep(0.5)
    ended = [name for name, child in children.items() if child.poll() is not None]
    _stop(children.values())
    if ended and not stopping:
        print(f"poverty-monitor serve: {', '.join(ended)} exited; stopped the rest", flush=True)
        return 1
    return 0


def _stop(children) -> None:
    for child in children:
        _signal_group(child, signal.SIGINT)
    deadline = time.monotonic() + STOP_SECONDS
    for child in children:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        _signal_group(child, signal.SIGKILL)  # whatever is left of the group (code servers)


def _signal_group(child: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signum)
