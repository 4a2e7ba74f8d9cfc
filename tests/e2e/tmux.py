"""Driving the real `csto-tui` binary in tmux: the pane, reading its screen, the checks.

Each test gets its own tmux server (`tmux -L <unique socket>`) with one pane (80x24 unless
told) that runs either `run.sh` (`Pane.start`): it records `stty -a`, waits until the test
has attached a raw output log (`pipe-pane`), runs csto-tui, then records its exit status
and `stty -a` again and prints `EXIT=<status>` at the shell prompt; or an interactive bash
with job control (`Pane.start_shell`), into which the test types commands. After every key
the test polls `capture-pane` until the screen shows what that key should do (a count, a
prompt, a title), with a timeout instead of fixed sleeps. The machine may be slow and
shared: CSTO_E2E_TIMEOUT (seconds, default 20) scales every wait.

Every csto-tui a test starts carries `CSTO_E2E_TOKEN=<the pane's token>` in its
environment, and so does every process it starts (an editor): `our_processes` finds them
all, and only them, whatever else runs on the machine.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from csto_tui.query import QueryEngine

TMUX = shutil.which("tmux")
BASH = shutil.which("bash")

TIMEOUT = float(os.environ.get("CSTO_E2E_TIMEOUT", "20"))
STARTUP = 3 * TIMEOUT  # importing Textual and loading the data on a busy machine
POLL = 0.05
WIDTH, HEIGHT = 80, 24
PROMPT = "e2e$"  # the interactive shell's prompt (`Pane.start_shell`)

ENVIRONMENTS = {
    "xterm-256color": {"TERM": "xterm-256color", "LANG": "C.UTF-8"},
    "xterm-16-colours": {"TERM": "xterm", "LANG": "C.UTF-8"},
    "no-color": {"TERM": "xterm-256color", "LANG": "C.UTF-8", "NO_COLOR": "1"},
    "screen": {"TERM": "screen", "LANG": "C.UTF-8"},
    "lang-c": {"TERM": "xterm-256color", "LANG": "C"},  # env -i: no LC_ALL, no LC_CTYPE
}

RUN_SH = """\
cd {workdir}
stty -a > stty-before.txt 2>&1
while [ ! -e go ]; do sleep 0.05; done
{launch}
stty -a > stty.tmp 2>&1; mv stty.tmp stty-after.txt
echo "$status" > status.tmp; mv status.tmp status
printf 'EXIT=%s\\n' "$status"
exec sleep 3600
"""


def csto_tui_binary() -> str:
    """The console script installed next to this interpreter, else the one on PATH."""
    beside = Path(sys.executable).parent / "csto-tui"
    if beside.exists():
        return str(beside)
    found = shutil.which("csto-tui")
    if found is None:
        pytest.fail("no csto-tui script next to sys.executable or on PATH: pip install -e .")
    return found


# -- reading tmux's `capture-pane -e` output -------------------------------------------------

SGR = re.compile(r"\x1b\[([0-9;:]*)m")
ESCAPE = re.compile(r"\x1b\[[0-9;:?<>=]*[A-Za-z]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)")


def _codes(params: str) -> list[int]:
    return [int(p) if p else 0 for p in params.replace(":", ";").split(";")]


def colour_codes(raw: str) -> list[str]:
    """Every SGR sequence in `raw` that sets a foreground or background colour."""
    found = []
    for params in SGR.findall(raw):
        codes = _codes(params)
        i = 0
        while i < len(codes):
            c = codes[i]
            if c in (38, 48):
                found.append(params)
                i += 3 if i + 1 < len(codes) and codes[i + 1] == 5 else 5
                continue
            if 30 <= c <= 37 or 40 <= c <= 47 or 90 <= c <= 97 or 100 <= c <= 107:
                found.append(params)
            i += 1
    return found


def reverse_video_lines(raw: str) -> list[str]:
    """Per screen line, the characters shown in reverse video (SGR 7).

    tmux emits only attribute changes, so the state carries over from one line to the next.
    """
    reverse = False
    lines = [""]
    for part in re.split(r"(\x1b\[[0-9;:]*m)", raw):
        match = SGR.fullmatch(part)
        if match:
            codes = _codes(match.group(1))
            i = 0
            while i < len(codes):
                c = codes[i]
                if c == 0 or c == 27:
                    reverse = False
                elif c == 7:
                    reverse = True
                elif c in (38, 48, 58):  # skip the colour's arguments
                    i += 2 if i + 1 < len(codes) and codes[i + 1] == 5 else 4
                i += 1
            continue
        for n, chunk in enumerate(ESCAPE.sub("", part).split("\n")):
            if n:
                lines.append("")
            if reverse:
                lines[-1] += chunk
    return lines


def plain(raw: str) -> str:
    return ESCAPE.sub("", raw)


def one_line(text: str) -> str:
    """`text` with every run of white space (line ends too) made one space: for text the
    app wraps to the width (the too-small notice at 20 columns)."""
    return " ".join(text.split())


# -- our processes ---------------------------------------------------------------------------


def our_processes(token: str) -> dict[int, str]:
    """pid -> command line of every live process whose environment holds the token (zombies,
    processes half way through exiting and processes of other users, whose environment
    cannot be read, are left out)."""
    mark = f"CSTO_E2E_TOKEN={token}".encode()
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if mark not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            if (entry / "stat").read_text().rpartition(")")[2].split()[0] == "Z":
                continue
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # gone meanwhile, or not ours
            continue
        found[int(entry.name)] = cmdline.strip()
    return found


def alive(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def wait_until(check: Callable[[], object], what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(POLL)


def assert_no_processes_left(token: str, timeout: float = 10.0) -> None:
    """Within `timeout`, no process of the test (the app, an editor it started) is alive."""
    deadline = time.monotonic() + timeout
    while (left := our_processes(token)) and time.monotonic() < deadline:
        time.sleep(POLL)
    assert not left, f"processes left after {timeout:.0f}s: {left}"


# -- the pane --------------------------------------------------------------------------------


class Pane:
    """One private tmux server with one session, `e2e`, sized 80x24 unless told."""

    def __init__(self, workdir: Path, width: int = WIDTH, height: int = HEIGHT) -> None:
        self.socket = f"csto-e2e-{os.getpid()}-{uuid.uuid4().hex[:10]}"
        self.token = uuid.uuid4().hex  # in the environment of every csto-tui it runs
        self.workdir = workdir
        self.width, self.height = width, height
        self.raw_log = workdir / "raw.log"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
        self.env["SHELL"] = "/bin/sh"  # the pane runs `sh run.sh`, not the user's shell

    def tmux(self, *args: str) -> str:
        assert TMUX is not None
        proc = subprocess.run(
            [TMUX, "-u", "-f", "/dev/null", "-L", self.socket, *args],
            env=self.env,
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            timeout=max(TIMEOUT, 10),
            check=False,
        )
        if proc.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {proc.stderr.strip()}")
        return proc.stdout

    def _new_session(self, command: str) -> None:
        self.tmux("new-session", "-d", "-s", "e2e", "-x", str(self.width), "-y", str(self.height),
                  "-c", str(self.workdir), command)  # fmt: skip
        self.tmux("pipe-pane", "-t", "e2e", f"cat >> {shlex.quote(str(self.raw_log))}")

    def start(self, launch: str) -> None:
        """Run `launch` (shell code that sets $status) in the pane, logging its raw output."""
        script = self.workdir / "run.sh"
        script.write_text(RUN_SH.format(workdir=shlex.quote(str(self.workdir)), launch=launch))
        self._new_session(f"sh {shlex.quote(str(script))}")
        (self.workdir / "go").touch()

    def start_shell(self) -> None:
        """An interactive bash (job control, no rc files, no history file) at PROMPT."""
        if BASH is None:
            pytest.skip("bash is not installed")
        env = {"PS1": f"{PROMPT} ", "HISTFILE": "/dev/null", "HOME": str(self.workdir)}
        assigns = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        self._new_session(f"env {assigns} {BASH} --norc --noprofile -i")
        self.wait_prompt()

    def kill(self) -> None:
        with contextlib.suppress(AssertionError, subprocess.TimeoutExpired):  # already gone
            self.tmux("kill-server")
        # A test that failed half way may leave a stopped app (Ctrl+Z) or its editor.
        for pid in our_processes(self.token):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)

    def app(self, env: dict[str, str], *args: str) -> str:
        """`app_command` carrying this pane's token."""
        return app_command(env, *args, token=self.token)

    def text(self) -> str:
        """The screen as plain text, wrapped lines joined."""
        return self.tmux("capture-pane", "-p", "-J", "-t", "e2e")

    def history(self) -> str:
        """The scrollback and the screen as plain text."""
        return self.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "e2e")

    def styled(self) -> str:
        """The screen with its SGR attributes (`capture-pane -e`)."""
        return self.tmux("capture-pane", "-p", "-e", "-t", "e2e")

    def raw(self) -> str:
        """Everything written to the pane so far (the `pipe-pane` log)."""
        return self.raw_log.read_bytes().decode("utf-8", "replace")

    def show(self, fmt: str) -> str:
        return self.tmux("display-message", "-p", "-t", "e2e", fmt).strip()

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "e2e", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "e2e", "-l", text)

    def run(self, command: str) -> None:
        """Type a command line at the shell and press Enter."""
        self.type(command)
        self.keys("Enter")

    def wait(self, check: Callable[[str], object], what: str, *, styled: bool = False,
             timeout: float = TIMEOUT) -> str:  # fmt: skip
        """Poll the screen until `check(screen)` is true; fail showing the screen if it isn't."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.styled() if styled else self.text()
            if check(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"timed out after {timeout:.0f}s waiting for {what}; the pane shows:\n"
                    + self.text()
                )
            time.sleep(POLL)

    def settled(self, timeout: float = TIMEOUT) -> str:
        """The screen once three captures in a row are the same (a frame painted whole)."""
        deadline = time.monotonic() + timeout
        last, same = self.text(), 0
        while same < 2:
            if time.monotonic() > deadline:
                raise AssertionError(f"the screen never settled in {timeout:.0f}s:\n{last}")
            time.sleep(POLL)
            screen = self.text()
            same = same + 1 if screen == last else 0
            last = screen
        return last

    def wait_prompt(self, prompt: str = PROMPT, timeout: float = TIMEOUT) -> None:
        """Until the cursor is just after a shell's prompt at the start of a line, nothing
        typed yet (what follows on the line may be left over from a program that could not
        clean up: a dropped connection)."""
        deadline = time.monotonic() + timeout
        while True:
            x, y = (int(n) for n in self.show("#{cursor_x} #{cursor_y}").split())
            lines = self.tmux("capture-pane", "-p", "-t", "e2e").split("\n")
            # (capture-pane drops the spaces at the end of a line: the prompt's too)
            if y < len(lines) and lines[y].startswith(prompt) and x == len(prompt) + 1:
                return
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"timed out after {timeout:.0f}s waiting for the prompt {prompt!r}; "
                    f"the pane shows:\n{self.text()}"
                )
            time.sleep(POLL)

    def wait_file(self, name: str, timeout: float = TIMEOUT) -> str:
        path = self.workdir / name
        deadline = time.monotonic() + timeout
        while not path.exists():
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"timed out after {timeout:.0f}s waiting for {name}; the pane shows:\n"
                    + self.text()
                )
            time.sleep(POLL)
        return path.read_text(encoding="utf-8", errors="replace").strip()

    def pid(self) -> int:
        return int(self.wait_file("pid"))


def app_command(env: dict[str, str], *args: str, token: str = "") -> str:
    """csto-tui in a clean environment, recording its pid (the `exec` keeps it) in ./pid."""
    assigns = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}
    if token:
        assigns["CSTO_E2E_TOKEN"] = token
    words = ["env", "-i", *(f"{k}={v}" for k, v in assigns.items()), '"HOME=$PWD"']
    words += ["sh", "-c", 'echo $$ > pid.tmp; mv pid.tmp pid; exec "$0" "$@"']
    words += [csto_tui_binary(), *args]
    return " ".join(w if w == '"HOME=$PWD"' else shlex.quote(w) for w in words)


# -- the data the screen should show ---------------------------------------------------------


@dataclass(frozen=True)
class Data:
    total: int
    first_title: str
    second_title: str
    final_title: str  # Operation Channel 2018, final stage: the event with the opium figure
    engine: QueryEngine

    def count(self, search: str) -> int:
        return len(self.engine.run(self.engine.parse(search=search)))


def count_shown(n: int, total: int) -> re.Pattern[str]:
    return re.compile(rf"(?<!\d){n} of {total} events\b")


def position(n: int, total: int) -> re.Pattern[str]:
    """The timeline's title when it has focus: where the cursor is (`2 of 7`)."""
    return re.compile(rf"^▶ Timeline +{n} of {total} *$", re.M)


