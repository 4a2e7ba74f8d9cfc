"""Command line: `csto-tui [PATH ...]` browses; `check`, `list` and `stats` are scriptable.

Exit codes: 0 success, 1 data errors, 2 usage errors. Only the browser imports Textual.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from csto_tui import __version__

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
COMMANDS = ("check", "list", "stats", "browse")


class UsageError(Exception):
    """Bad options or filter values: one line on stderr and exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 already; keep its one line
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _paths(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="YAML files or directories (default: the bundled dataset)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="csto-tui", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"csto-tui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    check = sub.add_parser("check", help="validate dataset files and report problems")
    _paths(check)
    check.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text lines FILE:LINE:COL: error: … (default) or JSON",
    )
    check.add_argument("--quiet", "-q", action="store_true", help="only the summary line")
    return parser


def run_check(args: argparse.Namespace) -> int:
    from csto_tui.loader import load_dataset
    from csto_tui.loader.bundled import bundled_data_path
    from csto_tui.loader.diagnostics import to_json

    dataset = load_dataset(args.paths or [bundled_data_path()])
    if args.format == "json":
        print(to_json(dataset.diagnostics, dataset.summary()))
    else:
        if not args.quiet:
            for diag in dataset.diagnostics:
                print(diag)
        print(dataset.summary_line())
    return EXIT_DATA if dataset.errors else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help", "--version"):
        argv = ["browse", *argv]
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return run_check(args)
        parser.error(f"command {args.command!r} is not available yet")
    except UsageError as exc:
        print(f"csto-tui: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `csto-tui check | head`: not an error worth a traceback
        sys.stderr.close()
        return EXIT_OK
    return EXIT_OK
