"""The header: what is shown, in words that shorten to fit, and the count that never goes."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import RenderableType
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from csto_tui.model.registry import BodyRegistry
from csto_tui.query import Query
from csto_tui.query.words import query_words
from csto_tui.ui.glyphs import glyphs
from csto_tui.ui.render import Columns2, cut_text
from csto_tui.ui.safe import inert, unicode_ok


@dataclass(frozen=True)
class Status:
    query: Query
    shown: int
    total: int
    registry: BodyRegistry


class StatusBar(Static):
    """' csto-tui │ Kyrgyzstan or 9 more… │ 7 of 12 events': the words give way (values
    become counts, then the words are cut); the count and the order stay whole. While
    `searching` (a view is late) the count, still the one shown, says so."""

    status: reactive[Status | None] = reactive(None)
    searching: reactive[bool] = reactive(False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ascii = not unicode_ok()

    def render(self) -> RenderableType:
        g = glyphs()
        status = self.status
        if status is None:
            return Text(f" csto-tui  loading{g.ellipsis}")
        sep = g.sep
        q = status.query
        count = Text(sep)
        if self.searching:
            count.append(f"searching{g.ellipsis} ", style="italic")
        count.append(f"{status.shown} of {status.total} events", style="bold")
        if q.reverse:
            count.append(", newest first")
        count.append(" ")
        left = Text(" csto-tui", style="bold")
        left.append(sep)
        mode = " (highlight)" if q.highlight and q.searching else ""
        room = self.size.width - left.cell_len - count.cell_len - len(mode) - 1  # 1: the gap
        words = query_words(q, status.registry, ascii=self.ascii, width=room)
        left.append(cut_text(inert(words), max(1, room), ascii=self.ascii) + mode)
        return Columns2(left, count, ascii=self.ascii)