def search(pane: Pane, data: Data, word: str) -> int:
    """`/`, the word letter by letter (each one's count seen), Enter: the filtered count."""
    pane.keys("/")
    pane.wait(lambda s: re.search(r"^ / search: words", s, re.M), "the search prompt")
    for n in range(1, len(word) + 1):
        prefix = word[:n]
        pane.type(word[n - 1])
        shown = count_shown(data.count(prefix), data.total)
        bar = re.compile(rf"^ / {re.escape(prefix)}\s", re.M)
        pane.wait(lambda s, bar=bar, shown=shown: bar.search(s) and shown.search(s),
                  f"the count for {prefix!r}")  # fmt: skip
    pane.keys("Enter")
    pane.wait(
        lambda s: "Jump to date" in s.rstrip("\n").rpartition("\n")[2], "the timeline's footer"
    )
    return data.count(word)


# -- checks ------------------------------------------------------------------------------------


PRIVATE_MODE = re.compile(r"\x1b\[\?([0-9;]+)([hl])")


def final_private_modes(raw: str) -> dict[int, str]:
    """The last 'h' (set) or 'l' (reset) written for each DEC private mode."""
    modes: dict[int, str] = {}
    for params, action in PRIVATE_MODE.findall(raw):
        for mode in params.split(";"):
            modes[int(mode)] = action
    return modes


