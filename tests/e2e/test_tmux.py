"""End to end: the real `csto-tui` binary in a tmux pane, keys in, screen text out.

The pane and the checks are in tests/e2e/tmux.py; the `pane` and `data` fixtures in
tests/e2e/conftest.py.
"""

from __future__ import annotations

import os
import re
import signal

import pytest

from .tmux import (
    ENVIRONMENTS,
    STARTUP,
    TMUX,
    Data,
    Pane,
    app_command,
    assert_no_processes_left,
    assert_no_traceback,
    assert_terminal_restored,
    colour_codes,
    count_shown,
    plain,
    reverse_video_lines,
    search,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)"),
]

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

    # `/` opens the search bar; every letter filters as it is typed; Enter returns to the
    # timeline (its keys are back in the footer), the search stays.
    filtered = search(pane, data, "channel")
    assert 0 < filtered < data.total
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
    pane.start(pane.app(ENVIRONMENTS["xterm-256color"]) + "; status=$?")
    every = count_shown(data.total, data.total)
    pane.wait(lambda s: every.search(s), "the timeline", timeout=STARTUP)
    pane.keys("j")  # the app is live, not just painted
    second = data.second_title[:30]
    pane.wait(lambda r: any(second in line for line in reverse_video_lines(r)),
              "the cursor on the second event", styled=True)  # fmt: skip
    assert pane.show("#{alternate_on}") == "1"
    os.kill(pane.pid(), sig)
    assert_terminal_restored(pane, 128 + sig)
    assert_no_processes_left(pane.token)  # no thread or child outlives it
    assert_no_traceback(pane)


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
