"""Shared helpers for Pilot tests: start the app on fixed data, read the screen as text."""

from __future__ import annotations

import pytest

from csto_tui.loader import load_dataset
from csto_tui.loader.bundled import bundled_data_path
from csto_tui.ui.app import CstoApp


@pytest.fixture(autouse=True)
def _utf8_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the same glyphs whatever the developer's locale is."""
    monkeypatch.setenv("LANG", "C.UTF-8")
    # Under a C locale Python switches on UTF-8 mode, which the app reads as an ASCII
    # terminal; an explicit PYTHONUTF8 says the terminal really is UTF-8.
    monkeypatch.setenv("PYTHONUTF8", "1")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_CTYPE", raising=False)


@pytest.fixture(scope="session")
def bundled():
    return load_dataset([bundled_data_path()])


def screen_text(app: CstoApp) -> str:
    """What the terminal shows, as plain lines (the compositor's strips)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


async def ready(app: CstoApp, pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait for the loader worker and the first paint."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    for inp in app.query("Input"):
        inp.cursor_blink = False  # deterministic frames
