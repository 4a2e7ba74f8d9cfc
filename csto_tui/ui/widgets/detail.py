"""The detail view: everything known about the event under the cursor, sources numbered."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from csto_tui.export.fields import location_label
from csto_tui.model.countries import country_name
from csto_tui.model.dataset import Dataset
from csto_tui.model.dates import describe, short_label
from csto_tui.model.records import Event
from csto_tui.query import Terms, spans
from csto_tui.ui.safe import inert, unicode_ok

QUALIFIER_WORDS = {"exact": "", "approx": "about ", "at-least": "over ", "at-most": "up to "}


def marked(text: str, terms: Terms, style: str = "bold underline") -> Text:
    """Inert text with the search matches underlined (visible without colour too)."""
    out = Text(inert(text))
    for start, end in spans(out.plain, terms):
        out.stylize(style, start, end)
    return out


def figure_value(value_text: str, unit: str, qualifier: str) -> str:
    return f"{QUALIFIER_WORDS.get(qualifier, '')}{value_text} {unit}"


def _grid() -> Table:
    """Two columns: a bold label and its value."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True, min_width=9)
    grid.add_column()
    return grid


def detail_renderable(event: Event, dataset: Dataset, terms: Terms) -> RenderableType:
    """The detail as Rich renderables built from inert Text: data is never markup."""
    reg = dataset.registry
    parts: list[RenderableType] = [marked(event.title, terms, "bold underline")]
    parts[0].stylize("bold")
    facts = _grid()
    when = Text(describe(event.date))
    when.append(f"  ({short_label(event.date, ascii=not unicode_ok())})", style="dim")
    facts.add_row("When", when)
    facts.add_row("Kind", Text(event.kind))
    where = location_label(event)
    if where:
        facts.add_row("Where", marked(where, terms))
    parts.append(facts)
    if event.figures:  # the numbers come first: they are what readers look for
        table = Table(title=None, box=None, padding=(0, 1), show_edge=False, header_style="bold")
        table.add_column("Figure")
        table.add_column("Item")
        table.add_column("Value", justify="right")
        for f in event.figures:
            table.add_row(
                Text(inert(f.metric)),
                marked(f.item or "", terms),
                Text(figure_value(f.value_text, f.unit, f.qualifier)),
            )
        parts.append(table)
    facts = _grid()
    if event.countries:
        names = ", ".join(f"{country_name(c)} ({c})" for c in event.countries)
        facts.add_row("Countries", marked(names, terms))
    if event.bodies:
        bodies = Text()
        for i, ref in enumerate(event.bodies):
            body = reg.get(ref.id)
            label = (
                body.name + (f" ({body.abbr})" if body and body.abbr else "") if body else ref.id
            )
            bodies.append_text(marked(label, terms))
            bodies.append(f" — {ref.role}" if unicode_ok() else f" - {ref.role}", style="italic")
            if i < len(event.bodies) - 1:
                bodies.append("\n")
        facts.add_row("Bodies", bodies)
    if event.people:
        people = Text()
        for i, person in enumerate(event.people):
            people.append_text(marked(person.name, terms))
            if person.role:
                people.append(", ")
                people.append_text(marked(person.role, terms))
            if i < len(event.people) - 1:
                people.append("\n")
        facts.add_row("People", people)
    if event.tags:
        facts.add_row("Tags", marked(" ".join(f"#{t}" for t in event.tags), terms))
    parts.append(facts)
    parts.append(Text(""))
    parts.append(marked(event.summary, terms, "bold underline"))
    parts.append(Text("\nSources", style="bold"))
    for n, src in enumerate(event.sources, 1):
        line = Text(f"[{n}] ")
        bits = [b for b in (src.publisher, src.title) if b]
        line.append_text(marked(". ".join(bits), terms))
        if src.published:
            line.append(f" ({describe(src.published)})", style="dim")
        if src.url:
            line.append(f"\n    {inert(src.url)}", style="underline")
        parts.append(line)
    origin = dataset.origins.get(event.id)
    if origin:
        parts.append(
            Text(
                f"\n{event.id} · {inert(origin.file)}:{origin.line}"
                if unicode_ok()
                else f"\n{event.id} - {inert(origin.file)}:{origin.line}",
                style="dim",
            )
        )
    return Group(*parts)


class RelatedList(OptionList):
    """Related events; Enter jumps to one."""

    class Jump(Message):
        def __init__(self, event_id: str) -> None:
            super().__init__()
            self.event_id = event_id


class Detail(VerticalScroll, can_focus=True):
    """Scrollable detail with the related events below it."""

    ALLOW_MAXIMIZE = True  # Enter opens it full screen on narrow terminals
    _related: tuple[str, ...] = ()  # the shown event's related ids, by option position

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Scroll down", id="detail.down", show=False),
        Binding("k,up", "scroll_up", "Scroll up", id="detail.up", show=False),
        Binding("escape", "app.back", "Back", id="detail.back", tooltip="Back to the timeline"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(Text("No event selected."), id="detail-body")
        yield Static(Text("Related", style="bold"), id="related-title")
        yield RelatedList(id="related")

    def show(self, event: Event | None, dataset: Dataset | None, terms: Terms) -> None:
        body = self.query_one("#detail-body", Static)
        related = self.query_one(RelatedList)
        title = self.query_one("#related-title", Static)
        related.clear_options()
        if event is None or dataset is None:
            body.update(Text("No event selected." if dataset else ""))
            related.display = title.display = False
            return
        body.update(detail_renderable(event, dataset, terms))
        options = []
        self._related = tuple(rel.id for rel in event.related)
        for rel in event.related:
            target = dataset.event(rel.id)
            label = target.title if target else rel.id
            # Positional ids: a record may (wrongly) list the same event twice.
            options.append(Option(Text(f"{rel.type}: {inert(label)}"), id=f"rel-{len(options)}"))
        related.add_options(options)
        related.display = title.display = bool(options)
        self.scroll_home(animate=False)

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        if message.option.id and self._related:
            self.post_message(RelatedList.Jump(self._related[int(message.option.id[4:])]))
