"""`poverty-monitor`: a thin command line over the generator, the Dagster job and the
published warehouse. User mistakes end in one line on stderr and exit status 2."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from orchestration.cli import commands
from orchestration.lib.months import parse_month, parse_month_span
from orchestration.settings import TARGETS


def _month(text: str) -> str:
    try:
        return parse_month(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _month_span(text: str) -> list[str]:
    try:
        return parse_month_span(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _township(text: str) -> str:
    if not (len(text) == 9 and text.isdigit()):
        raise argparse.ArgumentTypeError(f"not a township code: {text!r} (9 digits)")
    return text


class OneLineErrorParser(argparse.ArgumentParser):
    """argparse prints usage plus the error; users get one line and exit status 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(
        prog="poverty-monitor",
        description="低收入人口动态监测 / 防止返贫动态监测: monthly early-warning warehouse",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineErrorParser)

    generate = sub.add_parser("generate", help="write synthetic extracts (landing contract)")
    generate.add_argument("--households", type=int, required=True)
    generate.add_argument(
        "--months", type=_month_span, required=True, help="YYYY-MM:YYYY-MM, inclusive"
    )
    generate.add_argument("--out", type=Path, required=True)
    generate.add_argument("--seed", type=int, default=42)
    generate.add_argument("--dirty-rate", type=float, default=0.0)

    run = sub.add_parser("run", help="ingest, check, build, monitor and publish")
    run.add_argument(
        "--month",
        type=_month,
        action="append",
        dest="months",
        help="a month to run (repeatable); default: every month landed",
    )
    _add_location_options(run)
    run.add_argument("--reference", type=Path, help="folder of replacement reference CSVs")
    run.add_argument(
        "--full-refresh",
        action="store_true",
        help="rebuild every month from the landed files (default: only what changed)",
    )
    run.add_argument(
        "--rekey",
        action="store_true",
        help="adopt POVMON_PSEUDONYM_KEY as the warehouse's new key: every household and "
        "person gets a new pseudonym and every month is rebuilt (README: Changing the key)",
    )
    run.add_argument(
        "--target",
        choices=TARGETS,
        help="where dbt builds (POVMON_TARGET): the DuckDB file (default) or Apache Spark",
    )
    run.add_argument("--verbose", action="store_true", help="full Dagster and dbt logs")

    warnings = sub.add_parser("warnings", help="print a month's early-warning list")
    warnings.add_argument("--month", type=_month, required=True)
    warnings.add_argument("--format", choices=["table", "csv", "json"], default="table")
    warnings.add_argument("--warehouse", type=Path)

    explain = sub.add_parser(
        "explain", help="restricted: measures, rule comparisons and source rows of a household"
    )
    explain.add_argument("--household", required=True, help="household key (or its prefix)")
    explain.add_argument("--month", type=_month, required=True)
    explain.add_argument("--warehouse", type=Path)

    quality = sub.add_parser("quality", help="data-quality summary for data stewards")
    quality.add_argument("--month", type=_month)
    quality.add_argument("--warehouse", type=Path)

    worklist = sub.add_parser(
        "worklist", help="restricted: one .xlsx work list per township of a month's open leads"
    )
    worklist.add_argument("--month", type=_month, required=True)
    worklist.add_argument("--township", type=_township, help="9-digit township code")
    worklist.add_argument(
        "--out", type=Path, help="folder (default: <warehouse>/restricted/worklists/)"
    )
    worklist.add_argument("--warehouse", type=Path)

    serve = sub.add_parser(
        "serve", help="production: dagster-daemon and dagster-webserver over this checkout"
    )
    serve.add_argument("which", nargs="?", choices=["both", "daemon", "webserver"], default="both")
    serve.add_argument("--host", default="127.0.0.1", help="the webserver's address")
    serve.add_argument("--port", type=int, default=3000, help="the webserver's port")

    status = sub.add_parser(
        "status",
        help="per month: departments landed, complete or not, last run and result, what is stale",
    )
    _add_location_options(status)
    status.add_argument("--format", choices=["table", "json"], default="table")
    status.set_defaults(handler=_status)

    dashboard = sub.add_parser("dashboard", help="serve the dashboard on 127.0.0.1")
    dashboard.add_argument("--warehouse", type=Path)
    dashboard.add_argument("--port", type=int, default=8501)
    return parser


def _status(args: argparse.Namespace) -> int:
    from orchestration.cli.status import command_status

    return command_status(args)


def _add_location_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--landing", type=Path, help="landing folder (POVMON_LANDING_DIR)")
    parser.add_argument("--warehouse", type=Path, help="warehouse folder (POVMON_WAREHOUSE_DIR)")


def _apply_locations(args: argparse.Namespace) -> None:
    """Command-line folders override the environment; the settings module reads both."""
    for option, variable in (
        ("landing", "POVMON_LANDING_DIR"),
        ("warehouse", "POVMON_WAREHOUSE_DIR"),
        ("reference", "POVMON_REFERENCE_DIR"),
    ):
        value = getattr(args, option, None)
        if value is not None:
            os.environ[variable] = str(Path(value).resolve())
    if getattr(args, "target", None):
        os.environ["POVMON_TARGET"] = args.target


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _apply_locations(args)
    try:
        handler = getattr(args, "handler", None) or getattr(commands, f"command_{args.command}")
        return handler(args) or 0
    except (commands.CommandError, ValueError) as err:
        print(f"poverty-monitor {args.command}: error: {err}", file=sys.stderr)
        return 2
    except OSError as err:  # a folder or file the user named: missing, not a folder, read-only
        print(f"poverty-monitor {args.command}: error: {_os_problem(err)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"poverty-monitor {args.command}: interrupted", file=sys.stderr)
        return 130


def _os_problem(err: OSError) -> str:
    """'<path>: <problem>' on one line (str(err) adds '[Errno N]' and quotes)."""
    problem = err.strerror or str(err) or type(err).__name__
    return f"{err.filename}: {problem}" if err.filename else problem


if __name__ == "__main__":
    sys.exit(main())
