"""Command palette (ctrl+p): filter by any country or body, jump to a year, clear, export."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from csto_tui.ui.safe import inert

if TYPE_CHECKING:
    from csto_tui.ui.app import CstoApp

EXPORT_FORMATS = ("csv", "json", "md", "ics", "yaml")


class BrowserCommands(Provider):
    """Commands built from the loaded data, so every value is one search away."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app: CstoApp = self.app  # type: ignore[assignment]
        out: list[tuple[str, Callable[[], object], str]] = [
            ("Clear all filters", app.action_clear_filters, "Show every event"),
            ("Toggle sidebar", app.action_toggle_sidebar, "Show or hide the filter sidebar"),
            ("Reverse order", app.action_reverse, "Newest first / oldest first"),
            ("Toggle search mode: filter or highlight", app.action_toggle_highlight,
             "Search filters the timeline, or only highlights with n/N"),
        ]  # fmt: skip
        engine = app.engine
        if engine is None:
            return out
        for fmt in EXPORT_FORMATS:
            where = f"csto-tui-view.{fmt} in the current directory"
            out.append((f"Export view as {fmt}", partial(app.export_view, fmt),
                        f"Write the events shown to {where}"))  # fmt: skip
        facets = engine.facets(app.active_query)
        for v in facets.get("country", []):
            action = partial(app.set_facet, "country", v.value)
            out.append((f"Filter by country: {v.label} ({v.value})", action, _events(v.count)))
        for v in facets.get("body", []):
            body = engine.dataset.registry.get(v.value)
            name = body.name if body else v.value
            out.append((f"Filter by body: {name}", partial(app.set_facet, "body", v.value),
                        _events(v.count)))  # fmt: skip
        for y in engine.years:
            out.append((f"Jump to year {y}", partial(app.jump_to_text, str(y)),
                        "Move the cursor to the first event of that year"))  # fmt: skip
        return out

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands()[:12]:
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, _highlight(matcher, name), callback, text=name, help=help_text)


def _events(n: int) -> str:
    return "1 event" if n == 1 else f"{n} events"


def _highlight(matcher: Matcher, name: str) -> Content:
    """Like `Matcher.highlight`, but names from data are plain text, never markup."""
    content = Content(inert(name))
    _score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize("bold underline", offset, offset + 1)
    return content
