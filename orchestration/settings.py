"""One place that reads the environment (interfaces.md "Settings")."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
SHIPPED_REFERENCE_DIR = DBT_PROJECT_DIR / "seeds"
DEVELOPMENT_KEY = "povmon-development-key-not-for-production"
# Room for a province of a million households on a modest server; raise it on a bigger one.
DEFAULT_MEMORY_LIMIT = "3GB"
# Where dbt builds: the embedded DuckDB file, or Apache Spark (README "Running on Spark").
TARGETS = ("duckdb", "spark")
DEFAULT_SPARK_MEMORY = "2g"
# Each month's last run (POVMON_STATUS_FILE), in the warehouse folder unless set.
DEFAULT_STATUS_FILE = "status.json"
# Departments deliver month m by this day of month m+1 (Asia/Shanghai); the schedule runs then.
DEFAULT_DELIVERY_DEADLINE_DAY = 10
DEFAULT_SENSOR_INTERVAL = 300  # seconds between the landing sensor's looks
# How long a Dagster run waits for the run in progress on its warehouse (a backfill's months
# queue behind each other); the CLI never waits.
DEFAULT_LOCK_WAIT_SECONDS = 4 * 3600


@dataclass(frozen=True)
class Settings:
    landing_dir: Path
    warehouse_dir: Path
    reference_dir: Path | None  # None: the shipped dbt seeds
    pseudonym_key: str
    # DuckDB's bounds, for dbt and for every connection the pipeline opens.
    threads: int = field(default_factory=lambda: os.cpu_count() or 1)
    memory_limit: str = DEFAULT_MEMORY_LIMIT
    target: str = "duckdb"
    spark_memory: str = DEFAULT_SPARK_MEMORY  # the local Spark driver's heap
    lock_wait_seconds: int = DEFAULT_LOCK_WAIT_SECONDS
    alert_webhook: str | None = None  # where a failed run is posted (None: nowhere)
    status_file: Path | None = None  # None: <warehouse>/status.json

    @property
    def duckdb_config(self) -> dict[str, str]:
        """What does not fit spills to <database>.tmp beside each file (DuckDB's default)."""
        return {"threads": str(self.threads), "memory_limit": self.memory_limit}

    @property
    def build_db(self) -> Path:
        return self.warehouse_dir / "build.duckdb"

    @property
    def run_status_file(self) -> Path:
        """Each month's last run and its result (orchestration/lib/run_status.py)."""
        return self.status_file or self.warehouse_dir / DEFAULT_STATUS_FILE

    @property
    def spark_dir(self) -> Path:
        """The Spark target's landing Parquet, tables and metastore (local mode)."""
        return self.warehouse_dir / "spark"

    @property
    def spark_views_db(self) -> Path:
        """DuckDB views over the Spark target's tables (orchestration/lib/spark_tables.py)."""
        return self.spark_dir / "views.duckdb"

    @property
    def built_tables_db(self) -> Path:
        """Where DuckDB reads what dbt built: the build file, or the views over Spark's."""
        return self.spark_views_db if self.target == "spark" else self.build_db

    @property
    def analytics_db(self) -> Path:
        return self.warehouse_dir / "analytics.duckdb"

    @property
    def restricted_db(self) -> Path:
        return self.warehouse_dir / "restricted.duckdb"


def _absolute(path: str) -> Path:
    # dbt resolves relative paths against its own working directory (STACK-NOTES 3).
    return Path(path).expanduser().resolve()


class SettingsError(ValueError):
    """A setting is missing or wrong: reported as one line."""


def load_settings() -> Settings:
    key = os.environ.get("POVMON_PSEUDONYM_KEY", "")
    environment = os.environ.get("POVMON_ENV", "development")
    if not key and environment != "development":
        raise SettingsError(
            f"POVMON_PSEUDONYM_KEY must be set when POVMON_ENV={environment} "
            "(the development key is only for development)"
        )
    if not key:
        _warn_once(
            "POVMON_PSEUDONYM_KEY is not set: using the development key "
            "(pseudonyms are not secret; set it for real data)"
        )
        key = DEVELOPMENT_KEY
    reference = os.environ.get("POVMON_REFERENCE_DIR")
    status_file = os.environ.get("POVMON_STATUS_FILE")
    return Settings(
        landing_dir=_absolute(os.environ.get("POVMON_LANDING_DIR", "raw_landing")),
        warehouse_dir=_absolute(os.environ.get("POVMON_WAREHOUSE_DIR", "warehouse")),
        reference_dir=_absolute(reference) if reference else None,
        pseudonym_key=key,
        threads=_threads(os.environ.get("POVMON_THREADS", "")),
        memory_limit=_memory_limit(os.environ.get("POVMON_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT)),
        target=_target(os.environ.get("POVMON_TARGET", "duckdb")),
        spark_memory=_spark_memory(os.environ.get("POVMON_SPARK_MEMORY", DEFAULT_SPARK_MEMORY)),
        lock_wait_seconds=_lock_wait(os.environ.get("POVMON_LOCK_WAIT", "")),
        alert_webhook=_webhook(os.environ.get("POVMON_ALERT_WEBHOOK", "")),
        status_file=_absolute(status_file) if status_file else None,
    )


@dataclass(frozen=True)
class AutomationSettings:
    """The schedule's and sensor's timing: read when the code location loads, so apart from
    Settings (which needs the pseudonym key in production)."""

    delivery_deadline_day: int = DEFAULT_DELIVERY_DEADLINE_DAY
    sensor_interval: int = DEFAULT_SENSOR_INTERVAL


def load_automation_settings() -> AutomationSettings:
    return AutomationSettings(
        delivery_deadline_day=_whole_number(
            "POVMON_DELIVERY_DEADLINE_DAY", DEFAULT_DELIVERY_DEADLINE_DAY, 1, 28
        ),
        sensor_interval=_whole_number("POVMON_SENSOR_INTERVAL", DEFAULT_SENSOR_INTERVAL, 30, None),
    )


def _whole_number(name: str, default: int, least: int, most: int | None) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    # Day 28 at most: every month has it, so the schedule never skips February.
    if not text.isdigit() or int(text) < least or (most is not None and int(text) > most):
        bounds = f"from {least} to {most}" if most is not None else f"of at least {least}"
        raise SettingsError(f"{name} must be a whole number {bounds}, got {text!r}")
    return int(text)


def _lock_wait(text: str) -> int:
    if not text:
        return DEFAULT_LOCK_WAIT_SECONDS
    if not text.strip().isdigit():
        raise SettingsError(f"POVMON_LOCK_WAIT must be a whole number of seconds, got {text!r}")
    return int(text)


def _webhook(text: str) -> str | None:
    if text and not re.match(r"https?://", text.strip()):
        # The URL may carry the robot's key: name the setting, not its value.
        raise SettingsError("POVMON_ALERT_WEBHOOK must be an http:// or https:// URL")
    return text.strip() or None


def _target(text: str) -> str:
    if text not in TARGETS:
        raise SettingsError(f"POVMON_TARGET must be one of {', '.join(TARGETS)}, got {text!r}")
    return text


def _spark_memory(text: str) -> str:
    if not re.fullmatch(r"\d+[mg]", text.strip(), re.I):
        raise SettingsError(f"POVMON_SPARK_MEMORY must look like 2g or 1500m, got {text!r}")
    return text.strip().lower()


def _threads(text: str) -> int:
    if not text:
        return os.cpu_count() or 1
    if not text.isdigit() or int(text) < 1:
        raise SettingsError(f"POVMON_THREADS must be a whole number of at least 1, got {text!r}")
    return int(text)


def _memory_limit(text: str) -> str:
    if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", text.strip(), re.I):
        raise SettingsError(f"POVMON_MEMORY_LIMIT must look like 3GB or 2500MB, got {text!r}")
    return text.strip()


_warned: set[str] = set()


def _warn_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        print(f"poverty-monitor: warning: {message}", file=sys.stderr)
