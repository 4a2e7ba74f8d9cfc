"""An event as Markdown, for the clipboard: title, date in words, facts, summary, sources."""

from __future__ import annotations

from csto_tui.export.fields import location_label
from csto_tui.model.countries import country_name
from csto_tui.model.dataset import Dataset
from csto_tui.model.dates import describe
from csto_tui.model.records import Event


def event_markdown(event: Event, dataset: Dataset) -> str:
    lines = [f"## {event.title}", "", f"- **When:** {describe(event.date)} (`{event.date}`)",
             f"- **Kind:** {event.kind}"]  # fmt: skip
    where = location_label(event)
    if where:
        lines.append(f"- **Where:** {where}")
    if event.countries:
        lines.append(f"- **Countries:** {', '.join(country_name(c) for c in event.countries)}")
    if event.bodies:
        names = [f"{dataset.registry.name(b.id)} ({b.role})" for b in event.bodies]
        lines.append(f"- **Bodies:** {'; '.join(names)}")
    for person in event.people:
        lines.append(f"- **Person:** {person.name}" + (f", {person.role}" if person.role else ""))
    if event.figures:
        lines += ["", "| Figure | Item | Value |", "|---|---|---|"]
        for f in event.figures:
            lines.append(f"| {f.metric} | {f.item or ''} | {f.qualifier} {f.value_text} {f.unit} |")
    lines += ["", event.summary, "", "Sources:"]
    for n, src in enumerate(event.sources, 1):
        bits = [b for b in (src.publisher, src.title, src.url) if b]
        when = f" ({src.published})" if src.published else ""
        lines.append(f"{n}. {'. '.join(bits)}{when}")
    return "\n".join(lines) + "\n"
