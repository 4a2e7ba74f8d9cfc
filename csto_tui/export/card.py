"""An event as Markdown, for the clipboard: title, date in words, facts, summary, sources.

Headless (no Textual): the browser copies it, and anything else may render it.
"""

from __future__ import annotations

from csto_tui.export.fields import clean, figure_text, location_label
from csto_tui.export.tabular import md_cell
from csto_tui.model.countries import country_name
from csto_tui.model.dataset import Dataset
from csto_tui.model.dates import describe
from csto_tui.model.records import Event


def event_markdown(event: Event, dataset: Dataset) -> str:
    """The card; figures read as the detail view says them ('about 5 t', 'at least 5 t')."""
    lines = [f"## {clean(event.title)}", "", f"- **When:** {describe(event.date)} (`{event.date}`)",
             f"- **Kind:** {event.kind}"]  # fmt: skip
    where = location_label(event)
    if where:
        lines.append(f"- **Where:** {clean(where)}")
    if event.countries:
        lines.append(f"- **Countries:** {', '.join(country_name(c) for c in event.countries)}")
    if event.bodies:
        names = [f"{clean(dataset.registry.name(b.id))} ({b.role})" for b in event.bodies]
        lines.append(f"- **Bodies:** {'; '.join(names)}")
    for person in event.people:
        role = f", {clean(person.role)}" if person.role else ""
        lines.append(f"- **Person:** {clean(person.name)}{role}")
    if event.figures:
        lines += ["", "| Figure | Item | Value |", "|---|---|---|"]
        for f in event.figures:
            cells = (md_cell(f.metric), md_cell(f.item or ""), md_cell(figure_text(f)))
            lines.append(f"| {' | '.join(cells)} |")
    lines += ["", clean(event.summary), "", "Sources:"]
    for n, src in enumerate(event.sources, 1):
        bits = [clean(b) for b in (src.publisher, src.title, src.url) if b]
        when = f" ({src.published})" if src.published else ""
        lines.append(f"{n}. {'. '.join(bits)}{when}")
    return "\n".join(lines) + "\n"
