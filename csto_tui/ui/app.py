"""The app: settings, terminal modes (NO_COLOR, ASCII), quitting, help; the browser screen
owns everything the user browses."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from pathlib import Path
from typing import ClassVar

from textual.app import App, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, SearchIcon
from textual.scrollbar import ScrollBar, ScrollBarRender

from csto_tui.config.settings import Settings
from csto_tui.model.dataset import Dataset
from csto_tui.ui.commands import BrowserCommands
from csto_tui.ui.glyphs import glyphs
from csto_tui.ui.options import BrowseOptions
from csto_tui.ui.render import from_here
from csto_tui.ui.safe import unicode_ok
from csto_tui.ui.screens.browser import BrowserScreen
from csto_tui.ui.screens.help import HelpScreen, binding_rows

# Key names Textual shows as symbols; under LANG=C they are words.
ASCII_KEYS = {"⏎": "Enter", "↑": "Up", "↓": "Down", "←": "Left", "→": "Right", "⇥": "Tab",
              "⌫": "Backspace", "␣": "Space", "⇞": "PgUp", "⇟": "PgDn", "⎋": "Esc"}  # fmt: skip


class PlainScrollBarRender(ScrollBarRender):
    """A scrollbar of spaces: the thumb in reverse video, no eighth-block glyphs, so it
    shows under NO_COLOR and stays ASCII under LANG=C."""

    VERTICAL_BARS: ClassVar[list[str]] = [" "] * 8
    HORIZONTAL_BARS: ClassVar[list[str]] = [" "] * 8


class Palette(CommandPalette):
    """The command palette, its search icon in ASCII on terminals without UTF-8."""

    def on_mount(self) -> None:
        if not unicode_ok():
            self.query_one(SearchIcon).icon = ">"


def _terminal_gone() -> bool:
    """Whether the terminal has hung up: it answers only EIO."""
    import errno
    import termios

    try:
        termios.tcgetattr(0)
    except termios.error as exc:
        return exc.args[0] == errno.EIO
    return False


def _resume_only_after_a_stop() -> None:
    """Textual's driver takes the terminal back on every SIGCONT. One that follows no stop
    (`kill -CONT`; bash sends SIGHUP and SIGCONT to its jobs when the terminal hangs up)
    would start its input and output threads a second time: the screen goes blank and the
    app hangs on quit. Pass SIGCONT on to the driver only after a SIGTSTP."""
    if not hasattr(signal, "SIGTSTP"):
        return
    on_tstp, on_cont = signal.getsignal(signal.SIGTSTP), signal.getsignal(signal.SIGCONT)
    if not (callable(on_tstp) and callable(on_cont)):
        return  # not Textual's Linux driver (headless tests): nothing to guard
    stopped = False

    def tstp(signum: int, frame: object) -> None:
        nonlocal stopped
        stopped = True  # before the driver's handler, which stops the process
        on_tstp(signum, frame)

    def cont(signum: int, frame: object) -> None:
        nonlocal stopped
        if stopped:
            stopped = False
            on_cont(signum, frame)

    signal.signal(signal.SIGTSTP, tstp)
    signal.signal(signal.SIGCONT, cont)


def _short_place(problem: str) -> str:
    """`FILE:LINE:COL: error: …` with FILE as short as it reads the same: from the current
    directory when inside it, else from `~` (a notice is narrow; the path wraps badly)."""
    file, sep, rest = problem.partition(":")
    if not sep or not os.path.isabs(file):
        return problem
    relative = from_here(file)
    if relative is not None:
        return f"{relative}:{rest}"
    home = os.path.expanduser("~")
    if home not in ("", "/") and file.startswith(home + os.sep):
        return f"~{file[len(home) :]}:{rest}"
    return problem


class CstoApp(App[int]):
    """Browse CSTO events with the given options (paths and starting filters)."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "csto-tui"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {BrowserCommands}
    ESCAPE_TO_MINIMIZE = False  # Escape is ours: it closes whatever is open, one thing at a time

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", id="app.help", key_display="?",
                tooltip="Help: the keys that work here"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit", "Quit", id="app.force_quit", show=False, priority=True),
        # Ctrl+C copies selected text (Textual's screen binding) and quits otherwise.
        Binding("ctrl+c", "quit", "Quit", id="app.interrupt", show=False),
        # The terminal is raw, so Ctrl+Z is a key, not SIGTSTP: suspend like any job.
        Binding("ctrl+z", "suspend_process", "Suspend", id="app.suspend", show=False,
                tooltip="Suspend to the shell (fg resumes)"),
    ]  # fmt: skip

    def __init__(
        self,
        options: BrowseOptions,
        dataset: Dataset | None = None,
        settings: Settings | None = None,
        problems: tuple[str, ...] = (),
    ) -> None:
        # NO_COLOR: Textual strips colours only for ANSI themes; for the others it emits
        # greys (and the colour codes with them). Native ANSI colours make it strip them all.
        super().__init__(ansi_color=True if "NO_COLOR" in os.environ else None)
        self.options = options
        self.dataset = dataset
        self.settings = settings or Settings()  # the App keeps settings; screens read them
        self.settings_problems = problems  # what the settings file got wrong, one line each
        self._clashes_said: set[frozenset[str]] = set()
        from csto_tui.ui.themes import THEMES

        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self.settings.theme  # validated against Textual's and ours
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        self.ascii = not unicode_ok()
        self.error_message = ""  # printed after the screen is restored
        self.animation_level = "none"  # nothing moves or repaints by itself over SSH
        self.set_class(self.ascii, "-ascii")

    def get_default_screen(self) -> BrowserScreen:
        return BrowserScreen(self.options, self.dataset)

    def on_mount(self) -> None:
        for problem in self.settings_problems:  # the rest of the settings are in effect
            self.notify(_short_place(problem), title="Settings", severity="warning",
                        timeout=30)  # fmt: skip
        # Class-wide in Textual: set by every app for its own terminal.
        plain = self.ascii or self.no_color
        ScrollBar.renderer = PlainScrollBarRender if plain else ScrollBarRender
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):  # SIGHUP: a dropped SSH connection
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self._quit_on_signal, sig)
        # After Ctrl+Z and `fg` the terminal's screen is blank, and Textual would repaint
        # only what changes from then on: repaint all of it.
        self.app_resume_signal.subscribe(self, lambda _app: self.refresh(layout=True))
        with contextlib.suppress(ValueError):  # not the main thread: Textual's aren't either
            _resume_only_after_a_stop()

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node: object) -> None:
        """The keymap gave a key that a binding had to another one: the override wins, and
        the binding that lost it is said once (it may have no key left)."""
        ids = frozenset(b.id or b.action for b in clashed_bindings)
        if ids in self._clashes_said:
            return
        self._clashes_said.add(ids)
        keys = ", ".join(sorted({b.key for b in clashed_bindings}))
        self.notify(f"keymap: {keys} now does what the keymap says, no longer "
                    f"{' or '.join(sorted(ids))}", title="Settings", severity="warning",
                    timeout=30)  # fmt: skip

    def _quit_on_signal(self, signum: int) -> None:
        """SIGTERM, SIGHUP: quit with 128+N, the terminal restored. When the terminal has
        hung up (a dropped connection) there is nothing left to restore, and Textual's last
        writes would fail (its output thread dies, the exit status becomes Python's 120):
        they go to /dev/null instead."""
        if _terminal_gone():
            devnull = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(devnull, fd)
            os.close(devnull)
        self.exit(None, 128 + signum)

    def action_suspend_process(self) -> None:
        """Ctrl+Z: Textual leaves the terminal as it found it and stops; on `fg` (SIGCONT)
        it takes it back and repaints. Only a job-control shell, which gives each job its
        own process group, can resume a stopped job: in the session leader's group (`ssh
        host csto-tui`, a script) the app would stop for good, so it says so instead."""
        if self.is_web:  # Textual does nothing there: say why
            self.notify("Ctrl+Z: a web page has no shell to suspend to", severity="warning")
            return
        if os.getpgrp() == os.getsid(0):
            self.notify("Ctrl+Z: no job-control shell here to resume csto-tui", severity="warning")
            return
        super().action_suspend_process()

    def notify(self, message: str, *, markup: bool = False, **kwargs) -> None:  # type: ignore[no-untyped-def,override]
        """Notifications quote data and typed text: never read them as markup."""
        super().notify(message, markup=markup, **kwargs)

    def fail(self, message: str, code: int = 2) -> None:
        """Quit with `message` for stderr (a filter value that names nothing)."""
        self.error_message = message
        self.exit(return_code=code)

    def edit_file(self, path: str, line: int) -> str | None:
        """Hand the terminal to the user's editor at `path`:`line` and take it back; why
        that could not be done, in words, else None."""
        from csto_tui.ui.editor import editor_command, editor_env, run_editor, why_not_editable

        if self.is_web:  # `csto-tui serve`: a page has no terminal to hand over
            return "editing needs a terminal session, and this is a web page"
        reason = why_not_editable(path)
        if reason is not None:
            return reason
        try:
            with self.suspend():
                return run_editor(editor_command(path, line, editor_env(self.settings.editor)))
        except SuspendNotSupported:
            return ("this session cannot hand the terminal to an editor (a web session?); "
                    "edit the file elsewhere: the browser reloads it")  # fmt: skip

    def get_key_display(self, binding: Binding) -> str:
        shown = super().get_key_display(binding)
        if self.ascii:
            return "".join(ASCII_KEYS.get(ch, ch if ch.isascii() else "?") for ch in shown)
        return shown

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            dots = glyphs().ellipsis
            self.push_screen(Palette(placeholder=f"Search for commands{dots}",
                                     id="--command-palette"))  # fmt: skip

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        focused = self.focused
        where = getattr(focused, "HELP_NAME", "") if focused else ""
        rows = binding_rows(self.screen.active_bindings.values(), self.get_key_display)
        title = f"Keys for {where} and the browser" if where else "Keys"
        self.push_screen(HelpScreen(rows, title))
