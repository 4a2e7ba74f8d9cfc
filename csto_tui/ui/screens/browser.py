"""The browser screen: owns the query, the view it gives and the layout, as reactives.

Widgets receive what they show (`view` is bound down to the timeline and the sidebar)
and post messages; the load and query workers post messages too and never touch a widget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import reactive, var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from csto_tui.config.history import SearchHistory
from csto_tui.model.dataset import Dataset
from csto_tui.model.diagnostics import Diagnostic
from csto_tui.model.records import Event
from csto_tui.model.text import plural
from csto_tui.query import Query, QueryEngine
from csto_tui.query.view import View, build_view
from csto_tui.session.live import LiveDataset
from csto_tui.ui.glyphs import glyphs
from csto_tui.ui.messages import (
    ApplyQuery,
    DatasetLoaded,
    DatesChanged,
    ExportRequested,
    FacetCleared,
    FacetToggled,
    JumpToDate,
    JumpToEvent,
    MoveCursor,
    RunAction,
    ViewReady,
)
from csto_tui.ui.options import BrowseOptions
from csto_tui.ui.render import cut_text
from csto_tui.ui.safe import inert, unicode_ok
from csto_tui.ui.screens.curating import Curating
from csto_tui.ui.screens.jumps import Jumps
from csto_tui.ui.screens.loading import Loading
from csto_tui.ui.screens.saved_views import SavedViews
from csto_tui.ui.screens.since import SinceRevision
from csto_tui.ui.widgets.detail import Detail
from csto_tui.ui.widgets.histogram import Histogram
from csto_tui.ui.widgets.panes import Pane
from csto_tui.ui.widgets.prompts import DateInput, SearchInput
from csto_tui.ui.widgets.sidebar import FacetList, Sidebar
from csto_tui.ui.widgets.status import Status, StatusBar
from csto_tui.ui.widgets.timeline import Timeline

MIN_WIDTH, MIN_HEIGHT = 60, 15
HISTOGRAM_MIN_HEIGHT = 20  # a shorter screen gives the histogram's two lines to the rows
WIDE = 120


class BrowserScreen(Loading, SinceRevision, Curating, Jumps, SavedViews, Screen[None]):
    """Timeline, detail and filter sidebar over one dataset.

    Its concerns besides the query, the view and the layout are mixins, each in a module
    of its own: Loading (the first load and the reloads), SinceRevision (`--since`),
    Curating (the problems, editing), Jumps (t, links, n/N, ctrl+o), SavedViews (ctrl+s,
    `--view`, `restore_last_view`). The bindings of all stay here, where the keymaps and
    the help read them; so do the `@on` handlers (Textual collects those per class)."""

    HELP_NAME = "the browser"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (WIDE, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="browser.search", key_display="/",
                tooltip="Search: filters as you type (Up/Down move through the results)"),
        Binding("n", "next_match(1)", "Next match", id="browser.next_match", show=False,
                tooltip="Next match (next row when the search filters)"),
        Binding("N", "next_match(-1)", "Previous match", id="browser.previous_match",
                show=False, tooltip="Previous match"),
        Binding("h", "toggle_highlight", "Filter/highlight", id="browser.search_mode",
                show=False, tooltip="Search filters the timeline, or only highlights (n/N)"),
        Binding("t", "jump_date", "Jump to date", id="browser.jump_date",
                tooltip="Jump to a date or period: 2018, 2018-05, 2018-05-28"),
        Binding("f", "focus_filters", "Filters", id="browser.filters",
                tooltip="Focus the filter sidebar"),
        Binding("c", "filter_by('country')", "By country", id="browser.filter_country",
                show=False, tooltip="Filter to the countries of this event"),
        Binding("b", "filter_by('body')", "By body", id="browser.filter_body", show=False,
                tooltip="Filter to the bodies of this event"),
        Binding("x", "clear_filters", "Clear filters", id="browser.clear_filters", show=False,
                tooltip="Clear all filters and the search"),
        Binding("s", "toggle_sidebar", "Sidebar", id="browser.sidebar", show=False,
                tooltip="Show or hide the filter sidebar"),
        Binding("r", "reverse", "Reverse", id="browser.reverse", show=False,
                tooltip="Reverse the order"),
        Binding("y", "copy", "Copy", id="browser.copy", show=False,
                tooltip="Copy the event as Markdown (OSC 52)"),
        Binding("ctrl+o,backspace", "jump_back", "Jump back", id="browser.jump_back",
                show=False, tooltip="Back to where you were before following a link or a jump"),
        Binding("escape", "back", "Back", id="browser.back", show=False,
                tooltip="Close what is open: prompt, search, full-screen detail, sidebar"),
        Binding("e", "edit", "Edit", id="browser.edit", show=False,
                tooltip="Edit the event: its file in $VISUAL / $EDITOR at its line"),
        Binding("a", "add_event", "Add event", id="browser.add_event", show=False,
                tooltip="Add a skeleton event to this event's file and edit it there"),
        Binding("d", "problems", "Problems", id="browser.problems",
                tooltip="List every problem of the data (Enter: go there, e: edit there)"),
        Binding("ctrl+r", "reload", "Reload", id="browser.reload", show=False,
                tooltip="Read the files again now (a removed file is then let go)"),
        Binding("ctrl+s", "save_view", "Save view", id="browser.save_view", show=False,
                tooltip="Save the filters, search and order as a named view (--view NAME)"),
        Binding("v", "time_axis", "Time axis", id="browser.time_axis", show=False,
                tooltip="Show the events on a time axis, or as the list again"),
        Binding("H", "toggle_histogram", "Histogram", id="browser.histogram", show=False,
                tooltip="Show or hide the histogram of the events shown per year or month"),
    ]  # fmt: skip

    # Below this many events a view is built on the UI thread, in the call that asked for
    # it: well under a millisecond, nothing flickers, and what a key did is on screen when
    # the key returns (the bundled data, the Pilot tests). From here up the "query" worker
    # builds it, so a keystroke never waits for a view (tens of ms at 100,000 events).
    SYNC_BELOW: ClassVar[int] = 2000
    SEARCHING_AFTER: ClassVar[float] = 0.1  # seconds: a view slower than this says so

    query_state: reactive[Query] = reactive(Query, init=False)
    view: reactive[View | None] = reactive(None, init=False)
    searching: reactive[bool] = reactive(False, init=False)  # a view is late (worker path)
    current: var[Event | None] = var(None)
    position: var[int] = var(0)
    sidebar: reactive[str] = reactive("auto", init=False)  # auto, shown or hidden
    detail_full: reactive[bool] = reactive(False, init=False)
    time_axis: reactive[bool] = reactive(False, init=False)  # the timeline as a time axis (v)
    histogram: var[bool] = var(True, init=False)  # the strip on (H; the settings' default)
    # What the widgets show, bound down to them (data_bind).
    empty_text: reactive[str] = reactive("", init=False)
    load_fraction: reactive[float | None] = reactive(None, init=False)  # of the bytes
    timeline_info: reactive[str] = reactive("")
    timeline_title: reactive[str] = reactive("Timeline")
    detail_info: reactive[str] = reactive("")

    def __init__(self, options: BrowseOptions, dataset: Dataset | None = None) -> None:
        super().__init__()
        self.options = options
        self.dataset = dataset
        self.engine: QueryEngine | None = None
        self.ascii = not unicode_ok()
        self._history: list[tuple[Query, str | None]] = []
        self._count = 0
        self._keys_state: tuple[bool, ...] = ()
        self._match_info = ""
        self._generation = 0  # of the newest query asked for
        self._shown = 0  # generation of the view shown
        self._searching_timer: Timer | None = None
        self._when_shown: list[Callable[[], None]] = []  # waiting for the newest view
        self._query_worker: Worker[None] | None = None  # building the newest query's view
        self.live: LiveDataset | None = None  # the files, when read from paths: reloads
        self._problems: list[Diagnostic] = []  # of the files as they are now
        self._problems_heading = ""
        self._problem_data: Dataset | None = None  # the read the problems are about
        self._view_name = options.view or ""  # the saved view last opened or saved
        self._searches = SearchHistory()  # read when `/` first opens the search

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status").data_bind(BrowserScreen.searching)
        yield Static(id="banner")
        with Horizontal(id="main"):
            yield Sidebar(id="sidebar").data_bind(BrowserScreen.view)
            timeline = Timeline(id="timeline").data_bind(BrowserScreen.view)
            timeline.data_bind(BrowserScreen.load_fraction, BrowserScreen.time_axis)
            strip = Histogram(id="histogram").data_bind(BrowserScreen.view, BrowserScreen.current)
            pane = Pane("Timeline", strip, timeline.data_bind(BrowserScreen.empty_text),
                        id="timeline-pane")  # fmt: skip
            yield pane.data_bind(info=BrowserScreen.timeline_info,
                                 title=BrowserScreen.timeline_title)  # fmt: skip
            yield Pane("Detail", Detail(id="detail"), id="detail-pane").data_bind(
                info=BrowserScreen.detail_info
            )
        with Horizontal(id="searchbar", classes="bar"):
            yield Static("/", classes="bar-label")
            yield SearchInput(placeholder='search: words, "a phrase"', id="search", compact=True)
            yield Static(id="match-info")
        with Horizontal(id="jumpbar", classes="bar"):
            yield Static("date:", classes="bar-label")
            yield DateInput(placeholder="2018, 2018-05, 2018-05-28 or a period", id="jump",
                            compact=True)  # fmt: skip
        yield Static(
            Text("The terminal is too small for csto-tui.\n"
                 f"Please make it at least {MIN_WIDTH}x{MIN_HEIGHT}. Ctrl+Q quits."),
            id="too-small",
        )  # fmt: skip
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = False  # a blinking cursor repaints while idle
        for widget_id in ("#banner", "#searchbar", "#jumpbar"):
            self.query_one(widget_id).display = False
        self.query_one(Timeline).focus()
        self.histogram = self.app.settings.histogram  # type: ignore[attr-defined]
        if self.dataset is None:
            self.live = LiveDataset(self.options.paths, cache=self.options.cache)
            self.load_data()
        else:
            self.post_message(DatasetLoaded(self.dataset, QueryEngine(self.dataset)))

    def on_resize(self, event: events.Resize) -> None:
        small = event.size.width < MIN_WIDTH or event.size.height < MIN_HEIGHT
        self.set_class(small, "-too-small")
        self._show_histogram(event.size.height)
        if event.size.width >= WIDE:
            self.detail_full = False  # wide enough again for the side-by-side detail
        self._keep_focus()

    def on_screen_suspend(self) -> None:
        self.add_class("-covered")  # under a dialog: no pane looks focused (app.tcss)

    def on_screen_resume(self) -> None:
        self.remove_class("-covered")
        self._keep_focus()

    def _keep_focus(self) -> None:
        """After the layout changes (a breakpoint, the sidebar, the full-screen detail, a
        tiny terminal), focus must be on something shown: else on the timeline."""
        self.call_after_refresh(self._refocus)

    def _refocus(self) -> None:
        focused = self.focused
        hidden = focused is None or any(
            not node.display for node in focused.ancestors_with_self if node is not self.app
        )
        if hidden and not self.has_class("-too-small"):
            self.query_one(Timeline).focus()

    def watch_sidebar(self) -> None:
        self.set_class(self.sidebar == "shown", "-sidebar-shown")
        self.set_class(self.sidebar == "hidden", "-sidebar-hidden")
        self._keep_focus()

    @property
    def sidebar_visible(self) -> bool:
        if self.has_class("-narrow"):
            return self.sidebar == "shown"
        return self.sidebar != "hidden"

    def watch_histogram(self) -> None:
        self._show_histogram()

    def _show_histogram(self, height: int | None = None) -> None:
        """On when asked for (H, the settings) and the screen is tall enough for it."""
        tall = (self.size.height if height is None else height) >= HISTOGRAM_MIN_HEIGHT
        self.query_one(Histogram).display = self.histogram and tall

    def action_toggle_histogram(self) -> None:
        self.histogram = not self.histogram
        if self.histogram and self.size.height < HISTOGRAM_MIN_HEIGHT:
            self.app.notify(f"The histogram shows on screens of {HISTOGRAM_MIN_HEIGHT} "
                            "lines or more.")  # fmt: skip

    def watch_detail_full(self, full: bool) -> None:
        self.set_class(full, "-detail-full")
        if full:
            self.sidebar = "auto"  # the two share the narrow screen: one at a time
            self.query_one(Detail).focus()
        elif self.query_one("#detail-pane").has_focus_within:
            self.query_one(Timeline).focus()
        self._show_position()
        self._refresh_keys()

    # -- workers that fail, the banner (the loads themselves: Loading) ---------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that fails says so on screen, never as a traceback."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        self._banner(f"{event.worker.name} failed: {inert(str(error) or type(error).__name__)}")
        if event.worker.name == "load":
            self.empty_text = "Nothing loaded. Ctrl+Q quits."
            self.load_fraction = None
        elif event.worker is self._query_worker:  # the newest query's: its view never comes
            self._shown = self._generation  # the view shown stays; the next change tries again
            self._stop_searching()
            self._when_shown.clear()

    def _banner(self, text: str) -> None:
        banner = self.query_one("#banner", Static)
        banner.update(Text(text))
        banner.display = True

    # -- the one path from a query to the screen ------------------------------------------

    def _apply(self, query: Query, keep: str | None = None, *, fresh: bool = False) -> None:
        """Show `query`, the cursor on event `keep` when it is shown (`fresh`: the data
        changed, so the view is built again even for the same query).

        The query (and the prompts showing it) change at once; its view follows: built
        here for small datasets (SYNC_BELOW), else by the "query" worker, whose answer
        (ViewReady) is shown only if no newer query was asked for meanwhile. A view later
        than SEARCHING_AFTER says "searching" until it comes.
        """
        if not fresh and query == self.query_state and self.view is not None and not self._pending:
            position = self.view.position(keep) if keep is not None else None
            if position is not None:
                self.query_one(Timeline).move_to(position)
            return
        self.set_reactive(BrowserScreen.query_state, query)
        self._sync_prompts()
        if self.engine is None:
            return
        self._generation += 1
        if len(self.engine.events) < self.SYNC_BELOW:
            self._show_view(build_view(self.engine, query, keep, ascii=self.ascii,
                                       date_style=self._date_style),
                            self._generation)  # fmt: skip
            return
        if self._searching_timer is None:  # late since the first query not yet shown
            self._searching_timer = self.set_timer(self.SEARCHING_AFTER, self._late)
        self._query_worker = self._build_view(self.engine, query, keep, self._generation)

    @work(thread=True, exclusive=True, group="query", name="query", exit_on_error=False)
    def _build_view(
        self, engine: QueryEngine, query: Query, keep: str | None, generation: int
    ) -> None:
        """Off the UI thread: a newer query cancels this one, whose answer the screen then
        drops by its generation (a thread cannot be stopped midway)."""
        if get_current_worker().is_cancelled:
            return  # superseded before it started
        view = build_view(engine, query, keep, ascii=self.ascii, date_style=self._date_style)
        self.post_message(ViewReady(view, generation))

    def on_view_ready(self, message: ViewReady) -> None:
        message.stop()  # handled here: the app has nothing to add
        if message.generation == self._generation:  # else stale: a newer query is coming
            self._show_view(message.view, message.generation)

    @property
    def _date_style(self) -> str:
        return self.app.settings.date_style  # type: ignore[attr-defined,no-any-return]

    @property
    def _pending(self) -> bool:
        """Whether the view shown is older than the query."""
        return self._shown != self._generation

    def _show_view(self, view: View, generation: int) -> None:
        self._shown = generation
        self._stop_searching()
        self.empty_text = "No events match. x clears all filters."
        self.view = view
        self._show_status()
        self._refresh_keys()
        waiting, self._when_shown = self._when_shown, []
        for callback in waiting:
            callback()

    def _when_current(self, callback: Callable[[], None]) -> None:
        """Run `callback` on the newest view: now, or when it is shown (a key that reads
        the view, pressed while it is being built, acts on what the user asked for)."""
        if self._pending:
            self._when_shown.append(callback)
        else:
            callback()

    def _late(self) -> None:
        """The timer's end: the view is still not in."""
        self._searching_timer = None
        if self._pending:
            self.searching = True

    def _stop_searching(self) -> None:
        if self._searching_timer is not None:
            self._searching_timer.stop()
            self._searching_timer = None
        self.searching = False

    def watch_searching(self) -> None:
        self._show_position()

    def _sync_prompts(self) -> None:
        """The search field shows the query's text, whoever changed it."""
        search = self.query_one("#search", Input)
        if search.value != self.query_state.text:
            with search.prevent(Input.Changed):
                search.value = self.query_state.text
        bar = self.query_one("#searchbar")
        bar.display = bool(self.query_state.text) or search.has_focus

    def _show_status(self) -> None:
        view = self.view
        if view is None or self.dataset is None:
            return
        self.query_one(StatusBar).status = Status(
            view.query, len(view), len(self.dataset.events), self.dataset.registry
        )
        self._show_position()

    def _show_position(self) -> None:
        """'5 of 12' in the timeline's title (and the full-screen detail's), match info."""
        view = self.view
        n = len(view) if view else 0
        where = f"{self.position + 1} of {n}" if n else "none shown"
        count = f"count {self._count}  " if self._count else ""
        self.timeline_info = count + where
        self.detail_info = where if self.detail_full else ""
        if self.searching:
            text = f" searching{glyphs().ellipsis}"
        elif view is not None and view.query.highlight and view.query.searching:
            rank = view.match_number(self.position)
            total = plural(len(view.matches), "match", "matches")
            text = f" {rank} of {total}" if rank else f" {total}"
        else:
            text = f" {plural(n, 'event')}"
        if text != self._match_info:  # an update lays the bar out again: only on change
            self._match_info = text
            self.query_one("#match-info", Static).update(Text(text))

    # -- messages from widgets -------------------------------------------------------------

    def on_timeline_highlighted(self, message: Timeline.Highlighted) -> None:
        message.stop()  # handled here: the app has nothing to add
        self.current, self.position = message.event, message.index
        terms = self.view.terms if self.view else None
        if terms is not None:
            self.query_one(Detail).show(message.event, self.dataset, terms)
        self._show_position()
        self._refresh_keys()

    def on_timeline_axis_changed(self, message: Timeline.AxisChanged) -> None:
        message.stop()  # handled here: the app has nothing to add
        zoom = message.zoom
        self.timeline_title = "Timeline" if zoom is None else f"Time axis ({zoom.label})"

    def on_timeline_count_changed(self, message: Timeline.CountChanged) -> None:
        message.stop()  # handled here: the app has nothing to add
        self._count = message.count
        self._show_position()

    def on_timeline_opened(self, message: Timeline.Opened) -> None:
        message.stop()  # handled here: the app has nothing to add
        if self.has_class("-narrow"):
            self.detail_full = True
        self.query_one(Detail).focus()

    def on_move_cursor(self, message: MoveCursor) -> None:
        message.stop()  # handled here: the app has nothing to add
        timeline = self.query_one(Timeline)
        timeline.move_to(timeline.cursor + message.delta)

    def on_jump_to_event(self, message: JumpToEvent) -> None:
        message.stop()  # handled here: the app has nothing to add
        self._when_current(lambda: self._jump_to_event(message.event_id))

    def on_apply_query(self, message: ApplyQuery) -> None:
        message.stop()  # handled here: the app has nothing to add
        self._apply(message.query, message.keep)

    async def on_run_action(self, message: RunAction) -> None:
        message.stop()  # handled here: the app has nothing to add
        await self.run_action(message.action)

    def on_jump_to_date(self, message: JumpToDate) -> None:
        message.stop()  # handled here: the app has nothing to add
        self.jump_to_text(message.text)

    def on_export_requested(self, message: ExportRequested) -> None:
        message.stop()  # handled here: the app has nothing to add
        from csto_tui.ui.screens.export import ExportScreen

        def done(note: str | None) -> None:
            if note:
                self.app.notify(note)

        def export() -> None:  # the events of the newest query, once its view is in
            if self.view is not None and self.dataset is not None:
                self.app.push_screen(ExportScreen(self.view.events, self.dataset, message.fmt),
                                     done)  # fmt: skip

        self._when_current(export)

    def on_facet_toggled(self, message: FacetToggled) -> None:
        message.stop()  # handled here: the app has nothing to add
        if message.facet == "year":
            self._toggle_year(int(message.value))
        else:
            self._apply(self.query_state.toggled(message.facet, message.value))  # type: ignore[arg-type]

    def on_facet_cleared(self, message: FacetCleared) -> None:
        message.stop()  # handled here: the app has nothing to add
        facet = "date" if message.facet == "year" else message.facet
        if facet in ("date", "country", "body", "kind", "tag"):
            self._apply(self.query_state.cleared(facet))  # type: ignore[arg-type]

    def on_dates_changed(self, message: DatesChanged) -> None:
        message.stop()  # handled here: the app has nothing to add
        self._apply(self.query_state.with_dates(message.date_from, message.date_to,
                                          message.from_text, message.to_text))  # fmt: skip

    def _toggle_year(self, year: int) -> None:
        if self.query_state.whole_year == year:
            self._apply(self.query_state.cleared("date"))
        else:
            lo, hi = date(year, 1, 1), date(year, 12, 31)
            self._apply(self.query_state.with_dates(lo, hi, str(year), str(year)))

    @on(Input.Changed, "#search")
    def _search_typed(self, message: Input.Changed) -> None:
        self._apply(replace(self.query_state, text=message.value))

    @on(Input.Submitted, "#search")
    def _search_done(self, message: Input.Submitted) -> None:
        self.query_one(Timeline).focus()
        self._sync_prompts()
        if message.value.strip() and not self._searches.add(message.value):
            self.app.notify(f"{inert(self._searches.problem or '')}.", severity="warning")

    @on(Input.Submitted, "#jump")
    def _jump_done(self, message: Input.Submitted) -> None:
        if self.jump_to_text(message.value):
            self.query_one("#jumpbar").display = False
            self.query_one(Timeline).focus()

    # -- actions -------------------------------------------------------------------------

    def _refresh_keys(self) -> None:
        """Rebuild the footer only when what `check_action` answers has changed: a
        footer rebuild costs more than the cursor move that asks for it."""
        state = (self.current is not None, self.query_state.searching, bool(self._history),
                 self.detail_full)  # fmt: skip
        if state != self._keys_state:
            self._keys_state = state
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that would do nothing now are left out of the footer and the help."""
        if action == "next_match":
            return self.query_state.searching
        if action in ("filter_by", "copy"):
            return self.current is not None
        if action == "jump_back":
            return bool(self._history)
        if action == "close_detail":  # else q is the app's Quit, and the footer says so
            return self.detail_full
        if action == "problems":
            return bool(self._problems)
        if action == "edit":
            return self.current is not None
        return True

    def action_search(self) -> None:
        self.detail_full = False  # a prompt under a full-screen detail would be typed blind
        self.query_one("#jumpbar").display = False
        self.query_one("#searchbar").display = True
        field = self.query_one("#search", SearchInput)
        field.set_history(self._searches.entries())
        field.focus()

    def action_jump_date(self) -> None:
        self.detail_full = False
        bar = self.query_one("#jumpbar")
        bar.display = True
        field = self.query_one("#jump", Input)
        field.value = ""
        field.focus()

    def action_toggle_highlight(self) -> None:
        query = replace(self.query_state, highlight=not self.query_state.highlight)
        mode = "highlights matches (n/N to move)" if query.highlight else "filters the timeline"
        self.app.notify(f"Search now {mode}.")
        self._apply(query)

    def action_focus_filters(self) -> None:
        self.detail_full = False
        if not self.sidebar_visible:
            self.sidebar = "shown"
        self.call_after_refresh(self.query_one(FacetList).focus)

    def action_time_axis(self) -> None:
        self.time_axis = not self.time_axis

    def action_toggle_sidebar(self) -> None:
        visible = self.sidebar_visible and not self.detail_full
        self.detail_full = False
        self.sidebar = "hidden" if visible else "shown"

    def action_filter_by(self, facet: str) -> None:
        event = self.current
        if event is None:
            return
        values = (
            frozenset(event.all_countries) if facet == "country"
            else frozenset(b.id for b in event.bodies)
        )  # fmt: skip
        if not values:
            self.app.notify(f"This event names no "
                            f"{'countries' if facet == 'country' else 'bodies'}.")  # fmt: skip
            return
        self._apply(self.query_state.with_values(facet, values), keep=event.id)  # type: ignore[arg-type]

    def action_clear_filters(self) -> None:
        self._apply(self.query_state.cleared("all"))

    def action_reverse(self) -> None:
        self._apply(replace(self.query_state, reverse=not self.query_state.reverse))

    def action_copy(self) -> None:
        from csto_tui.export.card import event_markdown

        event = self.current
        if event is None or self.dataset is None:
            return
        if self.app.settings.clipboard == "off":  # type: ignore[attr-defined]
            self.app.notify('Not copied: the settings say clipboard = "off" '
                            "(csto-tui config --edit).")  # fmt: skip
            return
        self.app.copy_to_clipboard(event_markdown(event, self.dataset))
        quoted = self._quoted_title(event, 40)
        if self.app.is_web:  # OSC 52 to the page's xterm.js: navigator.clipboard.writeText
            self.app.notify(f"Sent {quoted} as Markdown to the browser's clipboard (browsers "
                            "take it only on https or localhost pages).")  # fmt: skip
            return
        self.app.notify(f"Copied {quoted} as Markdown via OSC 52 "
                        "(works over SSH if your terminal allows clipboard writes).")  # fmt: skip

    def _quoted_title(self, event: Event, width: int) -> str:
        """An event's title in a notice: cut inside its quotes, which always close."""
        return glyphs().quoted(cut_text(inert(event.title), width, ascii=self.ascii))

    def action_close_detail(self) -> None:
        """q in the full-screen detail closes it, as tig and less do."""
        self.detail_full = False

    def action_back(self) -> None:
        """Escape closes one thing at a time: full-screen detail, bars, search, sidebar."""
        search_bar, jump_bar = self.query_one("#searchbar"), self.query_one("#jumpbar")
        timeline = self.query_one(Timeline)
        if self.detail_full:
            self.detail_full = False
        elif jump_bar.display:
            jump_bar.display = False
            timeline.focus()
        elif search_bar.display or self.query_state.text:
            self._apply(replace(self.query_state, text=""))
            search_bar.display = False
            timeline.focus()
        elif self.has_class("-narrow") and self.sidebar == "shown":
            self.sidebar = "auto"
            timeline.focus()
        elif self.focused is not timeline:
            timeline.focus()
