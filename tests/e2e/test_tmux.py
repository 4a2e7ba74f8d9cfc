"""End to end: the real `csto-tui` binary in a tmux pane, keys in, screen text out.

Each test gets its own tmux server (`tmux -L <unique socket>`) with one 80x24 pane that runs
`run.sh`: it records `stty -a`, waits until the test has attached a raw output log
(`pipe-pane`), runs csto-tui, then records its exit status and `stty -a` again and prints
`EXIT=<status>` at the shell prompt. After every key the test polls `capture-pane` until the
screen shows what that key should do (a count, a prompt, a title), with a timeout instead of
fixed sleeps. The machine may be slow and shared: CSTO_E2E_TIMEOUT (seconds, default 20)
scales every wait.
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from csto_tui.loader import load_dataset
from csto_tui.loader.bundled import bundled_data_path
from csto_tui.query import QueryEngine

TMUX = shutil.which("tmux")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)"),
]

TIMEOUT = float(os.environ.get("CSTO_E2E_TIMEOUT", "20"))
STARTUP = 3 * TIMEOUT  # importing Textual and loading the data on a busy machine
POLL = 0.05
WIDTH, HEIGHT = 80, 24

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


# -- the pane --------------------------------------------------------------------------------


class Pane:
    """One private tmux server with one session, `e2e`, sized 80x24."""

    def __init__(self, workdir: Path) -> None:
        self.socket = f"csto-e2e-{os.getpid()}-{uuid.uuid4().hex[:10]}"
        self.workdir = workdir
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

    def start(self, launch: str) -> None:
        """Run `launch` (shell code that sets $status) in the pane, logging its raw output."""
        script = self.workdir / "run.sh"
        script.write_text(RUN_SH.format(workdir=shlex.quote(str(self.workdir)), launch=launch))
        self.tmux("new-session", "-d", "-s", "e2e", "-x", str(WIDTH), "-y", str(HEIGHT),
                  f"sh {shlex.quote(str(script))}")  # fmt: skip
        self.tmux("pipe-pane", "-t", "e2e", f"cat >> {shlex.quote(str(self.raw_log))}")
        (self.workdir / "go").touch()

    def kill(self) -> None:
        with contextlib.suppress(AssertionError, subprocess.TimeoutExpired):  # already gone
            self.tmux("kill-server")

    def text(self) -> str:
        """The screen as plain text, wrapped lines joined."""
        return self.tmux("capture-pane", "-p", "-J", "-t", "e2e")

    def styled(self) -> str:
        """The screen with its SGR attributes (`capture-pane -e`)."""
        return self.tmux("capture-pane", "-p", "-e", "-t", "e2e")

    def show(self, fmt: str) -> str:
        return self.tmux("display-message", "-p", "-t", "e2e", fmt).strip()

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "e2e", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "e2e", "-l", text)

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


def app_command(env: dict[str, str], *args: str) -> str:
    """csto-tui in a clean environment, recording its pid (the `exec` keeps it) in ./pid."""
    assigns = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}
    words = ["env", "-i", *(f"{k}={v}" for k, v in assigns.items()), '"HOME=$PWD"']
    words += ["sh", "-c", 'echo $$ > pid.tmp; mv pid.tmp pid; exec "$0" "$@"']
    words += [csto_tui_binary(), *args]
    return " ".join(w if w == '"HOME=$PWD"' else shlex.quote(w) for w in words)


@pytest.fixture
def pane(tmp_path: Path) -> Iterator[Pane]:
    p = Pane(tmp_path)
    try:
        yield p
    finally:
        p.kill()


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


@pytest.fixture(scope="module")
def data() -> Data:
    dataset = load_dataset([bundled_data_path()])
    assert not dataset.errors
    final = next(e for e in dataset.events if any(f.item == "opium" for f in e.figures))
    first, second = dataset.events[0].title, dataset.events[1].title
    assert first[:30] != second[:30]
    return Data(len(dataset.events), first, second, final.title, QueryEngine(dataset))


def count_shown(n: int, total: int) -> re.Pattern[str]:
    return re.compile(rf"(?<!\d){n} of {total} events\b")


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
    return set(re.split(r"[\s;]+", text)) - {""}


def assert_terminal_restored(pane: Pane, status: int) -> None:
    """The shell is back on the normal screen, the cursor shows, modes and stty as before."""
    assert pane.wait_file("status", timeout=STARTUP) == str(status)
    pane.wait(lambda s: re.search(rf"^EXIT={status}$", s, re.M), f"EXIT={status} from the shell")
    assert pane.show("#{alternate_on}") == "0", "still on the alternate screen"
    assert pane.show("#{cursor_flag}") == "1", "the cursor is still hidden"
    assert pane.show("#{mouse_any_flag}") == "0", "mouse reporting is still on"
    before = stty_flags((pane.workdir / "stty-before.txt").read_text())
    after = stty_flags(pane.wait_file("stty-after.txt"))
    for flag in ("icanon", "echo", "isig", "icrnl", "opost"):
        assert flag in after and f"-{flag}" not in after, f"stty: {flag} is off after exit"
    assert after == before, f"stty differs: {sorted(before ^ after)}"
    # Every DEC private mode the app switched on (alternate screen, mouse, bracketed paste,
    # focus events...) it switched off again; autowrap (7) and the cursor (25) are back on.
    raw = pane.raw_log.read_bytes().decode("utf-8", "replace")
    modes = final_private_modes(raw)
    assert modes.get(1049) == "l", "never left the alternate screen"
    left_on = {m for m, a in modes.items() if a == "h" and m not in (7, 25)}
    assert not left_on, f"modes left on: {sorted(left_on)}"
    assert modes.get(7, "h") == "h" and modes.get(25, "h") == "h"


# -- the scenario --------------------------------------------------------------------------------


@pytest.mark.parametrize("env", ENVIRONMENTS.values(), ids=ENVIRONMENTS.keys())
def test_search_jump_open_detail_and_quit(pane: Pane, data: Data, env: dict[str, str]) -> None:
    no_color = "NO_COLOR" in env
    pane.start(app_command(env) + "; status=$?")

    # The timeline: the count in the header and the first event's title.
    every = count_shown(data.total, data.total)
    # The whole first frame: the count, the first title and the 2018 year header (a frame
    # can be caught half painted).
    screen = pane.wait(
        lambda s: every.search(s) and data.first_title[:30] in s and " 2018 " in s,
        "the timeline",
        timeout=STARTUP,
    )
    if env["LANG"] == "C":  # everything on screen is ASCII: rules, "..." for cut titles
        assert "-- 2018 ---" in screen and "..." in screen
        assert screen.isascii(), sorted({c for c in screen if not c.isascii()})
    else:
        assert "── 2018 ───" in screen and "…" in screen

    # Focus shows in every mode: the focused pane's title is reverse video; `f` moves it
    # to the sidebar, whose cursor row is reverse video from the start; Escape comes back.
    raw = pane.styled()
    assert any("Timeline" in line for line in reverse_video_lines(raw)), raw
    pane.keys("f")
    raw = pane.wait(lambda r: any("Filters" in line for line in reverse_video_lines(r)),
                    "the sidebar's title in reverse video", styled=True)  # fmt: skip
    if no_color:  # with colours the cursor row has the cursor's colour instead
        assert any("Afghanistan" in line for line in reverse_video_lines(raw)), raw
    pane.keys("Escape")
    pane.wait(lambda r: any("Timeline" in line for line in reverse_video_lines(r)),
              "the timeline's title in reverse video again", styled=True)  # fmt: skip

    # `/` opens the search bar; every letter filters as it is typed.
    pane.keys("/")
    pane.wait(lambda s: re.search(r"^ / search: words", s, re.M), "the search prompt")
    word = "channel"
    for n in range(1, len(word) + 1):
        prefix = word[:n]
        pane.type(word[n - 1])
        shown = count_shown(data.count(prefix), data.total)
        bar = re.compile(rf"^ / {re.escape(prefix)}\s", re.M)
        pane.wait(lambda s, bar=bar, shown=shown: bar.search(s) and shown.search(s),
                  f"the count for {prefix!r}")  # fmt: skip
    filtered = data.count(word)
    assert 0 < filtered < data.total

    # Enter returns to the timeline (its keys are back in the footer), the search stays.
    pane.keys("Enter")
    pane.wait(
        lambda s: "Jump to date" in s.rstrip("\n").rpartition("\n")[2], "the timeline's footer"
    )
    assert count_shown(filtered, data.total).search(pane.text())

    # `t` asks for a date; Enter moves the cursor (reverse video) to the first event that
    # starts or is under way then: the final stage, which starts that day (the stage dated
    # only "2018" is known less precisely than the day asked for).
    pane.keys("t")
    pane.wait(lambda s: re.search(r"^ date: 2018, 2018-05", s, re.M), "the date prompt")
    date = "2018-05-28"
    for n in range(1, len(date) + 1):
        pane.type(date[n - 1])
        bar = re.compile(rf"^ date: {re.escape(date[:n])}\s", re.M)
        pane.wait(lambda s, bar=bar: bar.search(s), f"{date[:n]!r} in the date prompt")
    pane.keys("Enter")
    title = data.final_title[:30]

    def on_final(raw: str) -> bool:
        return not re.search(r"^ date:", plain(raw), re.M) and any(
            title in line for line in reverse_video_lines(raw)
        )

    raw = pane.wait(on_final, f"the cursor on {title!r}", styled=True)
    if no_color:
        assert not colour_codes(raw), f"colours despite NO_COLOR: {colour_codes(raw)[:5]}"
    elif env["TERM"] in ("xterm", "screen"):  # 16 colours: no 256-colour or RGB codes
        assert not [c for c in colour_codes(raw) if c.startswith(("38", "48"))]

    # Enter opens the detail, full screen at 80x24 under the header: the opium seizure is on it.
    pane.keys("Enter")
    header = count_shown(filtered, data.total)
    screen = pane.wait(
        lambda s: "4,753 kg" in s and "opium" in s and header.search(s) and "Timeline" not in s,
        "the detail, full screen, with 4,753 kg of opium",
    )
    assert data.final_title[:40] in screen
    if no_color:
        assert not colour_codes(pane.styled())

    # Escape closes the detail (not the search behind it): the timeline is back.
    pane.keys("Escape")
    pane.wait(
        lambda r: (
            count_shown(filtered, data.total).search(plain(r))
            and any(title in line for line in reverse_video_lines(r))
        ),
        "the filtered timeline again",
        styled=True,
    )

    # q quits with status 0 and gives the terminal back.
    pane.keys("q")
    assert_terminal_restored(pane, 0)
    log = pane.raw_log.read_bytes().decode("utf-8", "replace")  # everything the app wrote
    if no_color:
        assert not colour_codes(log), "the app wrote colour codes despite NO_COLOR"
    elif env["TERM"] in ("xterm", "screen"):
        assert not [c for c in colour_codes(log) if c.startswith(("38", "48"))]


# -- signals -------------------------------------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_signal_exits_and_restores_terminal(pane: Pane, data: Data, sig: signal.Signals) -> None:
    pane.start(app_command(ENVIRONMENTS["xterm-256color"]) + "; status=$?")
    every = count_shown(data.total, data.total)
    pane.wait(lambda s: every.search(s), "the timeline", timeout=STARTUP)
    pane.keys("j")  # the app is live, not just painted
    second = data.second_title[:30]
    pane.wait(lambda r: any(second in line for line in reverse_video_lines(r)),
              "the cursor on the second event", styled=True)  # fmt: skip
    assert pane.show("#{alternate_on}") == "1"
    os.kill(pane.pid(), sig)
    assert_terminal_restored(pane, 128 + sig)


# -- refusing to start -----------------------------------------------------------------------------


def _error_lines(screen: str) -> list[str]:
    """The non-empty lines the pane shows before the shell's EXIT= line."""
    lines = [line for line in screen.splitlines() if line.strip()]
    return lines[: next(i for i, line in enumerate(lines) if line.startswith("EXIT="))]