def stty_flags(text: str) -> set[str]:
    """The words of `stty -a` but the size (the tests resize the window)."""
    text = re.sub(r"\brows \d+; columns \d+;", "", text)
    return set(re.split(r"[\s;]+", text)) - {""}


SANE = ("icanon", "echo", "isig", "icrnl", "opost")


def assert_sane_stty(flags: set[str], where: str) -> None:
    for flag in SANE:
        assert flag in flags and f"-{flag}" not in flags, f"stty: {flag} is off {where}"


def assert_no_traceback(pane: Pane) -> None:
    """Nothing the pane ever showed, nor anything written to it, holds a traceback."""
    for name, text in (("the pane", pane.history()), ("the output", pane.raw())):
        assert "Traceback" not in text, f"a traceback in {name}:\n{text[-3000:]}"


def assert_terminal_restored(pane: Pane, status: int) -> None:
    """The shell is back on the normal screen, the cursor shows, modes and stty as before."""
    assert pane.wait_file("status", timeout=STARTUP) == str(status)
    pane.wait(lambda s: re.search(rf"^EXIT={status}$", s, re.M), f"EXIT={status} from the shell")
    assert pane.show("#{alternate_on}") == "0", "still on the alternate screen"
    assert pane.show("#{cursor_flag}") == "1", "the cursor is still hidden"
    assert pane.show("#{mouse_any_flag}") == "0", "mouse reporting is still on"
    before = stty_flags((pane.workdir / "stty-before.txt").read_text())
    after = stty_flags(pane.wait_file("stty-after.txt"))
    assert_sane_stty(after, "after exit")
    assert after == before, f"stty differs: {sorted(before ^ after)}"
    # Every DEC private mode the app switched on (alternate screen, mouse, bracketed paste,
    # focus events...) it switched off again; autowrap (7) and the cursor (25) are back on.
    modes = final_private_modes(pane.raw())
    assert modes.get(1049) == "l", "never left the alternate screen"
    left_on = {m for m, a in modes.items() if a == "h" and m not in (7, 25)}
    assert not left_on, f"modes left on: {sorted(left_on)}"
    assert modes.get(7, "h") == "h" and modes.get(25, "h") == "h"


def shell_stty(pane: Pane, name: str) -> set[str]:
    """`stty -a` of the pane's terminal, run at the interactive shell's prompt."""
    pane.run(f"stty -a > {name}.tmp 2>&1; mv {name}.tmp {name}")
    flags = stty_flags(pane.wait_file(name))
    pane.wait_prompt()
    return flags


def assert_shell_usable(pane: Pane) -> None:
    """At the interactive shell's prompt: a typed command runs and prints, stty is sane."""
    pane.wait_prompt()
    # The typed line holds `"o"k-$((40+2))`, only the output holds `ok-42`.
    pane.run('echo "o"k-$((40+2))')
    pane.wait(lambda s: "ok-42" in s, "the output of a typed `echo`")
    assert_sane_stty(shell_stty(pane, "stty-now.txt"), "at the shell's prompt")
