"""The detail view: everything known about the event under the cursor, sources numbered."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from csto_tui.export.fields import figure_text, location_label
from csto_tui.model.countries import country_name
from csto_tui.model.dataset import Dataset
from csto_tui.model.dates import describe, short_label
from csto_tui.model.records import Body, Event
from csto_tui.model.registry import BodyRegistry
from csto_tui.model.scripts import has_cyrillic
from csto_tui.query import Terms, spans
from csto_tui.query.since import NEW, SinceMarks
from csto_tui.ui.glyphs import TRANSLITERATED, glyphs
from csto_tui.ui.messages import JumpToEvent, MoveCursor
from csto_tui.ui.render import OneLine
from csto_tui.ui.safe import inert, unicode_ok
from csto_tui.ui.widgets.lists import CursorList

NONE = "(none)"


def marked(text: str, terms: Terms, style: str = "bold underline") -> Text:
    """Inert text with the search matches underlined (visible without colour too)."""
    out = Text(inert(text))
    for start, end in spans(out.plain, terms):
        out.stylize(style, start, end)
    return out


def _grid() -> Table:
    """Two columns: a bold label and its value."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True, min_width=9)
    grid.add_column()
    return grid


def since_renderable(event: Event, since: SinceMarks) -> RenderableType | None:
    """'New since main', or 'Changed since main' and each field's 'old → new' (as `diff`
    writes them; `(none)` for a value that was not there); None for an event as it was."""
    state = since.state(event.id)
    if state is None:
        return None
    g = glyphs()
    revision = inert(since.revision)
    if state == NEW:
        return Text(f"New since {revision}", style="bold")
    lines = Text(f"Changed since {revision}:", style="bold")
    for change in since.fields.get(event.id, ()):
        lines.append(f"\n  {inert(change.label)}: ", style="bold")
        lines.append(f"{inert(change.old) or NONE} {g.arrow} {inert(change.new) or NONE}")
    return lines


def _own_texts(event: Event, reg: BodyRegistry) -> list[str | None]:
    """The event's texts the detail shows, its bodies' main names among them (their other
    names carry their own mark)."""
    texts: list[str | None] = [event.title, event.summary, location_label(event)]
    for p in event.people:
        texts += [p.name, p.role, *p.names.values()]
    for f in event.figures:
        texts += [f.metric, f.item]
    for s in event.sources:
        texts += [s.publisher, s.title, s.url]
    for ref in event.bodies:
        body = reg.get(ref.id)
        texts += [body.name, body.abbr] if body else []
    return texts


def transliterated(event: Event, reg: BodyRegistry) -> bool:
    """Whether an ASCII terminal shows some of the event's own text in Latin letters."""
    return any(has_cyrillic(t) for t in _own_texts(event, reg) if t)


def body_label(body: Body) -> str:
    """'Collective Security Treaty Organization (CSTO)'."""
    return body.name + (f" ({body.abbr})" if body.abbr else "")


def other_names(body: Body, terms: Terms, ascii: bool) -> Text:
    """A line per other language: 'ru: Организация … (ОДКБ)'; on an ASCII terminal in
    Latin letters, and the language marked '(translit.)' when it is Cyrillic."""
    out = Text()
    for lang, other in body.names.items():
        text = other.name + (f" ({other.abbr})" if other.abbr else "")
        mark = f" {TRANSLITERATED}" if ascii and has_cyrillic(text) else ""
        out.append(f"\n  {lang}{mark}: ", style="dim")
        name = marked(text, terms)
        name.stylize("dim")  # below the name the data uses, and the role after it
        out.append_text(name)
    return out


