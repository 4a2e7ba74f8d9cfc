"""Open a file in the user's editor at a line: which command, and whether it may be opened.

The command is `$VISUAL`, else `$EDITOR`, else `vi`, split as a shell would
(`code --wait`). Editors that take a line put it where they expect it: `+LINE FILE` for
the vi family, nano, emacs, micro, helix and kakoune, `--goto FILE:LINE` for VS Code and
its kin; any other editor gets the file alone.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from pathlib import Path

PLUS_LINE = frozenset({
    "vi", "vim", "nvim", "gvim", "mvim", "view", "nvi", "elvis", "vis", "ex",
    "nano", "pico", "emacs", "emacsclient", "micro", "hx", "helix", "kak", "joe", "jed",
    "mg", "ne",
})  # fmt: skip
GOTO = frozenset({"code", "code-insiders", "codium", "vscodium", "cursor", "windsurf"})


def editor_words(env: Mapping[str, str] | None = None) -> list[str]:
    """The editor command as words; `vi` when neither variable is set (or both blank)."""
    env = os.environ if env is None else env
    for name in ("VISUAL", "EDITOR"):
        text = env.get(name, "").strip()
        if text:
            try:
                words = shlex.split(text)
            except ValueError:  # an unbalanced quote: take it as one program name
                words = [text]
            if words:
                return words
    return ["vi"]


def editor_env(configured: str | None) -> Mapping[str, str] | None:
    """The environment the editor is chosen from: the settings' `editor` comes first, as
    $VISUAL would; None (the process's own) when the settings name none."""
    return None if configured is None else {**os.environ, "VISUAL": configured}


def editor_command(path: str, line: int, env: Mapping[str, str] | None = None) -> list[str]:
    """The command that opens `path` at `line` (1-based; 0 or less: at the top)."""
    words = editor_words(env)
    program = Path(words[0]).name.removesuffix(".exe")
    if path.startswith(("-", "+")):  # a name an editor would read as an option or a
        path = os.path.join(".", path)  # command (vim runs `+!cmd`): a path, plainly
    if line < 1:
        return [*words, path]
    if program in GOTO:
        return [*words, "--goto", f"{path}:{line}"]
    if program in PLUS_LINE:
        return [*words, f"+{line}", path]
    return [*words, path]


def why_not_editable(path: str) -> str | None:
    """Why `path` must not be opened for editing, in words; None when it may be."""
    import csto_tui

    target = Path(path)
    package = Path(csto_tui.__file__).resolve().parent
    try:
        resolved = target.resolve()
    except OSError:
        resolved = target
    if resolved.is_relative_to(package):
        return ("this is the bundled data, inside the installed program: copy it to edit "
                "(csto-tui list --format yaml -o events.yaml) and browse the copy")  # fmt: skip
    if not target.exists():
        return f"{path} no longer exists"
    # The mode bits too: root may write anything, but a file made read-only means it.
    if not os.access(target, os.W_OK) or not target.stat().st_mode & 0o222:
        return f"{path} is read-only"
    return None


def run_editor(command: list[str]) -> str | None:
    """Run the editor in the foreground until it exits; why it could not, else None.

    Meant to run while the app is suspended. A hangup or SIGTERM meanwhile is passed on
    to the editor (it must not outlive a dropped connection), and still reaches the app's
    own handler afterwards (the event loop's wakeup fd hears every signal); Ctrl+C and
    Ctrl+\\ are the editor's alone, as git leaves them while its editor runs.
    """
    import signal
    import subprocess

    child: subprocess.Popen[bytes] | None = None

    def forward(signum: int, _frame: object) -> None:
        if child is not None:
            child.send_signal(signum)

    def ignore(_signum: int, _frame: object) -> None:
        """Ctrl+C and Ctrl+\\ are the editor's; a Python handler (not SIG_IGN) is reset
        in the child when it starts, so the editor still gets them."""

    # In place before the child starts: a Ctrl+C meanwhile must not leave it behind.
    handlers = {signal.SIGHUP: forward, signal.SIGTERM: forward,
                signal.SIGINT: ignore, signal.SIGQUIT: ignore}  # fmt: skip
    saved = {sig: signal.signal(sig, handler) for sig, handler in handlers.items()}
    try:
        try:
            child = subprocess.Popen(command)
        except FileNotFoundError:
            return f"no editor {command[0]!r}: set $VISUAL or $EDITOR"
        except OSError as exc:
            return f"cannot run {command[0]!r}: {exc.strerror or exc}"
        try:
            status = child.wait()
        except BaseException:  # never leave the editor running behind us
            child.kill()
            child.wait()
            raise
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)
    if status < 0:
        return f"the editor was stopped by signal {-status}"
    if status:
        return f"the editor exited with status {status}"
    return None
