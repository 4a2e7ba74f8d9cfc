"""The timeline: one line per event under year (and month) headers, as a Line-API list.

Only visible lines are rendered (`render_line`), so 100,000 events cost what 30 do. The
year header of the rows on screen stays on the top line while scrolling.

With `time_axis` on, the same rows are drawn on a shared time axis (widgets/axis.py): each
row a short title and its date as a bar; the top line is the axis' labels. The zoom and
window are a `Scale` of the timeline's own, as the cursor is.
"""

from __future__ import annotations

import datetime
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from csto_tui.model.datewords import fit_date
from csto_tui.model.records import Event
from csto_tui.query import spans
from csto_tui.query.since import MARKS, NEW_FLAG
from csto_tui.query.timescale import Scale, Zoom, extent
from csto_tui.query.view import Row, View
from csto_tui.ui.glyphs import ASCII, KIND_MARKS, UNICODE
from csto_tui.ui.safe import inert, unicode_ok
from csto_tui.ui.widgets import axis

DATE_WIDTH_MAX = 18
COUNT_MAX = 99_999_999


def countries_label(event: Event, width: int = 8) -> str:
    codes = list(event.all_countries)
    if len(codes) <= 2:
        return ",".join(codes)
    return f"{','.join(codes[:2])}+{len(codes) - 2}"[:width]


