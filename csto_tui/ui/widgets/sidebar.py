"""The filter sidebar: Country, Body (as a tree), Year, Kind and Tags with live counts;
with `--since REV` first a Since section: new and changed events, and how many were removed."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from csto_tui.model.dates import EDTFError, parse_bound
from csto_tui.query import FacetValue, Query
from csto_tui.query.since import CHANGED_FLAG, MARKS, NEW_FLAG, SinceMarks
from csto_tui.query.view import View
from csto_tui.ui.glyphs import glyphs
from csto_tui.ui.messages import DatesChanged, FacetCleared, FacetToggled, RunAction
from csto_tui.ui.render import Columns2
from csto_tui.ui.safe import inert, unicode_ok
from csto_tui.ui.widgets.lists import CursorList
from csto_tui.ui.widgets.panes import Pane

SECTIONS = (("country", "Country"), ("body", "Body"), ("year", "Year"), ("kind", "Kind"),
            ("tag", "Tags"))  # fmt: skip
SINCE_MARKS = {"new": MARKS[NEW_FLAG], "changed": MARKS[CHANGED_FLAG]}


class FacetList(CursorList):
    """Facet values as options `facet:value`; headers are disabled options."""

    HELP_NAME = "the filter sidebar"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle", "Toggle", id="sidebar.toggle", tooltip="Toggle this value"),
        Binding("x", "clear_section", "Clear section", id="sidebar.clear_section",
                show=False, tooltip="Clear the filters of this section"),
    ]  # fmt: skip

    def _current(self) -> tuple[str, str] | None:
        option = self.highlighted_option
        if option is None or not option.id or ":" not in option.id:
            return None
        facet, value = option.id.split(":", 1)
        return facet, value

    def action_toggle(self) -> None:
        current = self._current()
        if current and current[0] == "clear":
            self.post_message(RunAction("clear_filters", sender=self))
        elif current:
            self.post_message(FacetToggled(*current, sender=self))

    def action_clear_section(self) -> None:
        current = self._current()
        if current and current[0] == "clear":
            self.post_message(RunAction("clear_filters", sender=self))
        elif current:
            self.post_message(FacetCleared(current[0], sender=self))

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        self.action_toggle()


class Sidebar(Pane):
    """Shows a view's facet counts and dates; posts FacetToggled, FacetCleared, DatesChanged."""

    view: reactive[View | None] = reactive(None, always_update=True)

    def __init__(self, *, id: str | None = None) -> None:
        self.ascii = not unicode_ok()
        super().__init__(
            "Filters",
            Horizontal(
                Input(placeholder="from", id="date-from", compact=True),
                Input(placeholder="to", id="date-to", compact=True),
                id="dates",
            ),
            Static(id="date-error"),
            FacetList(id="facets", compact=True),
            id=id,
        )

    def on_mount(self) -> None:
        self.query_one("#date-error").display = False
        self._shown: object = None  # what the options show, to skip rebuilding them

    def watch_view(self, view: View | None) -> None:
        """Rebuilding the options lays out every row (~20 ms for 140 values): done only
        when what they show has changed, and while hidden only once shown again."""
        if view is None:
            return
        self.show_dates(view.query)
        if self.display:
            self._show(view)

    def on_show(self) -> None:
        if self.view is not None:
            self._show(self.view)

    def _show(self, view: View) -> None:
        query = view.query
        since = view.since
        state = (since.revision, since.removed, since.compared, since.problem) if since else None
        shown = (tuple((k, tuple(v)) for k, v in view.facets.items()), query.whole_year,
                 query.is_filtered, state)  # fmt: skip
        if shown != self._shown:
            self._shown = shown
            self.show_facets(view.facets, query, since)

    def show_facets(
        self, facets: dict[str, list[FacetValue]], query: Query, since: SinceMarks | None = None
    ) -> None:
        """Rebuild the options, keeping the highlighted value where it is."""
        facet_list = self.query_one(FacetList)
        keep = facet_list.highlighted_option.id if facet_list.highlighted_option else None
        g = glyphs()
        clear = Text(f"{g.arrow} clear all filters", style="italic")
        options: list[Option | None] = [
            Option(clear, id="clear:all", disabled=not query.is_filtered)
        ]
        selected_count = 0
        if since is not None:
            selected_count += self._since_options(options, facets.get("since", []), since)
        for facet, title in SECTIONS:
            values = facets.get(facet, [])
            if not values:
                continue
            year = query.whole_year
            marks = [year is not None and int(v.value) == year if facet == "year"
                     else v.selected for v in values]  # fmt: skip
            head = Text(title.upper(), style="bold")
            if any(marks):
                head.append(f" ({sum(marks)})")
                selected_count += sum(marks)
            options.append(Option(head, id=f"head:{facet}", disabled=True))
            for v, on in zip(values, marks, strict=True):
                options.append(Option(self._label(v, on), id=f"{facet}:{v.value}"))
        self.pane_title.info = f"{selected_count} on" if selected_count else ""
        facet_list.clear_options()
        facet_list.add_options(options)
        if keep:
            try:
                facet_list.highlighted = facet_list.get_option_index(keep)
            except Exception:  # the value vanished from the list: go to its section
                facet_list.highlighted = _first_enabled(facet_list, keep.split(":", 1)[0])
        elif facet_list.has_focus:
            facet_list.action_first()

    def _since_options(
        self, options: list[Option | None], values: list[FacetValue], since: SinceMarks
    ) -> int:
        """'SINCE main', then '[ ] + new  3', '[ ] ! changed  1' (the timeline's marks) and
        'removed  2', which is no filter: those events are not in the data. Before the
        first comparison is in, what is being done (or why it cannot be) instead."""
        g = glyphs()
        head = Text("SINCE ", style="bold")
        head.append(inert(since.revision), style="bold")
        on = sum(v.selected for v in values)
        if on:
            head.append(f" ({on})")
        options.append(Option(head, id="head:since", disabled=True))
        if since.problem:
            note = Text(f"  {inert(since.problem)}", style="italic")
            options.append(Option(note, id="head:since-problem", disabled=True))
        if not since.compared:
            if not since.problem:
                note = Text(f"  comparing{g.ellipsis}", style="italic")
                options.append(Option(note, id="head:since-comparing", disabled=True))
            return on
        for v in values:
            shown = FacetValue(v.value, f"{SINCE_MARKS[v.value]} {v.label}", v.count,
                               v.selected)  # fmt: skip
            options.append(Option(self._label(shown, v.selected), id=f"since:{v.value}"))
        removed = Columns2(Text("    removed", style="dim"), Text(str(since.removed), style="dim"),
                           ascii=self.ascii)  # fmt: skip
        options.append(Option(removed, id="head:since-removed", disabled=True))
        return on

    def on_facet_cleared(self, message: FacetCleared) -> None:
        """`x` in the Since section: its values go off one by one (the screen clears the
        indexed sections by name; this one is the sidebar's to spell out)."""
        if message.facet != "since" or self.view is None:
            return
        message.stop()
        for value in sorted(self.view.query.since):
            self.post_message(FacetToggled("since", value, sender=self))

    def _label(self, value: FacetValue, selected: bool) -> Columns2:
        """'[x]   name…   12': the count right-aligned, long names cut to the width."""
        g = glyphs()
        label = Text(f"{g.checked if selected else g.unchecked} {' ' * value.depth}")
        label.append(inert(value.label), style="bold underline" if selected else "")
        return Columns2(label, Text(str(value.count), style="dim"), ascii=self.ascii)

    def show_dates(self, query: Query) -> None:
        for widget_id, text in (("#date-from", query.from_text), ("#date-to", query.to_text)):
            field = self.query_one(widget_id, Input)
            if field.value != text:
                with field.prevent(Input.Changed):
                    field.value = text
            field.remove_class("-invalid")
        self._say("")

    def _say(self, problem: str) -> None:
        """Why the dates are not applied, under the fields (they turn red too)."""
        line = self.query_one("#date-error", Static)
        line.update(Text(problem))
        line.display = bool(problem)

    def on_input_changed(self, message: Input.Changed) -> None:
        message.stop()
        values = []
        texts = []
        for widget_id, end, name in (("#date-from", False, "from"), ("#date-to", True, "to")):
            field = self.query_one(widget_id, Input)
            text = field.value.strip()
            texts.append(text)
            try:
                values.append(parse_bound(text, end=end) if text else None)
                field.remove_class("-invalid")
            except EDTFError as exc:
                field.add_class("-invalid")
                self._say(f"{name}: {exc.message}")
                return  # keep the last valid range while the user types
        if values[0] and values[1] and values[0] > values[1]:
            self.query_one("#date-to", Input).add_class("-invalid")
            self._say("'to' is before 'from'")
            return
        self._say("")
        self.post_message(DatesChanged(values[0], values[1], texts[0], texts[1], sender=self))


def _first_enabled(facet_list: OptionList, facet: str) -> int | None:
    for i, option in enumerate(facet_list.options):
        if option.id and option.id.startswith(f"{facet}:") and not option.disabled:
            return i
    return 0 if facet_list.option_count else None
