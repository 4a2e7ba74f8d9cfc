"""The header: what is shown, in words that shorten to fit, and the count that never goes."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.console import RenderableType
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from csto_tui.model.registry import BodyRegistry
from csto_tui.query import Query
from csto_tui.query.model import SINCE_VALUES
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
    since: reactive[str] = reactive("")  # the --since revision as written, set by the screen

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
        since = self._since_words(q)
        joint = " - " if self.ascii else " · "  # as query_words joins its sections
        if since:  # first: what the whole view is about, and the last words to be cut
            q = replace(q, since=frozenset())
        rest = room - len(since) - len(joint) if since else room
        words = inert(query_words(q, status.registry, ascii=self.ascii, width=max(1, rest)))
        if since:
            words = since if words == "all events" else f"{since}{joint}{words}"
        left.append(cut_text(words, max(1, room), ascii=self.ascii) + mode)
        return Columns2(left, count, ascii=self.ascii)

    def _since_words(self, query: Query) -> str:
        """'changed since main', 'new or changed since HEAD~2': the Since filter in words."""
        if not (query.since and self.since):
            return ""
        values = " or ".join(v for v in SINCE_VALUES if v in query.since)
        return f"{values} since {inert(self.since, ascii=self.ascii)}"
