"""TimelineJS 3 JSON (Knight Lab's "TimelineJS JSON data format"): one slide per event.

Why this module decides so much: TimelineJS knows dates to the day or coarser (a date
object needs only `year`), but nothing of seasons, decades, qualifiers or open ends, and
a slide's `headline` and `text` are HTML ("HTML markup is OK", the docs say). So:

Dates (EDTF → date objects; numbers, as the format asks):
- a day `2018-05-28` → {year, month, day}; a month → {year, month}; a year → {year}:
  a partial date keeps its precision, never a made-up 1 January;
- a season `2018-21` → start_date {2018, month 3}, end_date {2018, month 5} (winter
  `2018-24` → December 2018 to February 2019): the months it spans;
- a decade `201X` → start_date {year 2010}, end_date {year 2019};
- an interval A/B → start_date from A's first part, end_date from B's last part, each at
  its own precision;
- an open or unknown END (`2003/..`, `2018-05-28/`) → start_date only (the format has no
  open end), and `text` says "open end: ongoing" or "end unknown";
- an open or unknown START (`../2018-06-02`) → the slide is placed on B, the last date
  the record vouches for, and `text` says "open start" or "start unknown".
The slide's `display_date` (which overrides the dates' own) is always the date in words,
as the detail view says it: "about 2018", "28 May 2018 (uncertain)", "from 2003 onwards".

Markup: every data string (in `display_date` and `group` too, in case a page shows them
as HTML) is HTML-escaped (`< > & " '`), control characters replaced first (model.text);
links are written by us (`autolink: false`, so TimelineJS adds none) and only for http(s)
URLs; any other address (`javascript:`...) is left out and the text says so.

`group` is the event's kind (TimelineJS puts a group on its own row, labelled), and
`unique_id` the event id, unique in a dataset; the title slide's id cannot be a slug.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from typing import Any

from csto_tui.export.fields import clean, figure_label, location_label, source_label
from csto_tui.model.countries import country_name
from csto_tui.model.dates import EDTFDate, EDTFPoint, Precision, describe
from csto_tui.model.records import Event, Source
from csto_tui.model.text import plural

__all__ = ["TITLE_ID", "date_objects", "render_timelinejs", "safe_href", "timeline"]

TITLE_HEADLINE = "CSTO events"
# Event ids are slugs ([a-z0-9-]); an underscore keeps the title's id out of their way.
TITLE_ID = "_csto-tui-title"
NOTES = {
    "end_open": "open end: ongoing",
    "end_unknown": "end unknown",
    "start_open": "open start: shown on its last known date",
    "start_unknown": "start unknown: shown on its last known date",
}
_HTTP = re.compile(r"https?://[^\s/?#]+\S*", re.IGNORECASE)
_PARAGRAPHS = re.compile(r"\n\s*\n")


def esc(text: str) -> str:
    """Data as inert HTML text: control characters replaced, then `< > & " '` escaped."""
    return html.escape(clean(text), quote=True)


def _rich(text: str) -> str:
    """Escaped text whose blank lines become paragraphs and line ends <br>: a summary
    keeps its shape without any of its characters becoming markup."""
    paras = [p.strip() for p in _PARAGRAPHS.split(clean(text).replace("\r\n", "\n"))]
    return "".join(
        "<p>" + "<br>".join(html.escape(line, quote=True) for line in p.split("\n")) + "</p>"
        for p in paras
        if p
    )


def safe_href(url: str) -> str | None:
    """The URL escaped for an href when it is http(s) with a host and no whitespace or
    control characters; None otherwise (javascript:, data:, relative paths...)."""
    url = url.strip()
    if clean(url) != url or _HTTP.fullmatch(url) is None:
        return None
    return html.escape(url, quote=True)


# --- dates --------------------------------------------------------------------------------


def _first(p: EDTFPoint) -> dict[str, int]:
    """The date object for where a point starts, at the point's own precision."""
    d = p.earliest
    match p.precision:
        case Precision.DAY:
            return {"year": d.year, "month": d.month, "day": d.day}
        case Precision.MONTH | Precision.SEASON:
            return {"year": d.year, "month": d.month}
        case _:
            return {"year": d.year}


