"""The filter sidebar: Country, Body (as a tree), Date, Kind and Tags with live counts."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from csto_tui.model.dates import EDTFError, parse_bound
from csto_tui.query import FacetValue, Query
from csto_tui.ui.glyphs import glyphs
from csto_tui.ui.safe import inert

SECTIONS = (("country", "Country"), ("body", "Body"), ("year", "Year"), ("kind", "Kind"),
            ("tag", "Tags"))  # fmt: skip


class FacetList(OptionList):
    """Facet values as options `facet:value`; headers are disabled options."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle", "Toggle", id="sidebar.toggle", tooltip="Toggle this value"),
        Binding("x", "clear_section", "Clear section", id="sidebar.clear_section",
                tooltip="Clear the filters of this section"),
        Binding("j", "cursor_down", "Down", id="sidebar.down", show=False),
        Binding("k", "cursor_up", "Up", id="sidebar.up", show=False),
    ]  # fmt: skip

    class Toggled(Message):
        def __init__(self, facet: str, value: str) -> None:
            super().__init__()
            self.facet = facet
            self.value = value

    class Cleared(Message):
        def __init__(self, facet: str) -> None:
            super().__init__()
            self.facet = facet

    def _current(self) -> tuple[str, str] | None:
        option = self.highlighted_option
        if option is None or not option.id or ":" not in option.id:
            return None
        facet, value = option.id.split(":", 1)
        return facet, value

    def action_toggle(self) -> None:
        current = self._current()
        if current:
            self.post_message(self.Toggled(*current))

    def action_clear_section(self) -> None:
        current = self._current()
        if current:
            self.post_message(self.Cleared(current[0]))

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        self.action_toggle()


def _section_of(option_id: str) -> str:
    return option_id.split(":", 1)[0]


class Sidebar(Vertical):
    """Posts DateChanged, and FacetList.Toggled / Cleared, for the app to apply."""

    last_facets: tuple[dict[str, list[FacetValue]], Query] | None = None
    _relabelling = False

    class DateChanged(Message):
        def __init__(self, date_from: date | None, date_to: date | None) -> None:
            super().__init__()
            self.date_from = date_from
            self.date_to = date_to

    def compose(self) -> ComposeResult:
        yield Static(Text("Filters", style="bold"), id="sidebar-title")
        with Horizontal(id="dates"):
            yield Input(placeholder="from", id="date-from", compact=True)
            yield Input(placeholder="to", id="date-to", compact=True)
        yield FacetList(id="facets")

    def update_facets(self, facets: dict[str, list[FacetValue]], query: Query) -> None:
        """Rebuild the options, keeping the highlighted value where it is."""
        self.last_facets = (facets, query)
        facet_list = self.query_one(FacetList)
        keep = facet_list.highlighted_option.id if facet_list.highlighted_option else None
        g = glyphs()
        options: list[Option | None] = []
        any_filter = query.is_filtered
        options.append(Option(Text(f"{g.arrow} clear all filters", style="italic"),
                              id="clear:all", disabled=not any_filter))  # fmt: skip
        for facet, title in SECTIONS:
            values = facets.get(facet, [])
            if not values:
                continue
            selected = sum(1 for v in values if v.selected)
            head = Text(title.upper(), style="bold")
            if selected:
                head.append(f" ({selected})")
            options.append(Option(head, id=f"head:{facet}", disabled=True))
            for v in values:
                if facet == "year":
                    in_range = _year_selected(int(v.value), query)
                    mark = g.checked if in_range else g.unchecked
                    selected_now = in_range
                else:
                    mark = g.checked if v.selected else g.unchecked
                    selected_now = v.selected
                options.append(Option(self._label(mark, v, selected_now), id=f"{facet}:{v.value}"))
        region = facet_list.scrollable_content_region.width
        had_scrollbar = facet_list.show_vertical_scrollbar
        facet_list.clear_options()
        facet_list.add_options(options)
        # Labels are cut to the list's width, known only after a layout pass: relabel once
        # then. A hidden sidebar has no width: `on_resize` relabels when it is shown.
        scrollbar_changed = facet_list.show_vertical_scrollbar != had_scrollbar
        if ((not region and self.display) or scrollbar_changed) and not self._relabelling:
            self._relabelling = True
            self.call_after_refresh(self._relabel)
        if keep:
            try:
                facet_list.highlighted = facet_list.get_option_index(keep)
            except Exception:  # the value vanished from the list: go to its section
                facet_list.highlighted = _first_enabled(facet_list, _section_of(keep))

    def _relabel(self) -> None:
        self._relabelling = False
        if self.last_facets is not None and self.query_one(FacetList).size.width:
            self.update_facets(*self.last_facets)

    def _label(self, mark: str, value: FacetValue, selected: bool) -> Text:
        """'[x]   name…   12': one line, the count right-aligned, long names cut."""
        region = self.query_one(FacetList).scrollable_content_region.width
        width = max(12, region if region else self.size.width - 4)
        count = str(value.count)
        prefix = f"{mark} {' ' * value.depth}"
        room = width - len(prefix) - len(count) - 1
        name = inert(value.label)
        if len(name) > room:
            name = name[: max(1, room - 1)] + ("~" if glyphs().ellipsis == "..." else "…")
        label = Text(prefix, no_wrap=True, overflow="ellipsis")
        label.append(name, style="bold underline" if selected else "")
        label.append(" " * max(1, width - len(prefix) - len(name) - len(count)))
        label.append(count, style="dim")
        return label

    def on_resize(self) -> None:
        # The list's own width is known only after this layout pass: relabel after it.
        if self.last_facets is not None and not self._relabelling:
            self._relabelling = True
            self.call_after_refresh(self._relabel)

    def set_dates(self, query: Query, date_from_text: str, date_to_text: str) -> None:
        for widget_id, text in (("#date-from", date_from_text), ("#date-to", date_to_text)):
            field = self.query_one(widget_id, Input)
            if field.value != text:
                with field.prevent(Input.Changed):
                    field.value = text
            field.remove_class("-invalid")

    def on_input_changed(self, message: Input.Changed) -> None:
        message.stop()
        values: list[date | None] = []
        for widget_id, end in (("#date-from", False), ("#date-to", True)):
            field = self.query_one(widget_id, Input)
            text = field.value.strip()
            try:
                values.append(parse_bound(text, end=end) if text else None)
                field.remove_class("-invalid")
            except EDTFError:
                field.add_class("-invalid")
                return  # keep the last valid range while the user types
        if values[0] and values[1] and values[0] > values[1]:
            self.query_one("#date-to", Input).add_class("-invalid")
            return  # an empty range: the user is still typing
        self.post_message(self.DateChanged(values[0], values[1]))


def _year_selected(year: int, query: Query) -> bool:
    return (
        query.date_from is not None
        and query.date_to is not None
        and query.date_from == date(year, 1, 1)
        and query.date_to == date(year, 12, 31)
    )


def _first_enabled(facet_list: OptionList, facet: str) -> int | None:
    for i, option in enumerate(facet_list.options):
        if option.id and option.id.startswith(f"{facet}:") and not option.disabled:
            return i
    return 0 if facet_list.option_count else None
