"""What `csto-tui serve` needs before and around the server.

textual-serve starts one `csto-tui browse` per page with Textual's web driver, its input
and output on pipes. That browser passes the terminal check only when serve started it
(`in_served_page`); a plain `csto-tui | cat` still refuses.

Nothing here imports textual-serve (or Textual) until the server starts: the command line
imports this module for `serve`, and the browser for `in_served_page`.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from csto_tui.web.hosts import is_loopback

if TYPE_CHECKING:
    from csto_tui.web.server import PageServer

SERVED_ENV = "CSTO_TUI_SERVED"  # set by `serve` for the browsers it starts, and only there
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"  # what textual-serve gives its apps
MISSING = "serve needs textual-serve: pip install 'csto-tui[web]'"


class ServeError(Exception):
    """Why the server cannot start, in words (exit 2)."""


def in_served_page() -> bool:
    """Whether this browser was started by `csto-tui serve` for a page: the variable only
    serve sets, and Textual's web driver (stdout is textual-serve's pipe, not a screen)."""
    return os.environ.get(SERVED_ENV) == "1" and os.environ.get("TEXTUAL_DRIVER") == WEB_DRIVER


def end_with_the_server() -> None:
    """For a served browser: end when the server does, even when it is killed or
    crashes. Its pipes close then, but Textual's web driver would keep the app running
    with no input and no page. On Linux the kernel sends SIGTERM when the parent (the
    server) exits, and the browser quits as on any SIGTERM; elsewhere nothing changes."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    pr_set_pdeathsig = 1  # <linux/prctl.h>
    try:
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGTERM))
    except (OSError, AttributeError):  # no libc prctl: as elsewhere
        return


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
        from csto_tui.web.server import PageServer
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
