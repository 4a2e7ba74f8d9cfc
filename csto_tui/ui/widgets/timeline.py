"""The timeline: one line per event under year (and month) headers, as a Line-API list.

Only visible lines are rendered (`render_line`), so 100,000 events cost what 30 do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from csto_tui.model.dates import short_label
from csto_tui.model.records import Event
from csto_tui.query import Result, Terms, spans
from csto_tui.ui.glyphs import KIND_MARKS, glyphs
from csto_tui.ui.safe import inert, unicode_ok

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_HEADERS_OVER = 24  # a year with more events than this gets month headers


@dataclass(frozen=True, slots=True)
class Row:
    """A header (`event` is -1) or the line of the `event`-th result."""

    label: str
    event: int = -1
    level: int = 0  # 0 year header, 1 month header


def group_key(event: Event) -> int | None:
    lower = event.date.lower
    return lower.year if lower else None


def build_rows(events: list[Event]) -> list[Row]:
    """Year headers (and month headers in busy years) between events in display order."""
    per_year: dict[int | None, int] = {}
    for ev in events:
        key = group_key(ev)
        per_year[key] = per_year.get(key, 0) + 1
    rows: list[Row] = []
    year: object = object()
    month: object = object()
    for i, ev in enumerate(events):
        key = group_key(ev)
        if key != year:
            year, month = key, object()
            rows.append(Row("open start" if key is None else str(key)))
        if key is not None and per_year[key] > MONTH_HEADERS_OVER:
            lower = ev.date.lower
            m = lower.month if lower else None
            if m != month:
                month = m
                rows.append(Row(f"{MONTHS[m - 1]} {key}" if m else "", level=1))
        rows.append(Row("", i))
    return rows


def countries_label(event: Event, width: int = 8) -> str:
    codes = list(event.all_countries)
    if len(codes) <= 2:
        return ",".join(codes)
    return f"{','.join(codes[:2])}+{len(codes) - 2}"[:width]


class Timeline(ScrollView, can_focus=True):
    """The main list. Posts `Highlighted` when the cursor moves and `Opened` on Enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor(1)", "Next", id="timeline.next", show=False,
                tooltip="Next event"),
        Binding("k,up", "cursor(-1)", "Previous", id="timeline.previous", show=False,
                tooltip="Previous event"),
        Binding("g,home", "first", "First", id="timeline.first", show=False,
                tooltip="First event"),
        Binding("G,end", "last", "Last", id="timeline.last", show=False, tooltip="Last event"),
        Binding("pagedown", "page(1)", "Page down", id="timeline.page_down", show=False),
        Binding("pageup", "page(-1)", "Page up", id="timeline.page_up", show=False),
        Binding("ctrl+d", "half_page(1)", "Half page down", id="timeline.half_down",
                show=False),
        Binding("ctrl+u", "half_page(-1)", "Half page up", id="timeline.half_up", show=False),
        Binding("right_square_bracket", "year(1)", "Next year", id="timeline.next_year",
                show=False, key_display="]"),
        Binding("left_square_bracket", "year(-1)", "Previous year",
                id="timeline.previous_year", show=False, key_display="["),
        Binding("enter", "open", "Open", id="timeline.open", tooltip="Open the detail view"),
    ]  # fmt: skip

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--cursor",
        "timeline--header",
        "timeline--date",
        "timeline--kind",
        "timeline--countries",
        "timeline--match",
        "timeline--empty",
    }

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Highlighted(Message):
        def __init__(self, event: Event | None, index: int) -> None:
            super().__init__()
            self.event = event
            self.index = index

    class Opened(Message):
        def __init__(self, event: Event) -> None:
            super().__init__()
            self.event = event

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.events: list[Event] = []
        self.rows: list[Row] = []
        self.row_of: list[int] = []  # result index → row number
        self.terms = Terms((), ())
        self.ascii = not unicode_ok()  # read once: render_line runs for every visible row
        self.empty_text = "Loading..." if self.ascii else "Loading…"
        self.date_width = 10
        self._cache: LRUCache[tuple[int, bool, int], Strip] = LRUCache(1024)

    # -- data ----------------------------------------------------------------------------

    def set_result(self, result: Result, keep: str | None = None) -> None:
        """Show a new result, keeping the cursor on event `keep` when it is still there."""
        self.events = result.events
        self.rows = build_rows(self.events)
        self.row_of = [r for r, row in enumerate(self.rows) if row.event >= 0]
        ascii_only = self.ascii
        sample = self.events if len(self.events) < 5000 else self.events[:5000]
        self.date_width = max((len(short_label(e.date, ascii=ascii_only)) for e in sample),
                              default=10)  # fmt: skip
        self.terms = result.terms
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(self.rows))
        target = 0
        if keep is not None:
            target = next((i for i, ev in enumerate(self.events) if ev.id == keep), 0)
        self.cursor = target
        self.refresh()

    @property
    def current(self) -> Event | None:
        return self.events[self.cursor] if 0 <= self.cursor < len(self.events) else None

    def move_to(self, index: int) -> None:
        if self.events:
            self.cursor = max(0, min(index, len(self.events) - 1))

    def move_to_id(self, event_id: str) -> bool:
        for i, ev in enumerate(self.events):
            if ev.id == event_id:
                self.cursor = i
                return True
        return False

    # -- cursor ----------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.events) - 1)) if self.events else 0

    def watch_cursor(self, old: int, new: int) -> None:
        # The strip cache stays valid: its key says whether a row is the cursor row.
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.Highlighted(self.current, new))

    def _scroll_cursor_into_view(self) -> None:
        if not self.row_of:
            return
        row = self.row_of[self.cursor]
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_y)
        first = row
        while first > 0 and self.rows[first - 1].event < 0 and row - first < 2:
            first -= 1  # show the headers above the cursor too
        if first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)

    def action_cursor(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.events) - 1)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def action_page(self, direction: int) -> None:
        self.move_to(self.cursor + direction * self._page())

    def action_half_page(self, direction: int) -> None:
        self.move_to(self.cursor + direction * max(1, self._page() // 2))

    def action_year(self, direction: int) -> None:
        """Jump to the first event of the previous/next year group."""
        if not self.events:
            return
        here = group_key(self.events[self.cursor])
        i = self.cursor
        if direction > 0:
            while i < len(self.events) and group_key(self.events[i]) == here:
                i += 1
            if i < len(self.events):
                self.move_to(i)
        else:
            while i > 0 and group_key(self.events[i - 1]) == here:
                i -= 1  # start of this group
            if i == 0:
                return
            prev = group_key(self.events[i - 1])
            while i > 0 and group_key(self.events[i - 1]) == prev:
                i -= 1
            self.move_to(i)

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Opened(self.current))

    def on_click(self, event: Click) -> None:
        row = event.y + int(self.scroll_y)
        if 0 <= row < len(self.rows) and self.rows[row].event >= 0:
            if self.rows[row].event == self.cursor and event.chain == 2:
                self.action_open()
            self.cursor = self.rows[row].event

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows))
        self._cache.clear()

    # -- rendering -----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        row_number = y + int(self.scroll_y)
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not self.rows:
            if y == 0:
                text = Text(self.empty_text, style=self.get_component_rich_style("timeline--empty"))
                # Every segment needs a style: Textual's NO_COLOR filter fails on None.
                segments = [Segment(s.text, base + s.style if s.style else base)
                            for s in text.render(self.app.console)]  # fmt: skip
                return Strip(segments, text.cell_len).adjust_cell_length(width, base)
            return Strip.blank(width, base)
        if row_number >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[row_number]
        is_cursor = row.event == self.cursor and row.event >= 0
        key = (row_number, is_cursor, width)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        text = self._header_text(row, width) if row.event < 0 else self._event_text(row, width)
        if text.cell_len > width and self.ascii:  # Rich's ellipsis is '…'
            text.truncate(max(0, width - 3), overflow="crop")
            text.append("...")
        if is_cursor:
            text.stylize(self.get_component_rich_style("timeline--cursor"))
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = [Segment(s.text, base + s.style if s.style else base)
                    for s in text.render(self.app.console)]  # fmt: skip
        strip = Strip(segments).adjust_cell_length(width, base)
        self._cache[key] = strip
        return strip

    def _header_text(self, row: Row, width: int) -> Text:
        style = self.get_component_rich_style("timeline--header")
        rule = glyphs().rule
        label = f"{rule * 2} {row.label} " if row.level == 0 else f"   {row.label}"
        fill = rule * max(0, width - len(label)) if row.level == 0 else ""
        return Text(label + fill, style=style)

    def _event_text(self, row: Row, width: int) -> Text:
        ev = self.events[row.event]
        date = short_label(ev.date, ascii=self.ascii)
        date_w = min(self.date_width, 18 if width >= 50 else 11)
        if len(date) > date_w:
            date = date[: date_w - 1] + ("~" if self.ascii else "…")
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f" {date:<{date_w}} ", self.get_component_rich_style("timeline--date"))
        text.append(f"{KIND_MARKS.get(ev.kind, ev.kind[:3])} ",
                    self.get_component_rich_style("timeline--kind"))  # fmt: skip
        if width >= 64:
            text.append(f"{countries_label(ev):<8} ",
                        self.get_component_rich_style("timeline--countries"))  # fmt: skip
        title = Text(inert(ev.title))
        match_style = self.get_component_rich_style("timeline--match")
        for start, end in spans(title.plain, self.terms):
            title.stylize(match_style, start, end)
        text.append_text(title)
        return text
