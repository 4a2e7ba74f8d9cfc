"""End to end, the settings file read by the real binary: its theme, its keymap, and the
notice of what it gets wrong, in a real terminal."""

from __future__ import annotations

import pytest

from .tmux import (
    ENVIRONMENTS,
    STARTUP,
    TMUX,
    Data,
    Pane,
    assert_no_traceback,
    assert_terminal_restored,
    colour_codes,
    count_shown,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)"),
]


def test_the_settings_apply_and_a_bad_value_is_a_notice(pane: Pane, data: Data) -> None:
    config = pane.workdir / "config.toml"
    config.write_text('theme = "csto-16"\nwatch = "yes"\n[keymap]\n"browser.search" = "ctrl+g"\n')
    env = {**ENVIRONMENTS["xterm-256color"], "CSTO_TUI_CONFIG": str(config)}
    pane.start(f"{pane.app(env)}; status=$?")
    pane.wait(lambda s: count_shown(data.total, data.total).search(s), "the timeline",
              timeout=STARTUP)  # fmt: skip
    # The file named from the current directory: the notice is narrow.
    pane.wait(lambda s: "config.toml:2:1: error: watch:" in s, "the notice")
    # csto-16 uses the terminal's 16 colours only, even where 256 are on offer.
    raw = pane.styled()
    assert colour_codes(raw) and not [c for c in colour_codes(raw) if c.startswith(("38", "48"))]
    pane.keys("C-g")
    pane.wait(lambda s: "search: words" in s, "the search bar, on the remapped key")
    pane.keys("Escape")
    pane.wait(lambda s: "search: words" not in s, "the search bar closed")
    pane.keys("q")
    assert_terminal_restored(pane, 0)
    assert_no_traceback(pane)
