"""iCalendar (RFC 5545), written by hand: one all-day VEVENT per event.

How partial dates become calendar days:
- a known span [lower, upper] (a day, a month, a season, a year or an interval) is an
  all-day event from DTSTART = lower to the exclusive DTEND = upper + 1 day, so
  "2018" is honestly a year-long event, not a day in January;
- an open or unknown END (`2003/..`) has DTSTART = lower alone; RFC 5545 reads that as
  one day, so the calendar shows the event on its first day only;
- an open or unknown START (`../2018-06-02`) has DTSTART = upper alone: the last day
  the record vouches for is the only day it can honestly be placed on.
In both open cases DESCRIPTION says so in words, next to the date as the record states it.

DTSTAMP must be a UTC date-time. We want the same data to give the same file (diffable,
testable), so instead of the clock it is the newest `published` date among the event's
sources (the information is "as of" then), or failing that the event's first known day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

from csto_tui.export.fields import clean, location_label, source_label
from csto_tui.model.dates import describe
from csto_tui.model.records import Event

PRODID = "-//csto-tui//CSTO events//EN"
UID_DOMAIN = "csto-tui"
MAX_OCTETS = 75
_NEWLINES = re.compile(r"\r\n|\r|\n")


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, ';', ',' and newlines."""
    value = clean(_NEWLINES.sub("\n", value))
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets (RFC 5545 3.1), never inside a
    UTF-8 sequence; continuation lines start with one space, which counts."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > MAX_OCTETS:
            parts.append("".join(current))
            current, size = [" "], 1
        current.append(ch)
        size += n
    parts.append("".join(current))
    return "\r\n".join(parts)


def ics_date(d: date) -> str:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def dtstamp(event: Event) -> str:
    """Newest source publication day, else the event's first known day (see module doc)."""
    days = [
        s.published.lower or s.published.upper for s in event.sources if s.published is not None
    ]
    known = [d for d in days if d is not None]
    day = max(known) if known else (event.date.lower or event.date.upper)
    assert day is not None  # an EDTF date always has at least one known end
    return ics_date(day) + "T000000Z"


def day_span(event: Event) -> tuple[date, date | None]:
    """(DTSTART, exclusive DTEND or None for DTSTART alone), as the module doc explains."""
    lower, upper = event.date.lower, event.date.upper
    if lower is None:
        assert upper is not None
        return upper, None
    if upper is None or upper == date.max:  # date.max + 1 day does not exist
        return lower, None
    return lower, upper + timedelta(days=1)


def description(event: Event) -> str:
    """The summary, then the date in words (with how the calendar shows it), then sources."""
    d = event.date
    note = ""
    if d.lower is None:
        note = " — the start is not known: shown here on its last known day"
    elif d.upper is None:
        note = " — the end is not known: shown here on its first day only"
    lines = [event.summary, "", f"Date: {describe(d)} ({d.text}){note}"]
    sources = [source_label(s) for s in event.sources]
    lines.append(("Source: " if len(sources) == 1 else "Sources: ") + "; ".join(sources))
    return "\n".join(lines)


def vevent(event: Event) -> list[str]:
    start, end = day_span(event)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.id)}@{UID_DOMAIN}",
        f"DTSTAMP:{dtstamp(event)}",
        f"DTSTART;VALUE=DATE:{ics_date(start)}",
    ]
    if end is not None:
        lines.append(f"DTEND;VALUE=DATE:{ics_date(end)}")
    lines += [
        f"SUMMARY:{escape_text(event.title)}",
        f"DESCRIPTION:{escape_text(description(event))}",
    ]
    where = location_label(event)
    if where:
        lines.append(f"LOCATION:{escape_text(where)}")
    lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in [event.kind, *event.tags]))
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    return lines


def render_ics(events: Iterable[Event]) -> str:
    """A VCALENDAR with CRLF line ends and folded lines; no VEVENT when there are no events
    (RFC 5545 asks for at least one component, but common readers accept an empty one)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
    ]
    for event in events:
        lines += vevent(event)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