def _last(p: EDTFPoint) -> dict[str, int]:
    """Where a point ends: its start, except for a season's last month or a decade's
    last year (the only points longer than their own unit)."""
    if p.precision is Precision.SEASON:
        return {"year": p.latest.year, "month": p.latest.month}
    if p.precision is Precision.DECADE:
        return {"year": p.latest.year}
    return _first(p)


def date_objects(d: EDTFDate) -> tuple[dict[str, int], dict[str, int] | None]:
    """(start_date, end_date or None), as the module doc maps them."""
    a, b = d.first, d.second
    if a is None:  # open or unknown start: placed on the end, as if it were the date
        assert b is not None
        a = b
    elif not d.is_interval:
        b = a
    start = _first(a)
    if b is None:  # open or unknown end
        return start, None
    end = _last(b)
    return start, (end if end != start else None)


def date_note(d: EDTFDate) -> str:
    """What TimelineJS cannot show about the date's ends, in words ('' when nothing)."""
    for flag in ("end_open", "end_unknown", "start_open", "start_unknown"):
        if getattr(d, flag):
            return NOTES[flag]
    return ""


# --- text ---------------------------------------------------------------------------------


def _source_item(s: Source) -> str:
    """'<a href=...>Title (Publisher)</a>, published 2 June 2018': the label linked only
    through safe_href; an address it refuses is left out, and said to be."""
    href = safe_href(s.url) if s.url else None
    label = esc(source_label(s) or "source")  # validation asks for a title or publisher
    parts = []
    parts.append(f'<a href="{href}">{label}</a>' if href else label)
    if s.published is not None:
        parts.append(f"published {esc(describe(s.published))}")
    if s.url and href is None:
        parts.append("address left out (not an http or https link)")
    return ", ".join(parts)


def _list(heading: str, items: Sequence[str]) -> str:
    """A heading and a bulleted list of already-escaped items ('' for no items)."""
    if not items:
        return ""
    return f"<p>{heading}</p><ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def slide_text(event: Event) -> str:
    """The summary, the date in words (with what the dates cannot show), where, who,
    key facts (figures), then the sources: all data escaped, see the module doc."""
    d = event.date
    note = date_note(d)
    out = [_rich(event.summary)]
    out.append(
        f"<p>Date: {esc(describe(d))} ({esc(d.text)})" + (f"; {note}" if note else "") + "</p>"
    )
    where = location_label(event)
    if where:
        out.append(f"<p>Where: {esc(where)}</p>")
    if event.countries:
        names = ", ".join(country_name(c) for c in event.countries)
        out.append(f"<p>Countries: {esc(names)}</p>")
    out.append(_list("Key facts:", [esc(figure_label(f)) for f in event.figures]))
    heading = "Source:" if len(event.sources) == 1 else "Sources:"
    out.append(_list(heading, [_source_item(s) for s in event.sources]))
    return "".join(out)


def slide(event: Event) -> dict[str, Any]:
    """One event as a slide, keys in a fixed order (diffable output)."""
    start, end = date_objects(event.date)
    out: dict[str, Any] = {"start_date": start}
    if end is not None:
        out["end_date"] = end
    out["display_date"] = esc(describe(event.date))
    out["text"] = {"headline": esc(event.title), "text": slide_text(event)}
    out["group"] = esc(event.kind)
    out["unique_id"] = event.id
    out["autolink"] = False
    return out


def timeline(events: Sequence[Event]) -> dict[str, Any]:
    """The document: a title slide naming the view and its count, then the events."""
    title = {
        "text": {"headline": TITLE_HEADLINE, "text": f"<p>{plural(len(events), 'event')}</p>"},
        "unique_id": TITLE_ID,
        "autolink": False,
    }
    return {"title": title, "events": [slide(e) for e in events]}


def render_timelinejs(events: Sequence[Event]) -> str:
    """UTF-8 JSON (ensure_ascii=False), indented; an empty list is still a document."""
    return json.dumps(timeline(events), ensure_ascii=False, indent=2) + "\n"
