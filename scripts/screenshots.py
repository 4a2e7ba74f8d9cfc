"""Regenerate screenshots/*.svg with the app itself, on the bundled data.

    python scripts/screenshots.py [--out DIR]

Each screenshot starts a fresh app in a headless terminal of the given size (Textual's
`run_test`), waits for the data to load, presses the keys and exports the screen as SVG.
The files only change when what the app draws changes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the checkout's csto_tui, installed or not


def utf8_environment() -> None:
    """Draw as in a UTF-8 terminal with colours, whatever this shell's settings are.

    Under a C locale Python starts in UTF-8 mode, which the app reads as "ASCII terminal";
    that is decided at startup, so start again with LANG=C.UTF-8 (once).
    """
    dropped = ("LC_ALL", "LC_CTYPE", "NO_COLOR")
    ready = os.environ.get("LANG") == "C.UTF-8" and not set(dropped) & os.environ.keys()
    if (ready and not sys.flags.utf8_mode) or os.environ.get("CSTO_SCREENSHOTS_RESTARTED"):
        return
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(LANG="C.UTF-8", CSTO_SCREENSHOTS_RESTARTED="1")
    os.execve(sys.executable, [sys.executable, *sys.argv], env)


@dataclass(frozen=True)
class Shot:
    name: str
    size: tuple[int, int]
    keys: Sequence[str] = ()
    on_channel_final: bool = False  # the cursor on Operation Channel 2018's final stage
    no_color: bool = False
    broken: bool = False  # a copy of the data, then a bad edit of it: the banner
    theme: str = "textual-dark"  # as `theme = …` in the settings


SHOTS = (
    Shot("main-120x36.svg", (120, 36)),
    Shot("main-80x24.svg", (80, 24)),
    Shot("search-channel-80x24.svg", (80, 24), ("h", "slash", *"channel", "enter")),
    Shot("detail-channel-2018-120x36.svg", (120, 36), ("enter",), on_channel_final=True),
    Shot("help-120x36.svg", (120, 36), ("question_mark",)),
    Shot("sidebar-no-color-80x24.svg", (80, 24), ("f", "j", "j"), no_color=True),
    Shot("banner-80x24.svg", (80, 24), broken=True),
    Shot("problems-120x36.svg", (120, 36), ("d",), broken=True),
    Shot("theme-light-120x36.svg", (120, 36), on_channel_final=True, theme="textual-light"),
    Shot(
        "theme-high-contrast-120x36.svg",
        (120, 36),
        on_channel_final=True,
        theme="csto-high-contrast",
    ),
    Shot("theme-16-colours-80x24.svg", (80, 24), on_channel_final=True, theme="csto-16"),
    Shot("histogram-80x24.svg", (80, 24), on_channel_final=True),
    Shot("time-axis-120x36.svg", (120, 36), ("v", "s"), on_channel_final=True),
)

# The bad edit: two mistakes a curator makes, in two events.
BAD_EDIT = (("kind: operation", "kind: operatoin"), ('date: "2006"', 'date: "2006-13"'))


async def take(shot: Shot) -> str:
    from csto_tui.loader import load_dataset
    from csto_tui.loader.bundled import bundled_data_path
    from csto_tui.ui.app import CstoApp
    from csto_tui.ui.options import BrowseOptions

    # Load by a relative name, so the detail's 'file:line' reads the same in every checkout.
    data = bundled_data_path()
    os.chdir(data.parent)
    keys = list(shot.keys)
    if shot.on_channel_final:  # a count and G: the keys a user would type
        events = load_dataset([data]).events
        final = next(i for i, e in enumerate(events) if any(f.item == "opium" for f in e.figures))
        keys = [*str(final + 1), "G", *keys]
    if shot.no_color:
        os.environ["NO_COLOR"] = "1"  # read by Textual when the app starts
    else:  # and left set by the shot before: every later shot was drawn without colour
        os.environ.pop("NO_COLOR", None)
    if shot.broken:  # in a folder of its own, as a curator's checkout would be
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="csto-shot-"))
        (folder / data.name).write_text(data.read_text(encoding="utf-8"), encoding="utf-8")
        os.chdir(folder)
    from csto_tui.config.settings import Settings

    app = CstoApp(BrowseOptions(paths=(data.name,), watch=shot.broken),
                  settings=Settings(theme=shot.theme))  # fmt: skip
    async with app.run_test(size=shot.size) as pilot:
        if shot.broken:
            await wait_for_text(app, pilot, "of 12 events")
            text = Path(data.name).read_text(encoding="utf-8")
            for old, new in BAD_EDIT:
                text = text.replace(old, new, 1)
            Path(data.name).write_text(text, encoding="utf-8")
            await wait_for_text(app, pilot, "Kept the last good data")
        else:
            await app.workers.wait_for_complete()
        await pilot.pause()
        for key in keys:  # one at a time: focus moves a moment after a key
            await pilot.press(key)
            await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        return app.export_screenshot(title="csto-tui")


async def wait_for_text(app: object, pilot: object, text: str, timeout: float = 30) -> None:
    """Until the screen shows `text` (the watch worker never completes: no waiting on it)."""
    import re
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        svg = app.export_screenshot()  # type: ignore[attr-defined]
        if text in re.sub(r"&#160;|\xa0", " ", svg):
            return
        await pilot.pause(0.1)  # type: ignore[attr-defined]
    raise SystemExit(f"screenshots: {text!r} never showed")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots",
                        help="where to write the SVG files (default: screenshots/)")  # fmt: skip
    args = parser.parse_args(argv)
    args.out = args.out.resolve()  # `take` changes directory to load the data by name
    args.out.mkdir(parents=True, exist_ok=True)
    for shot in SHOTS:
        path = args.out / shot.name
        path.write_text(asyncio.run(take(shot)), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    utf8_environment()
    sys.exit(main())
