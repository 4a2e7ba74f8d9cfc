"""The browser app: wires the headless query engine to the timeline, sidebar and detail."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from csto_tui.export.card import event_markdown
from csto_tui.model.dataset import Dataset
from csto_tui.model.dates import EDTFError, parse_bound
from csto_tui.query import Facet, Query, QueryEngine, QueryError, Result, parse_terms
from csto_tui.query.index import bit_list
from csto_tui.query.words import query_words
from csto_tui.ui.commands import BrowserCommands
from csto_tui.ui.safe import inert, unicode_ok
from csto_tui.ui.screens.help import HelpScreen, binding_rows
from csto_tui.ui.widgets.detail import Detail, RelatedList
from csto_tui.ui.widgets.sidebar import FacetList, Sidebar
from csto_tui.ui.widgets.timeline import Timeline

MIN_WIDTH, MIN_HEIGHT = 60, 15


class LoadCancelled(Exception):
    """Raised in the loading thread when the app quits before the data is in."""


class CstoApp(App[int]):
    """Browse CSTO events. `paths`: YAML files/dirs; `options`: the list command's filters."""

    CSS_PATH = "app.tcss"
    TITLE = "csto-tui"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {BrowserCommands}
    ESCAPE_TO_MINIMIZE = False  # Escape is ours: it closes whatever is open, one thing at a time
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (120, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="app.search", key_display="/",
                tooltip="Search: filters as you type"),
        Binding("n", "next_match(1)", "Next match", id="app.next_match", show=False),
        Binding("N", "next_match(-1)", "Previous match", id="app.previous_match", show=False),
        Binding("h", "toggle_highlight", "Filter/highlight", id="app.search_mode", show=False,
                tooltip="Search filters the timeline, or only highlights (use n/N)"),
        Binding("t", "jump_date", "Jump to date", id="app.jump_date",
                tooltip="Jump to a date (EDTF: 2018, 2018-05, 2018-05-28)"),
        Binding("f", "focus_filters", "Filters", id="app.filters",
                tooltip="Focus the filter sidebar"),
        Binding("c", "filter_by('country')", "By country", id="app.filter_country",
                show=False, tooltip="Filter to the countries of this event"),
        Binding("b", "filter_by('body')", "By body", id="app.filter_body", show=False,
                tooltip="Filter to the bodies of this event"),
        Binding("x", "clear_filters", "Clear filters", id="app.clear_filters", show=False,
                tooltip="Clear all filters and the search"),
        Binding("s", "toggle_sidebar", "Sidebar", id="app.sidebar", show=False),
        Binding("r", "reverse", "Reverse", id="app.reverse", show=False,
                tooltip="Reverse the order"),
        Binding("y", "copy", "Copy", id="app.copy", show=False,
                tooltip="Copy the event as Markdown (OSC 52)"),
        Binding("question_mark,f1", "help", "Help", id="app.help", key_display="?"),
        Binding("escape", "back", "Back", id="app.back", show=False,
                tooltip="Close whatever is open"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit", "Quit", id="app.force_quit", show=False, priority=True),
        # Ctrl+C copies selected text (Textual's screen binding) and quits otherwise.
        Binding("ctrl+c", "quit", "Quit", id="app.interrupt", show=False),
    ]  # fmt: skip

    def __init__(
        self,
        paths: Sequence[str | os.PathLike[str]],
        options: dict[str, object] | None = None,
        dataset: Dataset | None = None,
    ) -> None:
        # NO_COLOR: Textual strips colours only for ANSI themes; for the others it emits
        # greys (and the colour codes with them). Native ANSI colours make it strip them all.
        super().__init__(ansi_color=True if "NO_COLOR" in os.environ else None)
        self.paths = list(paths)
        self.options = options or {}
        self.dataset: Dataset | None = dataset
        self.engine: QueryEngine | None = None
        self.active_query = Query()
        self.result: Result | None = None
        self.highlight_only = False
        self.matches: list[int] = []  # result indices matching the search in highlight mode
        self.date_texts = ("", "")
        self.ascii = not unicode_ok()
        self.error_message = ""
        self.animation_level = "none"  # nothing moves or repaints by itself over SSH

    def notify(self, message: str, *, markup: bool = False, **kwargs) -> None:  # type: ignore[no-untyped-def,override]
        """Notifications quote data and typed text: never read them as markup."""
        super().notify(message, markup=markup, **kwargs)

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        yield Static(id="banner")
        with Horizontal(id="main"):
            yield Timeline(id="timeline")
            yield Detail(id="detail")
            yield Sidebar(id="sidebar")
        with Horizontal(id="searchbar", classes="bar"):
            yield Static("/", classes="bar-label")
            yield Input(placeholder='search: words, "a phrase"', id="search", compact=True)
            yield Static(id="match-info")
        with Horizontal(id="jumpbar", classes="bar"):
            yield Static("date:", classes="bar-label")
            yield Input(placeholder="2018, 2018-05, 2018-05-28", id="jump", compact=True)
        yield Static(
            Text("The terminal is too small for csto-tui.\n"
                 f"Please make it at least {MIN_WIDTH}x{MIN_HEIGHT}. Ctrl+Q quits."),
            id="too-small",
        )  # fmt: skip
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = False  # a blinking cursor repaints while idle
        self.query_one("#banner").display = False
        self.query_one("#searchbar").display = False
        self.query_one("#jumpbar").display = False
        self._install_signal_handlers()
        self.query_one(Timeline).focus()
        self._update_status()
        if self.dataset is None:
            self.load_data()
        else:
            self._loaded(self.dataset, QueryEngine(self.dataset))

    def _install_signal_handlers(self) -> None:
        """SIGTERM and SIGHUP (a dropped SSH connection) exit cleanly, restoring the terminal."""
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, partial_exit(self, 128 + sig))

    def on_resize(self, event: events.Resize) -> None:
        small = event.size.width < MIN_WIDTH or event.size.height < MIN_HEIGHT
        self.screen.set_class(small, "-too-small")
        if event.size.width >= 120 and self.screen.maximized is not None:
            self.screen.minimize()  # wide enough again for the side-by-side detail

    # -- loading -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load", name="load")
    def load_data(self) -> None:
        from csto_tui.loader import load_dataset

        try:
            dataset = load_dataset(self.paths, progress=self._progress)
            self._progress("indexing")
        except LoadCancelled:
            return
        engine = QueryEngine(dataset)
        self.call_from_thread(self._loaded, dataset, engine)

    def _progress(self, message: str) -> None:
        """From the loading thread: show what is being done in the empty timeline.

        Also where a load stops when the user quits before it finished.
        """
        if get_current_worker().is_cancelled:
            raise LoadCancelled
        ellipsis = "..." if self.ascii else "…"
        self.call_from_thread(self._show_progress, f"Loading: {message}{ellipsis}")

    def _show_progress(self, text: str) -> None:
        timeline = self.query_one(Timeline)
        timeline.empty_text = text
        timeline.refresh()

    def _loaded(self, dataset: Dataset, engine: QueryEngine) -> None:
        self.dataset, self.engine = dataset, engine
        errors = dataset.errors
        if errors:
            banner = self.query_one("#banner", Static)
            first = inert(str(errors[0]))
            more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
            banner.update(Text(f"{len(errors)} data error{'s' if len(errors) > 1 else ''}; "
                               f"showing the {len(dataset.events)} valid events. "
                               f"First: {first}{more}. Run `csto-tui check` for all."))  # fmt: skip
            banner.display = True
        self.query_one(Timeline).empty_text = "No events match. x clears all filters."
        self.active_query = self._initial_query(engine)
        self.apply(self.active_query)

    def _initial_query(self, engine: QueryEngine) -> Query:
        o = self.options
        try:
            query = engine.parse(
                countries=o.get("country") or [], bodies=o.get("body") or [],  # type: ignore[arg-type]
                kinds=o.get("kind") or [], tags=o.get("tag") or [],  # type: ignore[arg-type]
                date_from=o.get("date_from"), date_to=o.get("date_to"),  # type: ignore[arg-type]
                search=str(o.get("search") or ""), reverse=bool(o.get("reverse")),
            )  # fmt: skip
        except QueryError as exc:  # only bodies and tags get here: they need the data
            self.error_message = f"csto-tui: error: {exc}"  # printed after the screen is gone
            self.exit(return_code=2)
            return Query()
        self.date_texts = (str(o.get("date_from") or ""), str(o.get("date_to") or ""))
        if query.text:
            search = self.query_one("#search", Input)
            with search.prevent(Input.Changed):
                search.value = query.text
            self.query_one("#searchbar").display = True
        return query

    # -- the one path from a query to the screen ------------------------------------------

    def apply(self, query: Query, *, keep: str | None = None) -> None:
        """Run `query` and show it everywhere: timeline, sidebar counts, header, detail."""
        if self.engine is None:
            return
        timeline = self.query_one(Timeline)
        keep = keep if keep is not None else (timeline.current.id if timeline.current else None)
        self.active_query = query
        shown = replace(query, text="") if self.highlight_only else query
        result = self.engine.run(shown)
        result.terms = parse_terms(query.text)
        self.result = result
        if self.highlight_only and query.text.strip():
            hits = set(bit_list(self.engine.mask(query)))
            self.matches = [i for i, g in enumerate(result.indices) if g in hits]
        else:
            self.matches = []
        timeline.set_result(result, keep=keep)
        sidebar = self.query_one(Sidebar)
        sidebar.update_facets(self.engine.facets(shown), query)
        sidebar.set_dates(query, *self.date_texts)
        self._update_status()  # the detail follows the timeline's Highlighted message

    def _update_status(self) -> None:
        status = self.query_one("#status", Static)
        if self.engine is None or self.result is None:
            status.update(Text(" csto-tui  loading" + ("..." if self.ascii else "…")))
            return
        sep = " | " if self.ascii else " │ "
        words = query_words(self.active_query, self.engine.dataset.registry, ascii=self.ascii)
        if self.highlight_only and self.active_query.text.strip():
            words += " (highlight)"
        text = Text(" csto-tui", style="bold")
        text.append(sep)
        text.append(inert(words))
        text.append(sep)
        text.append(f"{len(self.result)} of {self.result.total} events", style="bold")
        if self.active_query.reverse:
            text.append(", newest first")
        status.update(text)
        info = self.query_one("#match-info", Static)
        if self.highlight_only and self.active_query.text.strip():
            cursor = self.query_one(Timeline).cursor
            pos = next((n for n, i in enumerate(self.matches, 1) if i == cursor), 0)
            total = _count(len(self.matches), "match", "matches")
            info.update(Text(f" {pos} of {total}" if pos else f" {total}"))
        else:
            info.update(Text(f" {_count(len(self.result), 'event')}"))

    def _show_detail(self, event: object) -> None:
        terms = parse_terms(self.active_query.text)
        self.query_one(Detail).show(event, self.dataset, terms)  # type: ignore[arg-type]

    # -- messages from widgets -------------------------------------------------------------

    def on_timeline_highlighted(self, message: Timeline.Highlighted) -> None:
        self._show_detail(message.event)
        if self.highlight_only:
            self._update_status()

    def on_timeline_opened(self, message: Timeline.Opened) -> None:
        detail = self.query_one(Detail)
        if self.screen.has_class("-narrow"):
            self.screen.maximize(detail)
        detail.focus()

    def on_related_list_jump(self, message: RelatedList.Jump) -> None:
        timeline = self.query_one(Timeline)
        if self.dataset is None or self.dataset.event(message.event_id) is None:
            self.notify(f"{message.event_id} is not loaded (it has errors).", severity="warning")
            return
        if not timeline.move_to_id(message.event_id):
            # The related event was filtered out: show everything to reach it.
            self.action_clear_filters()
            self.notify("Filters cleared to show the related event.")
            timeline.move_to_id(message.event_id)
        self.screen.minimize()
        timeline.focus()

    def on_facet_list_toggled(self, message: FacetList.Toggled) -> None:
        if message.facet == "clear":
            self.action_clear_filters()
        elif message.facet == "year":
            self._toggle_year(int(message.value))
        else:
            self.apply(self.active_query.toggled(message.facet, message.value))  # type: ignore[arg-type]

    def on_facet_list_cleared(self, message: FacetList.Cleared) -> None:
        if message.facet == "year":
            self.date_texts = ("", "")
            self.apply(self.active_query.cleared("date"))
        elif message.facet in ("country", "body", "kind", "tag"):
            self.apply(self.active_query.cleared(message.facet))  # type: ignore[arg-type]

    def on_sidebar_date_changed(self, message: Sidebar.DateChanged) -> None:
        self.date_texts = (
            self.query_one("#date-from", Input).value, self.query_one("#date-to", Input).value
        )  # fmt: skip
        self.apply(replace(self.active_query, date_from=message.date_from, date_to=message.date_to))

    def _toggle_year(self, year: int) -> None:
        lo, hi = date(year, 1, 1), date(year, 12, 31)
        if self.active_query.date_from == lo and self.active_query.date_to == hi:
            self.date_texts = ("", "")
            self.apply(self.active_query.cleared("date"))
        else:
            self.date_texts = (str(year), str(year))
            self.apply(replace(self.active_query, date_from=lo, date_to=hi))

    def on_input_changed(self, message: Input.Changed) -> None:
        if message.input.id == "search":
            self.apply(replace(self.active_query, text=message.value))

    def on_input_submitted(self, message: Input.Submitted) -> None:
        if message.input.id == "search":
            self.query_one(Timeline).focus()
            if not message.value.strip():
                self.query_one("#searchbar").display = False
        elif message.input.id == "jump" and self.jump_to_text(message.value):
            self.query_one("#jumpbar").display = False
            self.query_one(Timeline).focus()

    # -- actions -------------------------------------------------------------------------

    def action_search(self) -> None:
        self.screen.minimize()  # a prompt under a full-screen detail would be typed blind
        self.query_one("#jumpbar").display = False
        self.query_one("#searchbar").display = True
        self.query_one("#search", Input).focus()

    def action_jump_date(self) -> None:
        self.screen.minimize()
        self.query_one("#searchbar").display = bool(self.active_query.text)
        bar = self.query_one("#jumpbar")
        bar.display = True
        field = self.query_one("#jump", Input)
        field.value = ""
        field.focus()

    def jump_to_text(self, text: str) -> bool:
        """Move the cursor to the first event shown from a date of any precision on.

        Oldest first: the first event starting on or after the date's first day. Newest
        first: the first event starting on or before its last day.
        """
        try:
            target = parse_bound(text.strip(), end=self.active_query.reverse)
        except EDTFError as exc:
            self.notify(f"{text!r}: {exc.message}", title="Not a date", severity="warning")
            return False
        timeline = self.query_one(Timeline)
        evs = timeline.events
        if not evs:
            return True
        ordinal = target.toordinal()

        def start(i: int) -> int:
            lower = evs[i].date.lower
            return lower.toordinal() if lower else 0

        if self.active_query.reverse:
            index = next((i for i in range(len(evs)) if start(i) <= ordinal), len(evs) - 1)
        else:
            index = next((i for i in range(len(evs)) if start(i) >= ordinal), len(evs) - 1)
        timeline.move_to(index)
        return True

    def action_next_match(self, direction: int) -> None:
        if not self.matches:
            if self.active_query.text.strip() and not self.highlight_only:
                self.notify("Search is filtering: every event shown matches. "
                            "Press h to only highlight.")  # fmt: skip
            return
        timeline = self.query_one(Timeline)
        cur = timeline.cursor
        if direction > 0:
            nxt = next((i for i in self.matches if i > cur), self.matches[0])
        else:
            nxt = next((i for i in reversed(self.matches) if i < cur), self.matches[-1])
        timeline.move_to(nxt)
        self._update_status()

    def action_toggle_highlight(self) -> None:
        self.highlight_only = not self.highlight_only
        mode = "highlights matches (n/N to move)" if self.highlight_only else "filters the timeline"
        self.notify(f"Search now {mode}.")
        self.apply(self.active_query)

    def action_focus_filters(self) -> None:
        self.screen.minimize()
        if self.screen.has_class("-narrow"):
            self.screen.add_class("-show-sidebar")
        else:
            self.screen.remove_class("-hide-sidebar")
        self.call_after_refresh(self.query_one(FacetList).focus)

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one(Sidebar)
        if self.screen.has_class("-narrow"):
            self.screen.toggle_class("-show-sidebar")
            self.screen.remove_class("-hide-sidebar")
        else:
            self.screen.toggle_class("-hide-sidebar")
            self.screen.remove_class("-show-sidebar")
        if sidebar.has_focus_within and not self._sidebar_visible():
            self.query_one(Timeline).focus()

    def _sidebar_visible(self) -> bool:
        if self.screen.has_class("-narrow"):
            return self.screen.has_class("-show-sidebar")
        return not self.screen.has_class("-hide-sidebar")

    def action_filter_by(self, facet: Facet) -> None:
        event = self.query_one(Timeline).current
        if event is None:
            return
        values = (
            frozenset(event.all_countries) if facet == "country"
            else frozenset(b.id for b in event.bodies)
        )  # fmt: skip
        if not values:
            self.notify(f"This event names no {'countries' if facet == 'country' else 'bodies'}.")
            return
        self.apply(self.active_query.with_values(facet, values), keep=event.id)

    def set_facet(self, facet: Facet, value: str) -> None:
        self.apply(self.active_query.with_values(facet, frozenset({value})))

    def action_clear_filters(self) -> None:
        self.date_texts = ("", "")
        search = self.query_one("#search", Input)
        with search.prevent(Input.Changed):
            search.value = ""
        self.query_one("#searchbar").display = False
        self.apply(self.active_query.cleared("all"))

    def action_reverse(self) -> None:
        self.apply(replace(self.active_query, reverse=not self.active_query.reverse))

    def action_copy(self) -> None:
        event = self.query_one(Timeline).current
        if event is None or self.dataset is None:
            return
        self.copy_to_clipboard(event_markdown(event, self.dataset))
        self.notify(f"Copied “{inert(event.title)[:50]}” as Markdown via OSC 52 "
                    "(works over SSH if your terminal allows clipboard writes).")  # fmt: skip

    def action_help(self) -> None:
        focused = self.focused
        name = type(focused).__name__ if focused else "app"
        rows = binding_rows(self.screen.active_bindings, self.get_key_display)
        self.push_screen(HelpScreen(rows, f"Keys for {name} and the app"))

    def action_back(self) -> None:
        """Escape closes one thing at a time: full-screen detail, bars, sidebar, focus."""
        search_bar, jump_bar = self.query_one("#searchbar"), self.query_one("#jumpbar")
        timeline = self.query_one(Timeline)
        if self.screen.maximized is not None:
            # The full-screen detail hides the search bar: close what the user sees first.
            self.screen.minimize()
            timeline.focus()
        elif jump_bar.display:
            jump_bar.display = False
            timeline.focus()
        elif search_bar.display or self.active_query.text:
            search = self.query_one("#search", Input)
            with search.prevent(Input.Changed):
                search.value = ""
            search_bar.display = False
            self.apply(replace(self.active_query, text=""))
            timeline.focus()
        elif self.screen.has_class("-show-sidebar"):
            self.screen.remove_class("-show-sidebar")
            timeline.focus()
        elif self.focused is not timeline:
            timeline.focus()

    def export_view(self, fmt: str) -> None:
        from csto_tui.export import render
        from csto_tui.export.atomic import write_atomic

        if self.result is None or self.dataset is None:
            return
        path = Path.cwd() / f"csto-tui-view.{fmt}"
        try:
            write_atomic(path, render(fmt, self.result.events, self.dataset))
        except OSError as exc:
            self.notify(f"Could not write {path}: {exc}", severity="error")
            return
        self.notify(f"Wrote {len(self.result)} events to {path}")


def _count(n: int, word: str, words: str = "") -> str:
    return f"{n} {word}" if n == 1 else f"{n} {words or word + 's'}"


def partial_exit(app: App[int], code: int):  # type: ignore[no-untyped-def]
    def handler() -> None:
        app.exit(return_code=code)

    return handler
