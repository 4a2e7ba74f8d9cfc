"""End to end, what a terminal does to a program besides keys: Ctrl+Z and `fg`, a storm of
resizes, a hangup while the app is stopped, a signal while the user's editor runs.

The real binary in tmux (tests/e2e/tmux.py). Job control needs an interactive shell in the
pane (`Pane.start_shell`: bash, prompt `e2e$`); the other tests use `run.sh`, in which
csto-tui is in the session leader's process group, as under `ssh host csto-tui`.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import signal
import time
from collections.abc import Callable

import pytest

from csto_tui.loader.bundled import bundled_data_path

from .tmux import (
    ENVIRONMENTS,
    STARTUP,
    TMUX,
    Data,
    Pane,
    alive,
    assert_no_processes_left,
    assert_no_traceback,
    assert_shell_usable,
    assert_terminal_restored,
    count_shown,
    one_line,
    our_processes,
    position,
    reverse_video_lines,
    search,
    shell_stty,
    wait_until,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)"),
]

ENV = ENVIRONMENTS["xterm-256color"]
TOO_SMALL = "The terminal is too small for csto-tui."


def screen_diff(expected: str, actual: str) -> str:
    return "\n".join(difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                          "expected", "actual", lineterm=""))  # fmt: skip


# -- Ctrl+Z ------------------------------------------------------------------------------------


def test_ctrl_z_suspends_and_fg_resumes_the_same_screen(pane: Pane, data: Data) -> None:
    pane.start_shell()
    before_stty = shell_stty(pane, "stty-before.txt")
    pane.run(pane.app(ENV))
    pane.wait(lambda s: count_shown(data.total, data.total).search(s), "the timeline",
              timeout=STARTUP)  # fmt: skip
    shown = search(pane, data, "channel")
    pane.keys("j")
    pane.wait(lambda s: position(2, shown).search(s), "the cursor on the 2nd match")
    before = pane.settled()
    assert count_shown(shown, data.total).search(before)

    # Ctrl+Z: the terminal as the shell left it, and the shell's job-control message.
    pane.keys("C-z")
    pane.wait(lambda s: re.search(r"^\[1\]\+ +Stopped +", s, re.M), "bash's `Stopped` line")
    pane.wait_prompt()
    assert pane.show("#{alternate_on} #{cursor_flag} #{mouse_any_flag}") == "0 1 0"
    assert alive(pane.pid()), "the stopped app is gone"
    assert shell_stty(pane, "stty-stopped.txt") == before_stty

    # fg: the same screen as before, the search and the cursor where they were, and live.
    pane.run("fg")
    try:
        pane.wait(lambda s: s == before, "the screen of before Ctrl+Z, repainted")
    except AssertionError:
        raise AssertionError(f"after fg:\n{screen_diff(before, pane.text())}") from None
    pane.keys("j")
    pane.wait(lambda s: position(3, shown).search(s), "the cursor on the 3rd match")

    pane.keys("q")
    pane.wait_prompt()
    pane.run("echo EXIT=$?")
    pane.wait(lambda s: re.search(r"^EXIT=0$", s, re.M), "EXIT=0")
    assert pane.show("#{alternate_on} #{cursor_flag} #{mouse_any_flag}") == "0 1 0"
    assert shell_stty(pane, "stty-after.txt") == before_stty
    assert_shell_usable(pane)
    assert_no_processes_left(pane.token)
    assert_no_traceback(pane)


def test_ctrl_z_without_job_control_says_so_and_stays(pane: Pane, data: Data) -> None:
    # In the session leader's process group nothing could ever `fg` a stopped app.
    pane.start(pane.app(ENV) + "; status=$?")
    pane.wait(lambda s: count_shown(data.total, data.total).search(s), "the timeline",
              timeout=STARTUP)  # fmt: skip
    pane.keys("C-z")
    pane.wait(lambda s: "no job-control shell" in one_line(s), "the notice")
    pane.keys("j")
    second = data.second_title[:30]
    pane.wait(lambda r: any(second in line for line in reverse_video_lines(r)),
              "the cursor on the second event", styled=True)  # fmt: skip
    pane.keys("q")
    assert_terminal_restored(pane, 0)
    assert_no_traceback(pane)


def test_hangup_while_stopped_leaves_no_process(pane: Pane, data: Data) -> None:
    # The terminal goes away (a dropped connection, a closed window) while csto-tui is
    # stopped: bash passes SIGHUP on to its jobs and wakes the stopped ones with SIGCONT.
    pane.start_shell()
    pane.run(pane.app(ENV))
    pane.wait(lambda s: count_shown(data.total, data.total).search(s), "the timeline",
              timeout=STARTUP)  # fmt: skip
    pid = pane.pid()
    pane.keys("C-z")
    pane.wait(lambda s: re.search(r"^\[1\]\+ +Stopped +", s, re.M), "bash's `Stopped` line")
    pane.tmux("kill-server")  # the terminal goes: a hangup (not pane.kill: no SIGKILL)
    assert_no_processes_left(pane.token)
    wait_until(lambda: not alive(pid), "csto-tui to finish exiting", 10)


def test_a_stray_sigcont_changes_nothing(pane: Pane, data: Data) -> None:
    # SIGCONT without a stop before it (`kill -CONT`; bash sends one with SIGHUP): the
    # screen stays, keys work, `q` quits (Textual alone would take the terminal a second
    # time: a blank screen and a hang on quit).
    pane.start(pane.app(ENV) + "; status=$?")
    every = count_shown(data.total, data.total)
    pane.wait(lambda s: every.search(s), "the timeline", timeout=STARTUP)
    os.kill(pane.pid(), signal.SIGCONT)
    pane.keys("j")
    pane.wait(lambda s: position(2, data.total).search(s) and every.search(s)
              and data.second_title[:30] in s, "the cursor on the second event")  # fmt: skip
    pane.keys("q")
    assert_terminal_restored(pane, 0)
    assert_no_traceback(pane)


# -- resizes -----------------------------------------------------------------------------------


def storm(pane: Pane, sizes: list[tuple[int, int]], seconds: float) -> None:
    """Resize the pane's window to each size in turn, evenly over `seconds`."""
    start = time.monotonic()
    for i, (width, height) in enumerate(sizes):
        pane.tmux("resize-window", "-t", "e2e", "-x", str(width), "-y", str(height))
        time.sleep(max(0.0, start + (i + 1) * seconds / len(sizes) - time.monotonic()))