def test_not_a_terminal_exits_2_with_one_line(pane: Pane) -> None:
    app = app_command(ENVIRONMENTS["xterm-256color"])
    pane.start(f"{{ {app}; echo $? > app-status; }} | cat; status=$(cat app-status)")
    assert pane.wait_file("status", timeout=STARTUP) == "2"
    screen = pane.wait(lambda s: "EXIT=2" in s, "EXIT=2")
    lines = _error_lines(screen)
    assert len(lines) == 1, lines
    assert lines[0].startswith("csto-tui: error: ") and "terminal" in lines[0]
    raw = pane.raw_log.read_bytes().decode("utf-8", "replace")
    assert "\x1b[?1049h" not in raw, "the UI started"


def test_unknown_country_exits_2_before_any_ui(pane: Pane) -> None:
    pane.start(app_command(ENVIRONMENTS["xterm-256color"], "--country", "Narnia") + "; status=$?")
    assert pane.wait_file("status", timeout=STARTUP) == "2"
    screen = pane.wait(lambda s: "EXIT=2" in s, "EXIT=2")
    lines = _error_lines(screen)
    assert len(lines) == 1, lines
    assert lines[0].startswith("csto-tui: error: unknown country 'Narnia'")
    raw = pane.raw_log.read_bytes().decode("utf-8", "replace")
    assert "\x1b[?1049h" not in raw, "the UI started"
    assert pane.show("#{alternate_on}") == "0"
