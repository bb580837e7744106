"""The command line: user mistakes give one line on stderr, exit status 2, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.cli import main

CLI = str(Path(sys.executable).parent / "poverty-monitor")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["warnings", "--month", "2026-13"], "not a month: '2026-13'"),
        (["run", "--month", "June"], "not a month: 'June'"),
        (
            ["generate", "--households", "10", "--months", "2025-01:2026-06", "--out", "x"],
            "households must be at least 50",
        ),
        (
            ["generate", "--households", "100", "--months", "2026-06:2025-01", "--out", "x"],
            "ends before it starts",
        ),
        ([], "the following arguments are required: command"),
    ],
)
def test_bad_arguments_are_one_line_errors(argv, message, tmp_path):
    result = subprocess.run([CLI, *argv], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if "warning:" not in line]
    assert len(lines) == 1 and message in lines[0]
    assert "Traceback" not in result.stderr


def test_missing_landing_folder(tmp_path, capsys):
    assert (
        main(["run", "--landing", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "wh")]) == 2
    )
    assert capsys.readouterr().err.strip() == (
        f"poverty-monitor run: error: landing folder {tmp_path / 'nope'} does not exist"
    )


def test_empty_landing_folder(tmp_path, capsys):
    assert main(["run", "--landing", str(tmp_path), "--warehouse", str(tmp_path / "wh")]) == 2
    assert "no month folders (YYYY-MM) under" in capsys.readouterr().err


def test_unreadable_reference_folder(tmp_path, capsys):
    (tmp_path / "landing" / "civil_affairs" / "2026-01").mkdir(parents=True)
    reference = tmp_path / "ref"
    reference.mkdir()
    (reference / "dibao_standards.csv").write_text("county_code,year\n430624,2026\n")
    assert (
        main(
            [
                "run",
                "--landing",
                str(tmp_path / "landing"),
                "--reference",
                str(reference),
                "--warehouse",
                str(tmp_path / "wh"),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err.strip()
    assert "dibao_standards.csv lacks column(s) rural_monthly, source, urban_monthly: give" in err


def test_warehouse_not_built_yet(tmp_path, capsys):
    assert main(["warnings", "--month", "2026-01", "--warehouse", str(tmp_path)]) == 2
    assert "does not exist yet: run `poverty-monitor run` first" in capsys.readouterr().err


def test_pseudonym_key_required_outside_development(tmp_path):
    (tmp_path / "landing" / "civil_affairs" / "2026-01").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k != "POVMON_PSEUDONYM_KEY"}
    env["POVMON_ENV"] = "production"
    result = subprocess.run(
        [CLI, "run", "--landing", str(tmp_path / "landing"), "--warehouse", str(tmp_path / "wh")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "poverty-monitor run: error: POVMON_PSEUDONYM_KEY must be set when "
        "POVMON_ENV=production (the development key is only for development)"
    )