def detail_renderable(
    event: Event, dataset: Dataset, terms: Terms, since: SinceMarks | None = None
) -> RenderableType:
    """The detail as Rich renderables built from inert Text: data is never markup."""
    reg = dataset.registry
    ascii = not unicode_ok()
    title = marked(event.title, terms, "bold underline")
    title.stylize("bold")
    if ascii and transliterated(event, reg):  # the reader is told it is not the original
        title.append(f"  {TRANSLITERATED}", style="dim")
    parts: list[RenderableType] = [title]
    changed = since_renderable(event, since) if since is not None else None
    if changed is not None:  # a curator reviewing changes reads this first
        parts.append(changed)
    facts = _grid()
    when = Text(describe(event.date))
    when.append(f"  ({short_label(event.date, ascii=ascii)})", style="dim")
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
        table.add_column("Value", justify="right", no_wrap=True)  # a number never breaks
        for f in event.figures:
            table.add_row(
                Text(inert(f.metric)),
                marked(f.item or "", terms),
                Text(figure_text(f)),
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
            bodies.append_text(marked(body_label(body) if body else ref.id, terms))
            bodies.append(f"{glyphs().dash}{ref.role}", style="italic")
            if body and body.names:
                bodies.append_text(other_names(body, terms, ascii))
            if i < len(event.bodies) - 1:
                bodies.append("\n")
        facts.add_row("Bodies", bodies)
    if event.people:
        people = Text()
        for i, person in enumerate(event.people):
            people.append_text(marked(person.name, terms))
            for other in person.names.values():  # 'Sadyr Japarov (Садыр Жапаров)'
                people.append(" (")
                people.append_text(marked(other, terms))
                people.append(")")
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
        parts.append(line)
        if src.url:  # a URL is a token: cut in the middle, never wrapped
            parts.append(Padding(OneLine(inert(src.url), "underline", cut="middle",
                                         ascii=ascii), (0, 0, 0, 4)))  # fmt: skip
    parts.append(Text(""))
    parts.append(OneLine(event.id, "dim", ascii=ascii))
    origin = dataset.origins.get(event.id)
    if origin:  # the path gives way from the left: the file name and line stay whole
        parts.append(OneLine(f"{inert(origin.file)}:{origin.line}", "dim", cut="start",
                             ascii=ascii))  # fmt: skip
    return Group(*parts)


class RelatedList(CursorList):
    """Related events; Enter jumps to one (posts JumpToEvent)."""

    HELP_NAME = "the related events"
    _shown: tuple[tuple[str, str], ...] = ()  # (id, type) of the links, by option position

    def show(self, event: Event, dataset: Dataset) -> None:
        shown = tuple((r.id, r.type) for r in event.related)
        if shown == self._shown:
            return  # the same links (most often none): replacing them costs a layout pass
        self._shown = shown
        self.clear_options()
        options = []
        for rel in event.related:
            target = dataset.event(rel.id)
            label = target.title if target else rel.id
            # Positional ids: a record may (wrongly) list the same event twice.
            options.append(Option(Text(f"{rel.type}: {inert(label)}"), id=f"rel-{len(options)}"))
        self.add_options(options)

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        if message.option.id and self._shown:
            target, _type = self._shown[int(message.option.id[4:])]
            self.post_message(JumpToEvent(target, sender=self))


class Detail(VerticalScroll, can_focus=True):
    """Scrollable detail with the related events below it; keys as in less."""

    HELP_NAME = "the detail"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Scroll down", id="detail.down", show=False),
        Binding("k,up", "scroll_up", "Scroll up", id="detail.up", show=False),
        Binding("g,home", "scroll_home", "Top", id="detail.top", show=False),
        Binding("G,end", "scroll_end", "Bottom", id="detail.bottom", show=False),
        Binding("space,pagedown,ctrl+f", "page_down", "Page down", id="detail.page_down",
                show=False),
        Binding("pageup,ctrl+b", "page_up", "Page up", id="detail.page_up", show=False),
        Binding("ctrl+d", "half_page(1)", "Half page down", id="detail.half_down", show=False),
        Binding("ctrl+u", "half_page(-1)", "Half page up", id="detail.half_up", show=False),
        Binding("J", "step(1)", "Next event", id="detail.next_event", show=False,
                tooltip="Show the next event of the timeline"),
        Binding("K", "step(-1)", "Previous event", id="detail.previous_event", show=False,
                tooltip="Show the previous event of the timeline"),
        Binding("q", "screen.close_detail", "Close", id="detail.close",
                tooltip="Close the full-screen detail (quit when it is not full screen)"),
    ]  # fmt: skip

    def compose(self) -> ComposeResult:
        yield Static(Text("No event selected."), id="detail-body")
        yield Static(Text("Related", style="bold"), id="related-title")
        yield RelatedList(id="related", compact=True)

    since: SinceMarks | None = None  # the --since marks, set by the screen
    _showing: tuple[Event, Dataset, Terms] | None = None

    def on_mount(self) -> None:
        self.query_one(RelatedList).display = self.query_one("#related-title").display = False

    def show_since(self, since: SinceMarks | None) -> None:
        """New --since marks: the event shown says what changed in it (its place kept)."""
        self.since = since
        if self._showing is not None:
            event, dataset, terms = self._showing
            body = self.query_one("#detail-body", Static)
            body.update(detail_renderable(event, dataset, terms, since))

    def show(self, event: Event | None, dataset: Dataset | None, terms: Terms) -> None:
        body = self.query_one("#detail-body", Static)
        related = self.query_one(RelatedList)
        title = self.query_one("#related-title", Static)
        if event is None or dataset is None:
            self._showing = None
            body.update(Text("No event selected." if dataset else ""))
            related.display = title.display = False
            return
        self._showing = (event, dataset, terms)
        body.update(detail_renderable(event, dataset, terms, self.since))
        related.show(event, dataset)
        related.display = title.display = bool(event.related)
        self.scroll_home(animate=False)

    def action_half_page(self, direction: int) -> None:
        step = max(1, self.scrollable_content_region.height // 2)
        self.scroll_to(y=self.scroll_y + direction * step, animate=False)

    def action_step(self, delta: int) -> None:
        self.post_message(MoveCursor(delta, sender=self))