def steps(a: tuple[int, int], b: tuple[int, int], n: int) -> list[tuple[int, int]]:
    """n sizes from a (excluded) to b (included), in a straight line."""
    return [(round(a[0] + (b[0] - a[0]) * i / n), round(a[1] + (b[1] - a[1]) * i / n))
            for i in range(1, n + 1)]  # fmt: skip


@pytest.mark.parametrize("final", [(100, 30), (132, 40)], ids=["100x30", "132x40"])
def test_resize_storm_ends_in_the_layout_of_a_fresh_start(
    pane: Pane, new_pane: Callable[..., Pane], data: Data, final: tuple[int, int]
) -> None:
    # A fresh start at the final size, for comparison: started first, read last.
    reference = new_pane("reference", *final)
    reference.start(reference.app(ENV) + "; status=$?")
    pane.start(pane.app(ENV) + "; status=$?")
    every = count_shown(data.total, data.total)
    pane.wait(lambda s: every.search(s), "the timeline", timeout=STARTUP)

    # 50 resizes in about a second: down to 20x5 (where the too-small notice shows, no
    # traceback), then up to the final size.
    tiny = (20, 5)
    storm(pane, steps((pane.width, pane.height), tiny, 25), 0.5)
    pane.wait(lambda s: TOO_SMALL in one_line(s), "the too-small notice at 20x5")
    assert pane.show("#{window_width}x#{window_height}") == "20x5"
    assert "Traceback" not in pane.raw()
    storm(pane, steps(tiny, final, 25), 0.5)
    assert pane.show("#{window_width}x#{window_height}") == f"{final[0]}x{final[1]}"

    reference.wait(lambda s: every.search(s) and data.first_title[:30] in s, "the fresh start",
                   timeout=STARTUP)  # fmt: skip
    try:  # both polled: a first frame may lack its scrollbars for a moment
        wait_until(lambda: pane.text() == reference.text(), "the layout of a fresh start")
    except AssertionError:
        raise AssertionError(
            "after the storm the screen is not that of a fresh start at "
            f"{final[0]}x{final[1]}:\n{screen_diff(reference.text(), pane.text())}"
        ) from None

    pane.keys("q")
    assert_terminal_restored(pane, 0)
    assert_no_traceback(pane)
    reference.keys("q")
    assert_terminal_restored(reference, 0)


# -- a signal while the editor runs ------------------------------------------------------------

FAKE_EDITOR = """\
#!/bin/sh
# A fake $EDITOR: says its pid, then waits as an editor would.
echo $$ > {pid}.tmp; mv {pid}.tmp {pid}
exec sleep 300
"""


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM], ids=["SIGHUP", "SIGTERM"])
def test_signal_while_the_editor_runs_ends_both(
    pane: Pane, data: Data, sig: signal.Signals
) -> None:
    # `e` hands the terminal to $EDITOR (on a copy of the data: the bundled file is not
    # editable); the signal must end the editor too, and give the terminal back.
    copy = pane.workdir / "data" / "events.yaml"
    copy.parent.mkdir()
    shutil.copyfile(bundled_data_path(), copy)
    editor = pane.workdir / "fake-editor.sh"
    editor_pid_file = pane.workdir / "editor.pid"
    editor.write_text(FAKE_EDITOR.format(pid=editor_pid_file))
    editor.chmod(0o755)
    pane.start(pane.app({**ENV, "EDITOR": str(editor)}, str(copy)) + "; status=$?")
    pane.wait(lambda s: count_shown(data.total, data.total).search(s), "the timeline",
              timeout=STARTUP)  # fmt: skip
    app_pid = pane.pid()

    pane.keys("e")
    editor_pid = int(pane.wait_file(editor_pid_file.name))
    assert alive(editor_pid)
    assert our_processes(pane.token).keys() >= {app_pid, editor_pid}
    pane.wait(lambda _: pane.show("#{alternate_on}") == "0", "the app suspended for the editor")

    os.kill(app_pid, sig)
    wait_until(lambda: not alive(editor_pid), f"the editor (pid {editor_pid}) to end", 10)
    assert_terminal_restored(pane, 128 + sig)
    assert_no_processes_left(pane.token)
    assert_no_traceback(pane)
