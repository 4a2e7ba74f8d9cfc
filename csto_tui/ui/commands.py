"""Command palette (ctrl+p): filter by any value that has matches, jump to a year, export.

Commands post messages to the browser screen, which owns the state; nothing here calls
into the app.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.message import Message

from csto_tui.export import FORMATS
from csto_tui.model.countries import russian_name
from csto_tui.model.text import plural
from csto_tui.ui.glyphs import glyphs
from csto_tui.ui.messages import ApplyQuery, ExportRequested, JumpToDate, OpenView, RunAction
from csto_tui.ui.safe import inert, unicode_ok

Command = tuple[str, Callable[[], object], str]


class BrowserCommands(Provider):
    """Commands built from the loaded data, so every value is one search away."""

    _saved: list[Command] | None = None  # the saved views' commands, once read

    def _post(self, message: Message) -> Callable[[], object]:
        return partial(self.screen.post_message, message)

    def _commands(self) -> list[Command]:
        dots = glyphs().ellipsis  # the dialog asks for more: '…', ASCII '...' under LANG=C
        out: list[Command] = [
            ("Clear all filters", self._post(RunAction("clear_filters")), "Show every event"),
            ("Toggle sidebar", self._post(RunAction("toggle_sidebar")),
             "Show or hide the filter sidebar"),
            ("Reverse order", self._post(RunAction("reverse")), "Newest first / oldest first"),
            ("Toggle search mode: filter or highlight", self._post(RunAction("toggle_highlight")),
             "Search filters the timeline, or only highlights with n/N"),
            (f"Export the view{dots}", self._post(ExportRequested()),
             "Write the events shown to a file: choose the format and where"),
        ]  # fmt: skip
        for fmt in FORMATS:
            out.append((f"Export the view as {fmt}{dots}", self._post(ExportRequested(fmt)),
                        f"Write the events shown as {fmt}; asks where"))  # fmt: skip
        out.append((f"Save the view{dots}", self._post(RunAction("save_view")),
                    "Name the filters, search and order shown (ctrl+s)"))  # fmt: skip
        if self._saved is None:  # views.json read once per palette, not once per keystroke
            self._saved = self._views()
        out += self._saved
        view = getattr(self.screen, "view", None)
        engine = getattr(self.screen, "engine", None)
        if view is None or engine is None:
            return out
        query = view.query
        unicode = unicode_ok()  # else a Russian name would read as the English one again
        for v in view.facets.get("country", []):
            q = query.with_values("country", frozenset({v.value}))
            ru = russian_name(v.value) if unicode else None
            names = f"{v.value}, {ru}" if ru else v.value  # found by typing either
            out.append((f"Filter by country: {v.label} ({names})", self._post(ApplyQuery(q)),
                        plural(v.count, "event")))  # fmt: skip
        for v in view.facets.get("body", []):
            body = engine.dataset.registry.get(v.value)
            q = query.with_values("body", frozenset({v.value}))
            abbrs = [a for a in (body.abbr, *body.other_abbrs) if a] if body else []
            label = (body.name if body else v.value) + (f" ({', '.join(abbrs)})" if abbrs else "")
            out.append((f"Filter by body: {label}", self._post(ApplyQuery(q)),
                        plural(v.count, "event")))  # fmt: skip
        for y in engine.years:
            out.append((f"Jump to year {y}", self._post(JumpToDate(str(y))),
                        "Move the cursor to the first event of that year"))  # fmt: skip
        return out

    def _views(self) -> list[Command]:
        """One command per saved view; a views file that cannot be read gives none (the
        browser says why when a view is opened or saved)."""
        from csto_tui.config.views import ViewStore

        views, _problem = ViewStore().load()
        ordered = sorted(views.items(), key=lambda kv: kv[0].casefold())
        return [(f"Open view: {inert(name)}", self._post(OpenView(name)), inert(view.describe()))
                for name, view in ordered]  # fmt: skip

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands()[:12]:
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            # Matched as shown: on an ASCII terminal 'ОДКБ' reads 'ODKB', and is typed so.
            shown = inert(name)
            score = matcher.match(shown)
            if score > 0:
                yield Hit(score, _highlight(matcher, shown), callback, text=name, help=help_text)


def _highlight(matcher: Matcher, name: str) -> Content:
    """Like `Matcher.highlight`, but names from data are plain text, never markup."""
    content = Content(inert(name))
    _score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize("bold underline", offset, offset + 1)
    return content
