"""Row formats: a plain-text table for terminals and pipes, CSV (RFC 4180) and Markdown."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from csto_tui.export.fields import clean, derived, figure_label, one_line, source_label
from csto_tui.model.dates import short_label
from csto_tui.model.records import Event
from csto_tui.model.scripts import has_cyrillic
from csto_tui.model.text import UNSAFE, cell_width, truncate

GAP = "  "
COUNTRIES_MAX = 14  # 'AM,BY,KZ,KG,+6': the title deserves the room more than a long list
TITLE_WANTED = 40  # below this, the countries column shrinks to its header's width
TITLE_MIN = 10
WHERE_MAX = 24  # a terminal's WHERE column; in a pipe, nothing is cut
WIDE = 120  # from this many columns a terminal's table shows WHERE too
HEADERS = ("DATE", "KIND", "COUNTRIES", "WHERE", "TITLE")

# --- table ------------------------------------------------------------------------------


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_width(text))


def country_cell(codes: Sequence[str], width: int = COUNTRIES_MAX) -> str:
    """Codes joined with ','; when too long, the first ones and '+N' for the rest."""
    full = ",".join(codes)
    if len(full) <= width:
        return full
    for keep in range(len(codes) - 1, -1, -1):
        text = ",".join([*codes[:keep], f"+{len(codes) - keep}"])
        if len(text) <= width:
            return text
    return f"+{len(codes)}"


def where_cell(event: Event) -> str:
    """'Bosteri, Issyk-Kul Region': the place and region, so `grep` finds an event by them."""
    loc = event.location
    return ", ".join(p for p in ((loc.place, loc.region) if loc else ()) if p)


def render_table(events: Iterable[Event], *, width: int | None = 80, ascii: bool = False) -> str:
    """Aligned columns with a header row; plain text, never colour. Empty for no events.

    `width` is a terminal's: titles, places and long country lists are cut to fit, and the
    WHERE column appears from 120 columns. None (a pipe or a file) cuts nothing and shows
    every column, so `csto-tui list | grep Bosteri` finds what the data holds.
    """
    rows = [
        (
            one_line(short_label(e.date, ascii=ascii), ascii=ascii),
            e.kind,
            e.all_countries,  # what --country matches: participants and the location
            one_line(where_cell(e), ascii=ascii),
            one_line(e.title, ascii=ascii),
        )
        for e in events
    ]
    if not rows:
        return ""
    if width is None:
        cells = [HEADERS, *((d, k, ",".join(c), w, t) for d, k, c, w, t in rows)]
        return _aligned(cells)
    head = HEADERS if width >= WIDE else (*HEADERS[:3], HEADERS[4])
    date_w = max(cell_width(r[0]) for r in [head, *rows])
    kind_w = max(len(r[1]) for r in [head, *rows])
    where_w = 0
    if width >= WIDE:
        where_w = min(WHERE_MAX, max(cell_width(r[3]) for r in [head, *rows]))
    gaps = len(GAP) * (len(head) - 1)
    spare = width - date_w - kind_w - where_w - gaps - TITLE_WANTED
    country_w = min(COUNTRIES_MAX, max(len(HEADERS[2]), spare))
    cells = [head]
    for d, k, c, w, t in rows:
        where = [truncate(w, where_w, ascii=ascii)] if where_w else []
        cells.append((d, k, country_cell(c, country_w), *where, t))
    widths = [max(cell_width(r[i]) for r in cells) for i in range(len(head) - 1)]
    title_width = width - sum(widths) - gaps
    lines = []
    for row in cells:
        front = GAP.join(_pad(c, w) for c, w in zip(row[:-1], widths, strict=True))
        line = front + GAP + truncate(row[-1], max(title_width, TITLE_MIN), ascii=ascii)
        if title_width < TITLE_MIN:  # a very narrow terminal: cut whole lines instead
            line = truncate(line, width, ascii=ascii)
        lines.append(line.rstrip())
    return "\n".join(lines) + "\n"


def transliterates(events: Iterable[Event]) -> bool:
    """Whether the table or Markdown of `events` on an ASCII terminal writes some Cyrillic
    in Latin letters (their titles and places): the caller then says so."""
    return any(has_cyrillic(e.title + where_cell(e)) for e in events)


def _aligned(cells: Sequence[Sequence[str]]) -> str:
    """Every cell whole, columns padded to their widest cell."""
    widths = [max(cell_width(r[i]) for r in cells) for i in range(len(cells[0]) - 1)]
    lines = [
        (GAP.join(_pad(c, w) for c, w in zip(row[:-1], widths, strict=True)) + GAP + row[-1])
        for row in cells
    ]
    return "\n".join(line.rstrip() for line in lines) + "\n"


# --- csv --------------------------------------------------------------------------------

LIST_SEP = ";"
CSV_COLUMNS = (
    "id",
    "date",
    "start",
    "end",
    "precision",
    "uncertain",
    "approximate",
    "kind",
    "title",
    "summary",
    "place",
    "region",
    "location_country",
    "countries",
    "bodies",
    "people",
    "figures",
    "sources",
    "tags",
    "related",
)


def join_list(items: Iterable[str]) -> str:
    """Items joined with ';'; a ';' or '\\' inside an item is escaped with '\\'."""
    items = list(items)
    plain = LIST_SEP.join(items)
    if "\\" not in plain and plain.count(LIST_SEP) == len(items) - 1:
        return plain  # nothing to escape: the common case, without a replace per item
    return LIST_SEP.join(i.replace("\\", "\\\\").replace(LIST_SEP, "\\" + LIST_SEP) for i in items)


def split_list(text: str) -> list[str]:
    """The inverse of `join_list`: '' is the empty list."""
    if not text:
        return []
    items, current, escaped = [], [], False
    for c in text:
        if escaped:
            current.append(c)
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == LIST_SEP:
            items.append("".join(current))
            current = []
        else:
            current.append(c)
    items.append("".join(current))
    return items


def csv_values(e: Event) -> list[str]:
    """The row's cells in CSV_COLUMNS order, cleaned."""
    d = derived(e)
    loc = e.location
    row = [
        e.id,
        str(e.date),
        d["start"] or "",
        d["end"] or "",
        d["precision"],
        "true" if d["uncertain"] else "false",
        "true" if d["approximate"] else "false",
        e.kind,
        e.title,
        e.summary,
        (loc.place if loc else None) or "",
        (loc.region if loc else None) or "",
        (loc.country if loc else None) or "",
        join_list(e.countries),
        join_list(f"{b.id}:{b.role}" for b in e.bodies),
        join_list(p.name for p in e.people),
        join_list(figure_label(f) for f in e.figures),
        join_list(source_label(s) for s in e.sources),
        join_list(e.tags),
        join_list(f"{r.type}:{r.id}" for r in e.related),
    ]
    if UNSAFE.search("".join(row)) is None:  # one scan of the row instead of one per cell
        return row
    return [clean(v) for v in row]


def render_csv(events: Iterable[Event]) -> str:
    """One row per event under a header row; CRLF line ends and minimal quoting (RFC 4180)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(map(csv_values, events))
    return out.getvalue()


# --- markdown ---------------------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\|<>*_`[]"})


def md_cell(text: str, *, ascii: bool = False) -> str:
    """A cell that cannot break the table or turn into HTML: '|' escaped, lines as <br>."""
    lines = clean(text, ascii=ascii).translate(_MD_SPECIAL).splitlines()
    return "<br>".join(" ".join(line.split()) for line in lines if line.strip())


def render_md(events: Iterable[Event], *, ascii: bool = False) -> str:
    """A Markdown (GFM) table with a header row; header only when there are no events."""
    lines = ["| Date | Kind | Countries | Where | Title |", "| --- | --- | --- | --- | --- |"]
    for e in events:
        cells = (
            short_label(e.date, ascii=ascii),
            e.kind,
            ",".join(e.all_countries),
            where_cell(e),
            e.title,
        )
        lines.append("| " + " | ".join(md_cell(c, ascii=ascii) for c in cells) + " |")
    return "\n".join(lines) + "\n"