class Timeline(ScrollView, can_focus=True):
    """The main list. Receives a `View`; posts `Highlighted` when the cursor moves,
    `Opened` on Enter and `CountChanged` while a count (`5j`) is typed."""

    HELP_NAME = "the timeline"

    # The --since marks' colours (the marks are characters: NO_COLOR keeps them, bold).
    DEFAULT_CSS = """
    Timeline > .timeline--new {
        text-style: bold;
        color: $success;
    }
    Timeline > .timeline--changed {
        text-style: bold;
        color: $warning;
    }
    Timeline > .timeline--bar {
        color: $accent;
    }
    Timeline > .timeline--bar-qualified {
        color: $text-muted;
        text-style: italic;
    }
    Timeline > .timeline--faint {
        color: $text-muted;
    }
    Timeline > .timeline--axis {
        text-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor(1)", "Next", id="timeline.next", show=False,
                tooltip="Next event (a count before it moves that many: 5j)"),
        Binding("k,up", "cursor(-1)", "Previous", id="timeline.previous", show=False,
                tooltip="Previous event"),
        Binding("g,home", "first", "First", id="timeline.first", show=False,
                tooltip="First event (with a count N: the N-th event)"),
        Binding("G,end", "last", "Last", id="timeline.last", show=False,
                tooltip="Last event (with a count N: the N-th event, 10G)"),
        Binding("pagedown,space,ctrl+f", "page(1)", "Page down", id="timeline.page_down",
                show=False),
        Binding("pageup,ctrl+b", "page(-1)", "Page up", id="timeline.page_up", show=False),
        Binding("ctrl+d", "half_page(1)", "Half page down", id="timeline.half_down",
                show=False),
        Binding("ctrl+u", "half_page(-1)", "Half page up", id="timeline.half_up", show=False),
        Binding("right_square_bracket", "year(1)", "Next year", id="timeline.next_year",
                show=False, key_display="]"),
        Binding("left_square_bracket", "year(-1)", "Previous year",
                id="timeline.previous_year", show=False, key_display="["),
        Binding("enter", "open", "Open", id="timeline.open", tooltip="Open the detail view"),
        # The time axis' keys: there (footer, help) only while it is shown (check_action).
        Binding("plus,equals_sign", "zoom(1)", "Zoom in", id="timeline.zoom_in",
                key_display="+", tooltip="Zoom the time axis in: decade, year, month, day"),
        Binding("minus", "zoom(-1)", "Zoom out", id="timeline.zoom_out", key_display="-",
                tooltip="Zoom the time axis out"),
        Binding("left,less_than_sign", "pan(-1)", "Earlier", id="timeline.pan_left",
                show=False, tooltip="Move the time axis a quarter of its width earlier"),
        Binding("right,greater_than_sign", "pan(1)", "Later", id="timeline.pan_right",
                show=False, tooltip="Move the time axis a quarter of its width later"),
        Binding("full_stop", "centre", "Centre", id="timeline.centre", show=False,
                key_display=".", tooltip="Centre the time axis on the event under the cursor"),
        *(Binding(str(d), f"digit({d})", "Count", show=False, id=f"timeline.count_{d}")
          for d in range(10)),
    ]  # fmt: skip

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--cursor",
        "timeline--cursor-blurred",
        "timeline--header",
        "timeline--date",
        "timeline--kind",
        "timeline--countries",
        "timeline--match",
        "timeline--match-mark",
        "timeline--new",
        "timeline--changed",
        "timeline--hint",
        "timeline--empty",
        "timeline--bar",
        "timeline--bar-qualified",
        "timeline--faint",
        "timeline--axis",
    }

    # Keys that use a count typed before them (5j); any other key drops the count.
    MOTIONS: ClassVar[frozenset[str]] = frozenset(
        key
        for b in BINDINGS
        if isinstance(b, Binding) and b.action.split("(")[0] in (
            "cursor", "first", "last", "page", "half_page", "year")
        for key in b.key.split(",")
    )  # fmt: skip

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)
    view: reactive[View | None] = reactive(None, always_update=True, repaint=False)
    empty_text: reactive[str] = reactive("")  # what the timeline says with no rows
    load_fraction: reactive[float | None] = reactive(None)  # a bar under it while loading
    time_axis: reactive[bool] = reactive(False, init=False)  # the rows on a time axis
    scale: reactive[Scale | None] = reactive(None, init=False)  # its zoom and window

    class Highlighted(Message):
        def __init__(self, timeline: Timeline, event: Event | None, index: int) -> None:
            super().__init__()
            self.timeline = timeline
            self.event = event
            self.index = index

        @property
        def control(self) -> Timeline:
            return self.timeline

    class Opened(Message):
        def __init__(self, timeline: Timeline, event: Event) -> None:
            super().__init__()
            self.timeline = timeline
            self.event = event

        @property
        def control(self) -> Timeline:
            return self.timeline

    class AxisChanged(Message):
        """The time axis was shown, hidden or zoomed: `zoom` is None for the list."""

        def __init__(self, timeline: Timeline, zoom: Zoom | None) -> None:
            super().__init__()
            self.timeline = timeline
            self.zoom = zoom

        @property
        def control(self) -> Timeline:
            return self.timeline

    class CountChanged(Message):
        """A count typed before a motion key: shown until the motion uses it."""

        def __init__(self, timeline: Timeline, count: int) -> None:
            super().__init__()
            self.timeline = timeline
            self.count = count

        @property
        def control(self) -> Timeline:
            return self.timeline

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ascii = not unicode_ok()  # read once: render_line runs for every visible row
        self.glyphs = ASCII if self.ascii else UNICODE
        self.set_reactive(Timeline.empty_text, f"Loading{self.glyphs.ellipsis}")
        self._base: Style | None = None  # the widget's style, read once per style update
        self.date_width = 10
        self.count = 0
        # Keyed by the row, the width, cursor and focus, and the axis' scale (a pan repaints).
        self._cache: LRUCache[tuple[int, int, bool, bool, Scale | None], Strip] = LRUCache(1024)

    # -- data ----------------------------------------------------------------------------

    @property
    def events(self) -> list[Event]:
        return self.view.events if self.view else []

    def watch_view(self, old: View | None, new: View | None) -> None:
        """Show a new view, the cursor on its `keep` event, else where it was, else first."""
        keep = new.keep if new and new.keep else None
        if keep is None and old is not None and 0 <= self.cursor < len(old.events):
            keep = old.events[self.cursor].id
        # Measured with the view (in the screen's worker): reading 5,000 labels here
        # would cost the UI thread a frame.
        self.date_width = min(DATE_WIDTH_MAX, new.date_width) if new else 10
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(new.rows) if new else 0)
        target = new.position(keep) if new and keep else None
        self.cursor = target or 0
        self.refresh()

    @property
    def current(self) -> Event | None:
        evs = self.events
        return evs[self.cursor] if 0 <= self.cursor < len(evs) else None

    def move_to(self, index: int) -> None:
        if self.events:
            self.cursor = max(0, min(index, len(self.events) - 1))

    def notify_style_update(self) -> None:
        """A theme change or a focus change restyles rows: cached strips are stale."""
        super().notify_style_update()
        self._cache.clear()
        self._base = None

    # -- cursor ----------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.events) - 1)) if self.events else 0

    def watch_cursor(self, old: int, new: int) -> None:
        # The strip cache stays valid: its key says whether a row is the cursor row.
        self._scroll_cursor_into_view()
        self._axis_follow()
        self.refresh()
        self.post_message(self.Highlighted(self, self.current, new))

    def _scroll_cursor_into_view(self) -> None:
        view = self.view
        if view is None or not view.row_of:
            return
        row = view.row_of[self.cursor]
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_y)
        first = row
        while first > 0 and view.rows[first - 1].event < 0 and row - first < 2:
            first -= 1  # show the headers above the cursor too
        # The top line shows the sticky year header: only a year header is itself there.
        need = first if _is_year_header(view, first) else first - 1
        if top > need:
            self.scroll_to(y=max(0, need), animate=False, immediate=True)
        elif row > top + height - 1:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)

    def _take_count(self) -> int:
        count, self.count = self.count, 0
        if count:
            self.post_message(self.CountChanged(self, 0))
        return count

    def action_digit(self, digit: int) -> None:
        if digit == 0 and not self.count:
            self.action_first()  # a lone 0 goes to the top, as in less and vi
            return
        self.count = min(COUNT_MAX, self.count * 10 + digit)
        self.post_message(self.CountChanged(self, self.count))

    def on_key(self, event: events.Key) -> None:
        """Any key but a digit or a motion drops a half-typed count."""
        if self.count and not (event.character or "").isdigit() and event.key not in self.MOTIONS:
            self._take_count()

    def action_cursor(self, delta: int) -> None:
        self.move_to(self.cursor + delta * (self._take_count() or 1))

    def action_first(self) -> None:
        count = self._take_count()
        self.move_to(count - 1 if count else 0)

    def action_last(self) -> None:
        count = self._take_count()
        self.move_to(count - 1 if count else len(self.events) - 1)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 2)

    def action_page(self, direction: int) -> None:
        self.move_to(self.cursor + direction * self._page() * (self._take_count() or 1))

    def action_half_page(self, direction: int) -> None:
        step = max(1, self._page() // 2) * (self._take_count() or 1)
        self.move_to(self.cursor + direction * step)

    def action_year(self, direction: int) -> None:
        """To the first event of the next (or previous) year group, a count's times."""
        if self.view is None or not self.events:
            return
        position = self.cursor
        for _ in range(self._take_count() or 1):
            position = self.view.year_step(position, direction)
        self.move_to(position)

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Opened(self, self.current))

    def on_click(self, event: events.Click) -> None:
        view = self.view
        if view is None:
            return
        row = self._row_at(event.y)
        if row is not None and view.rows[row].event >= 0:
            if view.rows[row].event == self.cursor and event.chain == 2:
                self.action_open()
            self.cursor = view.rows[row].event

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.view.rows) if self.view else 0)
        self._cache.clear()
        if self.scale is not None:  # the same middle day, as many columns as now fit
            self.scale = self.scale.resized(self._axis_columns())
            self._axis_follow()
        self.call_after_refresh(self._scroll_cursor_into_view)  # a smaller pane: keep it seen

    # -- the time axis ---------------------------------------------------------------------

    def _axis_columns(self) -> int:
        width = self.scrollable_content_region.width or self.size.width
        return axis.bar_columns(width, self._prefix_width())

    def _prefix_width(self) -> int:
        return 3 if self.view is not None and self.view.since is not None else 1

    def _anchor(self) -> int | None:
        current = self.current
        return extent(current.date).anchor if current is not None else None

    def watch_time_axis(self, on: bool) -> None:
        """On: the decade zoom, centred on the cursor's event (else on today)."""
        if not on:
            self.scale = None
            return
        anchor = self._anchor()
        day = anchor if anchor is not None else datetime.date.today().toordinal()
        self.scale = Scale.around(Zoom.DECADE, day, self._axis_columns())

    def watch_scale(self, old: Scale | None, new: Scale | None) -> None:
        self.refresh()
        if old is None or new is None or old.zoom is not new.zoom:
            self.post_message(self.AxisChanged(self, new.zoom if new else None))
        if (old is None) != (new is None):
            self.refresh_bindings()  # the axis keys come and go from the footer

    def _fitted(self) -> Scale | None:
        """The scale as wide as the rows are now: a scrollbar that comes or goes with a
        new view changes the width without a resize."""
        scale = self.scale
        return scale.resized(self._axis_columns()) if scale is not None else None

    def _axis_follow(self) -> None:
        """When the cursor's event is off the window, the window moves to it."""
        current, scale = self.current, self._fitted()
        if scale is not None and current is not None:
            self.scale = scale.showing(extent(current.date))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("zoom", "pan", "centre"):
            return self.scale is not None
        return True

    def action_zoom(self, step: int) -> None:
        scale = self._fitted()
        if scale is not None:
            self.scale = scale.zoomed(step, self._anchor())

    def action_pan(self, direction: int) -> None:
        scale = self._fitted()
        if scale is not None:
            self.scale = scale.panned(direction * scale.step)

    def action_centre(self) -> None:
        scale, anchor = self._fitted(), self._anchor()
        if scale is not None and anchor is not None:
            self.scale = Scale.around(scale.zoom, anchor, scale.columns)

    # -- rendering -----------------------------------------------------------------------

    def _row_at(self, y: int) -> int | None:
        """The row drawn on line `y`: the top line is the sticky header of the rows below."""
        view = self.view
        if view is None:
            return None
        row = y + int(self.scroll_y)
        if row >= len(view.rows):
            return None
        if y == 0 and not _is_year_header(view, row):
            return view.rows[row].header
        return row

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self._base is None:
            self._base = self.rich_style
        base = self._base
        view = self.view
        if view is None or not view.rows:
            if y == 0:
                text = Text(self.empty_text, style=self.get_component_rich_style("timeline--empty"))
                return self._strip(text, width, base)
            if y == 1 and self.load_fraction is not None:
                return self._strip(Text(self._bar(width)), width, base)
            return Strip.blank(width, base)
        row_number = self._row_at(y)
        if row_number is None:
            return Strip.blank(width, base)
        row = view.rows[row_number]
        is_cursor = row.event == self.cursor and row.event >= 0
        scale = self._fitted()
        top = y == 0 and scale is not None  # the axis' labels, over the sticky header's
        # The top line's title column names the year of the rows below it: one per year.
        key = (-1 - row.header if top else row_number, width, is_cursor, self.has_focus, scale)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        pad = base
        if top:
            assert scale is not None
            text = self._fit(self._axis_labels(view.rows[row.header], width, scale), width)
            is_cursor = False
        elif row.event < 0 and scale is not None:  # the year in the title column alone
            title_width = axis.title_width(width) + self._prefix_width()
            header = self.get_component_rich_style("timeline--header")
            text = axis.header_title(row.label, title_width, self.glyphs.rule, header)
        elif row.event < 0:
            text = self._fit(self._header_text(row, width), width)
        elif scale is not None:
            text = self._fit(self._axis_text(view, row.event, width, is_cursor, scale), width)
        else:
            text = self._fit(self._event_text(view, row.event, width, is_cursor), width)
        if is_cursor:
            cursor = "timeline--cursor" if self.has_focus else "timeline--cursor-blurred"
            cursor_style = self.get_component_rich_style(cursor)
            text.stylize(cursor_style)
            pad = base + cursor_style  # the whole row, to the right edge
        strip = self._strip(text, width, pad)
        self._cache[key] = strip
        return strip

    def _fit(self, text: Text, width: int) -> Text:
        """Cut with our truncation mark (ASCII under LANG=C); short rows are padded as strips."""
        if text.cell_len > width:
            mark = self.glyphs.ellipsis
            _cut(text, max(0, width - len(mark)))
            text.append(mark)
        return text

    def _bar(self, width: int) -> str:
        """`███████░░░░░░ 42%`: the load's share drawn in characters, so it reads the same
        in every colour mode (ASCII `#######------` under LANG=C)."""
        fraction = min(1.0, max(0.0, self.load_fraction or 0.0))
        size = max(4, min(40, width - 6))
        filled = round(size * fraction)
        full, empty = ("#", "-") if self.glyphs is ASCII else ("█", "░")
        return f"{full * filled}{empty * (size - filled)} {fraction:4.0%}"

    def watch_load_fraction(self) -> None:
        self.refresh()

    def _strip(self, text: Text, width: int, base: Style) -> Strip:
        # Every segment needs a style: Textual's NO_COLOR filter fails on None. A Text's
        # own style (`Text(…, style=…)`: headers, the empty notice) is not in the segments
        # `render` gives: it goes under each of them here.
        own = text.style if isinstance(text.style, Style) else None
        inner = base + own if own else base
        segments = [Segment(s.text, inner + s.style if s.style else inner)
                    for s in text.render(self.app.console)]  # fmt: skip
        return Strip(segments).adjust_cell_length(width, base)

    def on_focus(self) -> None:
        self.refresh()  # the cursor row looks different with and without focus

    def on_blur(self) -> None:
        self.refresh()

    def _axis_styles(self) -> axis.AxisStyles:
        style = self.get_component_rich_style
        return axis.AxisStyles(style("timeline--bar"), style("timeline--bar-qualified"),
                               style("timeline--faint"), style("timeline--axis"),
                               style("timeline--header"))  # fmt: skip

    def _axis_labels(self, header: Row, width: int, scale: Scale) -> Text:
        """The top line on the axis: the year of the rows below, then the axis' labels."""
        styles = self._axis_styles()
        room = self._prefix_width() + axis.title_width(width)
        text = axis.header_title(header.label, room, self.glyphs.rule, styles.header)
        text.append(" ")
        text.append(scale.label_line(), styles.axis)
        return text

    def _axis_text(self, view: View, index: int, width: int, is_cursor: bool, scale: Scale) -> Text:
        """An event's row on the axis: its marks, its title cut short, its date's bar."""
        ev = view.events[index]
        text = self._prefix(view, index, is_cursor)
        title = Text(inert(ev.title, ascii=self.ascii), no_wrap=True)
        match_style = self.get_component_rich_style("timeline--match")
        for start, end in spans(title.plain, view.terms):
            title.stylize(match_style, start, end)
        text.append_text(axis.fit_title(title, axis.title_width(width), self.glyphs.ellipsis))
        text.append(" ")
        g = axis.ASCII if self.ascii else axis.UNICODE
        text.append_text(axis.bars(extent(ev.date), scale, g, self._axis_styles()))
        return text

    def _header_text(self, row: Row, width: int) -> Text:
        style = self.get_component_rich_style("timeline--header")
        rule = self.glyphs.rule
        head = f"{rule * 2} {row.label} " if row.level == 0 else f"   {row.label}"
        fill = rule * max(0, width - len(head)) if row.level == 0 else ""
        return Text(head + fill, style=style)

    def _prefix(self, view: View, index: int, is_cursor: bool) -> Text:
        """The gutter (cursor without focus, search match) and the --since mark."""
        if is_cursor and not self.has_focus:
            gutter = self.glyphs.cursor
        elif view.is_match(index):
            gutter = self.glyphs.match
        else:
            gutter = " "
        text = Text(no_wrap=True)
        text.append(gutter, self.get_component_rich_style("timeline--match-mark"))
        if view.since is not None:  # a column of its own, only with --since
            flag = view.since_flag(index)
            if flag:
                style = "timeline--new" if flag == NEW_FLAG else "timeline--changed"
                text.append(MARKS[flag], self.get_component_rich_style(style))
                text.append(" ")
            else:
                text.append("  ")
        return text

    def _event_text(self, view: View, index: int, width: int, is_cursor: bool) -> Text:
        ev = view.events[index]
        match = view.is_match(index)
        date = fit_date(ev.date, self.date_width, view.date_style, ascii=self.ascii)
        text = self._prefix(view, index, is_cursor)
        text.append(f"{date:<{self.date_width}} ", self.get_component_rich_style("timeline--date"))
        text.append(f"{KIND_MARKS.get(ev.kind, ev.kind[:3])} ",
                    self.get_component_rich_style("timeline--kind"))  # fmt: skip
        if width >= 64:
            text.append(f"{countries_label(ev):<8} ",
                        self.get_component_rich_style("timeline--countries"))  # fmt: skip
        title = Text(inert(ev.title, ascii=self.ascii))
        match_style = self.get_component_rich_style("timeline--match")
        title_spans = spans(title.plain, view.terms)
        for start, end in title_spans:
            title.stylize(match_style, start, end)
        hint = ""
        # Say where a search found a row whose title does not show it (every row of a
        # filtering search is a match, the marked ones in highlight mode).
        if view.terms and not title_spans and (match or not view.query.highlight):
            where = view.matched_fields(index)
            hint = f"  (in {', '.join(where)})" if where else ""
        # The title gives way, not the hint (it says why the row is marked); cutting the
        # title alone keeps the cut on plain text, the cheap case.
        room = width - text.cell_len - len(hint)
        if title.cell_len > room:
            mark = self.glyphs.ellipsis
            _cut(title, max(1, room - len(mark)))
            title.append(mark)
        text.append_text(title)
        if hint:
            text.append(hint, self.get_component_rich_style("timeline--hint"))
        return text


def _cut(text: Text, width: int) -> None:
    """Cut `text` to `width` cells; ASCII (most rows) by characters, which is far cheaper
    than Rich's grapheme-aware truncation."""
    if text.plain.isascii():
        text.right_crop(max(0, len(text.plain) - width))
    else:
        text.truncate(width)


def _is_year_header(view: View, row: int) -> bool:
    r = view.rows[row]
    return r.event < 0 and r.level == 0
