"""What a user sees, read through Textual's public screenshot API (`App.export_screenshot`).

The SVG Rich writes places each run of text at x = column × 12.2 on a clip path naming its
line, with a CSS class for its style; spaces-only runs are left out. From that we rebuild
the screen's lines and, per cell, whether it is bold, italic or underlined.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from textual.app import App

CHAR_WIDTH = 12.2  # Rich's export_svg: 0.61 × its 20px font
_TEXT = re.compile(
    r'<text class="([^"]+)" x="([\d.]+)" y="[\d.]+" textLength="([\d.]+)" '
    r'clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)</text>'
)
_CLASS = re.compile(r"\.([\w-]+) \{ ([^}]*) \}")
_RECT = re.compile(
    r'<rect fill="(#[0-9a-f]{6})" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" '
    r'height="[\d.]+" shape-rendering="crispEdges"/>'
)
_FILL = re.compile(r"fill: (#[0-9a-f]{6})")
LINE_HEIGHT, TOP = 24.4, 1.5


@dataclass(frozen=True)
class Cell:
    char: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    background: str = ""
    color: str = ""


def screen_cells(app: App) -> list[list[Cell]]:
    """The screen as rows of cells (what the terminal would show)."""
    width, height = app.size
    svg = app.export_screenshot()
    styles = {name: css for name, css in _CLASS.findall(svg)}
    backgrounds = [["" for _ in range(width)] for _ in range(height)]
    for fill, x, y, length in _RECT.findall(svg):
        line = round((float(y) - TOP) / LINE_HEIGHT)
        start = round(float(x) / CHAR_WIDTH)
        for col in range(start, min(width, start + round(float(length) / CHAR_WIDTH))):
            if 0 <= line < height:
                backgrounds[line][col] = fill
    rows = [[Cell(" ", background=backgrounds[y][x]) for x in range(width)]
            for y in range(height)]  # fmt: skip
    for cls, x, length, line, raw in _TEXT.findall(svg):
        text = html.unescape(raw).replace("\xa0", " ")
        css = styles.get(cls, "")
        column, cells = round(float(x) / CHAR_WIDTH), round(float(length) / CHAR_WIDTH)
        row = rows[int(line)]
        # A wide character takes two cells: spread the run over its cells.
        step = cells / max(1, len(text))
        for i, ch in enumerate(text):
            at = column + int(i * step)
            if 0 <= at < width:
                bg = backgrounds[int(line)][at]
                fill = _FILL.search(css)
                row[at] = Cell(ch, "bold" in css, "italic" in css, "underline" in css, bg,
                               fill.group(1) if fill else "")  # fmt: skip
    return rows


def screen_lines(app: App) -> list[str]:
    return ["".join(c.char for c in row).rstrip() for row in screen_cells(app)]


def screen_text(app: App) -> str:
    """The screen as plain text, one line per terminal row."""
    return "\n".join(screen_lines(app))


def line_with(app: App, needle: str) -> str:
    """The first screen line holding `needle` (AssertionError naming the screen if none)."""
    for line in screen_lines(app):
        if needle in line:
            return line
    raise AssertionError(f"{needle!r} is not on screen:\n{screen_text(app)}")


def styled(app: App, needle: str) -> list[Cell]:
    """The cells of the first occurrence of `needle` on screen."""
    for row in screen_cells(app):
        text = "".join(c.char for c in row)
        at = text.find(needle)
        if at >= 0:
            return row[at : at + len(needle)]
    raise AssertionError(f"{needle!r} is not on screen:\n{screen_text(app)}")


def reversed_lines(app: App) -> list[str]:
    """Under NO_COLOR, the text of each line drawn in reverse video: with colours gone, a
    cell whose background differs from the screen's is a reversed cell."""
    cells = screen_cells(app)
    counts: dict[str, int] = {}
    for row in cells:
        for c in row:
            counts[c.background] = counts.get(c.background, 0) + 1
    usual = max(counts, key=counts.__getitem__)
    return ["".join(c.char for c in row if c.background != usual).strip() for row in cells]
