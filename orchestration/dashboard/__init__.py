"""`poverty-monitor dashboard`: a Streamlit app over the published, read-only analytics.duckdb.

Pages: early warnings by month, county and rule (with trends), poverty measures (FGT and
SDG 3.8.2 from marts.mart_poverty_measures), a pseudonymous household drill-down across months,
and data-quality status per source and month. The app only reads; see queries.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from orchestration.dashboard.queries import analytics_db, warehouse_dir

APP = Path(__file__).with_name("app.py")
ADDRESS = "127.0.0.1"


def streamlit_command(port: int, address: str = ADDRESS) -> list[str]:
    """The `streamlit run` command line: local only, no browser, no telemetry, no file watcher."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
        "--global.developmentMode",
        "false",
        "--client.toolbarMode",
        "viewer",
    ]


def serve(port: int) -> int:
    """Run the dashboard in the foreground until interrupted; returns Streamlit's exit status."""
    if not 0 < port < 65536:
        raise ValueError(f"--port {port} is not a TCP port (1..65535)")
    database = analytics_db()
    if not database.exists():
        raise FileNotFoundError(f"{database} does not exist yet: run `poverty-monitor run` first")
    environment = dict(os.environ, POVMON_WAREHOUSE_DIR=str(warehouse_dir()))
    print(f"dashboard on http://{ADDRESS}:{port} over {database} (read-only); Ctrl-C stops it")
    sys.stdout.flush()
    process = subprocess.Popen(streamlit_command(port), env=environment)
    try:
        return process.wait()
    except KeyboardInterrupt:
        # Ctrl-C reached Streamlit too (same process group): let it shut down, then go.
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        raise
