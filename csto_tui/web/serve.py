"""`csto-tui serve`: the browser in a web page, through textual-serve (the `web` extra).

textual-serve starts one `csto-tui browse` per page with Textual's web driver, its input
and output on pipes. That child passes the browser's terminal check only when this module
started it (`in_served_page`); a plain `csto-tui | cat` still refuses.

Nothing here imports textual-serve (or Textual) until the server starts: the command line
imports this module only for `serve`, and the browser only for `in_served_page`.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import shlex
import socket
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from csto_tui.webserver import PageServer

SERVED_ENV = "CSTO_TUI_SERVED"  # set by `serve` for the browsers it starts, and only there
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"  # what textual-serve gives its apps
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
MISSING = "serve needs textual-serve: pip install 'csto-tui[web]'"


class ServeError(Exception):
    """Why the server cannot start, in words (exit 2)."""


def in_served_page() -> bool:
    """Whether this browser was started by `csto-tui serve` for a page: the variable only
    serve sets, and Textual's web driver (stdout is textual-serve's pipe, not a screen)."""
    return os.environ.get(SERVED_ENV) == "1" and os.environ.get("TEXTUAL_DRIVER") == WEB_DRIVER


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach `host`: a loopback address, or a name that
    resolves to loopback addresses alone. A name that does not resolve is not loopback."""
    name = host.strip("[]")
    if name.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        pass
    try:
        found = {info[4][0] for info in socket.getaddrinfo(name, None)}
    except (OSError, UnicodeError):
        return False
    return bool(found) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in found)


def exposure_warning(host: str) -> str | None:
    """The warning for a server others can reach, or None on loopback."""
    if is_loopback(host):
        return None
    return (f"csto-tui: warning: serving on {host}, not only on this machine: anyone who can "
            "reach that address can read the data and use the browser (there is no login); "
            "--host 127.0.0.1 keeps it to this machine")  # fmt: skip


def browse_argv(args: argparse.Namespace, add_options: Callable[[argparse.ArgumentParser], Any]
                ) -> list[str]:  # fmt: skip
    """The `browse` words that give the served browser the options `serve` was given:
    every option `add_options` defines (the browser's own), so none is forgotten when
    the browser gains one. Values go as `--opt=value` and paths after `--`, so a value or
    path that starts with a dash stays one."""
    probe = argparse.ArgumentParser(add_help=False)
    add_options(probe)
    words, paths = ["browse"], []
    for action in probe._actions:  # the parser's own record of what each option stores
        value = getattr(args, action.dest, None)
        if not action.option_strings:
            paths += list(value or [])
            continue
        flag = max(action.option_strings, key=len)
        if isinstance(action, argparse._StoreTrueAction):
            words += [flag] if value else []
        elif isinstance(action, argparse._AppendAction):
            words += [f"{flag}={v}" for v in value or []]
        elif value is not None and value != action.default:
            words.append(f"{flag}={value}")
    return [*words, "--", *paths]


def served_command(words: list[str]) -> str:
    """The shell command textual-serve runs for each page: this interpreter running
    csto-tui (`exec`: no shell left between textual-serve and the browser)."""
    return "exec " + shlex.join([sys.executable, "-m", "csto_tui", *words])


def server_class() -> type[PageServer]:
    """csto-tui's textual-serve server; ServeError when the web extra is not installed."""
    try:
        from csto_tui.webserver import PageServer
    except ImportError as exc:  # textual-serve, or aiohttp under it
        if (exc.name or "").split(".")[0] in ("textual_serve", "aiohttp"):
            raise ServeError(MISSING) from None
        raise
    return PageServer


def serve(host: str, port: int, command: str, say: Callable[[str], None]) -> None:
    """Serve `command` until SIGINT or SIGTERM; ServeError when textual-serve is missing
    or the address cannot be bound."""
    server = server_class()(command, host=host, port=port, title="csto-tui", say=say)
    os.environ[SERVED_ENV] = "1"  # inherited by the browsers textual-serve starts
    try:
        server.serve()
    except OSError as exc:  # the port is taken, the address is not this machine's
        raise ServeError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None


def run_serve(args: argparse.Namespace) -> int:
    """Check the paths and every filter as the browser would (exit 2, the same messages;
    bodies and tags against the data, since a page cannot show the browser's refusal),
    then serve until stopped: exit 0 after SIGINT (Ctrl+C) or SIGTERM."""
    from csto_tui import cli
    from csto_tui.query import QueryEngine

    cli.check_paths(args.paths)
    try:
        server_class()  # before the data is read: say it at once
    except ServeError as exc:
        raise cli.UsageError(str(exc)) from None
    checked = args
    if hasattr(cli, "with_settings"):  # the settings' `data` stands in for no PATH
        checked, _loaded, problems = cli.with_settings(args)
        for problem in problems:
            cli._say(problem)
    if args.since is not None:
        from csto_tui.history.git import GitError
        from csto_tui.history.since import plan_since

        try:
            plan_since(args.since, checked.paths)
        except GitError as exc:
            raise cli.UsageError(str(exc)) from None
    checked = cli.apply_view(checked)
    cli.query_from_args(QueryEngine(cli._read(checked)), checked)
    warning = exposure_warning(args.host)
    if warning:
        cli._say(warning)
    command = served_command(browse_argv(args, cli.browse_options))

    def say(line: str) -> None:
        print(line, flush=True)

    try:
        serve(args.host, args.port, command, say)
    except ServeError as exc:
        raise cli.UsageError(str(exc)) from None
    return cli.EXIT_OK
