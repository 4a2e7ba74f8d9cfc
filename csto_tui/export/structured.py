"""Record formats: JSON, JSON Lines and YAML that loads back through `csto-tui check`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import msgspec
import yaml

from csto_tui.export.fields import derived, figure_number
from csto_tui.model.dates import EDTFDate
from csto_tui.model.records import Body, Event
from csto_tui.model.registry import BodyRegistry
from csto_tui.model.text import plural

EVENT_FIELDS = (
    "id",
    "date",
    "title",
    "summary",
    "kind",
    "location",
    "countries",
    "bodies",
    "people",
    "figures",
    "sources",
    "tags",
    "related",
)
BODY_FIELDS = ("id", "name", "abbr", "aliases", "parent", "names")


def _plain(value: Any) -> Any:
    """A record as JSON-ready data: fields in declaration order, None and an empty `names`
    mapping left out, a date as its EDTF text."""
    if isinstance(value, EDTFDate):
        return value.text
    if isinstance(value, msgspec.Struct):
        return {
            name: _plain(v)
            for name in value.__struct_fields__
            if (v := getattr(value, name)) is not None and v != {}
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):  # names by language
        return {k: _plain(v) for k, v in value.items()}
    return value


def _record(model: Event | Body) -> dict[str, Any]:
    data = _plain(model)
    for figure in data.get("figures", ()):
        figure["value"] = figure_number(figure["value"])
    return data


def event_object(event: Event) -> dict[str, Any]:
    """The full record (date as its EDTF text) with start/end/precision/flags after the date."""
    record = _record(event)
    out: dict[str, Any] = {}
    for key, value in record.items():
        out[key] = value
        if key == "date":
            out.update(derived(event))
    return out


def render_json(events: Iterable[Event]) -> str:
    return json.dumps([event_object(e) for e in events], ensure_ascii=False, indent=2) + "\n"


def render_jsonl(events: Iterable[Event]) -> str:
    return "".join(
        json.dumps(event_object(e), ensure_ascii=False, separators=(",", ":")) + "\n"
        for e in events
    )


# --- yaml -------------------------------------------------------------------------------


class _Quoted(str):
    """A string always written double-quoted: dates, so no reader takes them for numbers."""


class _Dumper(yaml.SafeDumper):
    """SafeDumper that also writes `_Quoted` (as a plain !!str) and indents lists."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_Dumper.add_representer(
    _Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"')
)


def _compact(data: dict[str, Any], order: Sequence[str]) -> dict[str, Any]:
    """Fields in canonical order, empty lists left out (they are the defaults)."""
    return {k: data[k] for k in order if k in data and data[k] != []}


def referenced_bodies(events: Iterable[Event], registry: BodyRegistry) -> list[Body]:
    """Bodies the events name (as bodies or people's bodies) and their ancestors, in
    registry order, so the export is a self-contained dataset."""
    wanted: set[str] = set()
    for e in events:
        for body_id in [b.id for b in e.bodies] + [p.body for p in e.people if p.body]:
            wanted.add(body_id)
            wanted.update(registry.ancestors(body_id))
    return [body for body_id, body in registry.bodies.items() if body_id in wanted]


def _yaml_event(event: Event, keep: set[str]) -> tuple[dict[str, Any], int]:
    """(the record as YAML data, how many related links were dropped as outside `keep`)."""
    data = _record(event)
    data["date"] = _Quoted(data["date"])
    for source in data.get("sources", ()):
        if "published" in source:
            source["published"] = _Quoted(source["published"])
    related = data.get("related", [])
    data["related"] = [r for r in related if r["id"] in keep]
    return _compact(data, EVENT_FIELDS), len(related) - len(data["related"])


def render_yaml(events: Sequence[Event], registry: BodyRegistry) -> str:
    """A dataset file: the bodies the events need, then the events, in canonical field order.

    `related` links to events outside the export would not resolve when loaded back, so
    they are left out, and a leading comment says how many.
    """
    keep = {e.id for e in events}
    out_events, dropped = [], 0
    for e in events:
        data, n = _yaml_event(e, keep)
        out_events.append(data)
        dropped += n
    doc: dict[str, Any] = {}
    bodies = [_compact(_record(b), BODY_FIELDS) for b in referenced_bodies(events, registry)]
    if bodies:
        doc["bodies"] = bodies
    doc["events"] = out_events
    text = yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)
    if dropped:
        text = (
            f"# left out: {plural(dropped, 'related link')} pointing outside this export\n" + text
        )
    return text
