"""Small Rich renderables that fit their text to the width they are given.

Tokens (a file:line, an id, a URL, a count) must never break across lines: these cut the
text with the truncation mark instead, at the end where the reader loses least.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Literal

from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style, StyleType
from rich.text import Text

from csto_tui.model.text import ELLIPSIS, cell_width, truncate

Cut = Literal["start", "middle", "end"]


def cut_text(text: str, width: int, *, cut: Cut = "end", ascii: bool = False) -> str:
    """`text` in at most `width` columns, the truncation mark where it was cut."""
    if cell_width(text) <= width:
        return text
    if cut == "end":
        return truncate(text, width, ascii=ascii)
    mark = ELLIPSIS[ascii]
    room = max(0, width - len(mark))
    if cut == "start":
        return mark + _tail(text, room)
    head = truncate(text, room // 2 + len(mark), ascii=ascii)[: -len(mark)]
    return head + mark + _tail(text, room - cell_width(head))


def _tail(text: str, width: int) -> str:
    out: list[str] = []
    used = 0
    for ch in reversed(text):
        w = cell_width(ch)
        if used + w > width:
            break
        out.append(ch)
        used += w
    return "".join(reversed(out))


class OneLine:
    """One line of text, cut to the width with a truncation mark rather than wrapped."""

    def __init__(
        self, text: str, style: StyleType = "", *, cut: Cut = "end", ascii: bool = False
    ) -> None:
        self.text = text
        self.style = style
        self.cut: Cut = cut
        self.ascii = ascii

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        style = console.get_style(self.style) if self.style else Style()
        yield Segment(cut_text(self.text, options.max_width, cut=self.cut, ascii=self.ascii), style)
        yield Segment.line()


class Columns2:
    """A left text cut to fit and a right text kept whole, right-aligned on one line:
    the facet rows of the sidebar ('[x] Kyrgyzstan      5') and the pane titles."""

    def __init__(self, left: Text, right: Text, *, ascii: bool = False) -> None:
        self.left = left
        self.right = right
        self.ascii = ascii

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        width = options.max_width
        right = self.right
        room = width - right.cell_len - (1 if right.cell_len else 0)
        left = self.left.copy()
        if left.cell_len > room:
            mark = ELLIPSIS[self.ascii]
            left.truncate(max(0, room - len(mark)))
            left.rstrip()
            left.append(mark)
        gap = width - left.cell_len - right.cell_len
        left.append(" " * max(1 if right.cell_len else 0, gap))
        left.append_text(right)
        left.truncate(width)
        yield from left.render(console)
        yield Segment.line()


def from_here(path: str) -> str | None:
    """`path` from the current directory when it is inside it (how a user would type it),
    else None."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return None
    return None if relative.startswith("..") else relative
