"""What the browser shows for a query, computed in one pure step (no Textual here).

`build_view` runs the query, lays the result out as timeline rows under year (and month)
headers, finds the search matches and the facet counts: everything a screen needs to
draw, so it can run in a worker thread and be handed over whole.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date

from csto_tui.model.dates import Precision, coarser
from csto_tui.model.records import Event
from csto_tui.query.engine import FacetValue, QueryEngine, Result
from csto_tui.query.model import Query
from csto_tui.query.text import Terms, parse_terms

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_HEADERS_OVER = 24  # a year with more events than this gets month headers
OPEN_START = "open start"


@dataclass(frozen=True, slots=True)
class Row:
    """A header (`event` is -1) or the line of the `event`-th shown event."""

    label: str
    event: int = -1
    level: int = 0  # 0 year header, 1 month header
    header: int = 0  # the row of this row's year header (a sticky header shows it)


@dataclass
class View:
    """A query's answer, laid out: rows, positions by id, matches, facet counts."""

    query: Query
    result: Result  # the events shown (in highlight mode the search does not filter)
    terms: Terms  # the search, for highlights, whether or not it filters
    engine: QueryEngine
    rows: list[Row] = field(default_factory=list)
    row_of: list[int] = field(default_factory=list)  # position → row number
    year_starts: list[int] = field(default_factory=list)  # first position of each year
    matches: list[int] = field(default_factory=list)  # positions matching (highlight mode)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    keep: str | None = None  # the event the cursor should stay on, when still shown
    _positions: dict[str, int] | None = None

    @property
    def events(self) -> list[Event]:
        return self.result.events

    def __len__(self) -> int:
        return len(self.result.events)

    def position(self, event_id: str) -> int | None:
        """Where an event is shown, or None; the id table is built on first use."""
        if self._positions is None:
            self._positions = {e.id: i for i, e in enumerate(self.result.events)}
        return self._positions.get(event_id)

    def is_match(self, position: int) -> bool:
        i = bisect_left(self.matches, position)
        return i < len(self.matches) and self.matches[i] == position

    def next_match(self, position: int, direction: int) -> tuple[int | None, bool]:
        """The next (or previous) match from `position`, and whether the search wrapped."""
        if not self.matches:
            return None, False
        if direction > 0:
            i = bisect_right(self.matches, position)
            return (self.matches[i], False) if i < len(self.matches) else (self.matches[0], True)
        i = bisect_left(self.matches, position) - 1
        return (self.matches[i], False) if i >= 0 else (self.matches[-1], True)

    def match_number(self, position: int) -> int:
        """1-based rank of `position` among the matches; 0 when it is not one."""
        return bisect_left(self.matches, position) + 1 if self.is_match(position) else 0

    def matched_fields(self, position: int) -> list[str]:
        """Where the search found the event, title aside: asked for visible rows only."""
        if not self.terms:
            return []
        found = self.engine.match(self.result.events[position], self.terms)
        return [name for name in found if name != "title"]

    def year_step(self, position: int, direction: int) -> int:
        """The first event of the next (or previous) year group; `position` at the ends."""
        group = bisect_right(self.year_starts, position) - 1
        target = group + (1 if direction > 0 else -1)
        if 0 <= target < len(self.year_starts):
            return self.year_starts[target]
        return position


def build_rows(events: list[Event]) -> tuple[list[Row], list[int]]:
    """Year headers (and month headers in busy years) between events in display order,
    and the position of each year's first event."""
    starts = [e.date.lower for e in events]  # computed once: a property on each record
    per_year: dict[int | None, int] = {}
    for lower in starts:
        key = lower.year if lower else None
        per_year[key] = per_year.get(key, 0) + 1
    rows: list[Row] = []
    year_starts: list[int] = []
    year: object = object()
    month: object = object()
    head = 0
    for i, lower in enumerate(starts):
        key = lower.year if lower else None
        if key != year:
            year, month, head = key, object(), len(rows)
            year_starts.append(i)
            rows.append(Row(OPEN_START if key is None else str(key), header=head))
        if lower is not None and per_year[key] > MONTH_HEADERS_OVER and lower.month != month:
            month = lower.month
            rows.append(Row(f"{MONTHS[lower.month - 1]} {key}", level=1, header=head))
        rows.append(Row("", i, header=head))
    return rows, year_starts


def build_view(engine: QueryEngine, query: Query, keep: str | None = None) -> View:
    """Run `query` and lay it out. In highlight mode every row stays; `matches` marks the
    rows the search finds, whatever field it found them in."""
    result = engine.run(query.filters)
    terms = parse_terms(query.text)
    matches: list[int] = []
    if query.highlight and terms:
        hits = engine.mask(query)
        matches = [p for p, g in enumerate(result.indices) if hits >> g & 1]
    rows, year_starts = build_rows(result.events)
    row_of = [r for r, row in enumerate(rows) if row.event >= 0]
    facets = engine.facets(query.filters)
    return View(query, result, terms, engine, rows, row_of, year_starts, matches, facets, keep)


@dataclass(frozen=True, slots=True)
class Landing:
    """Where a jump to a date put the cursor, and how that event stands to the date."""

    position: int
    relation: str  # "on" (starts then), "during" (in progress), "after", "before", "none"


def jump_position(
    view: View, lo: date, hi: date, precision: Precision = Precision.DAY
) -> Landing | None:
    """The first event shown whose span contains or follows [lo, hi] (newest first: the
    first that began by then).

    Open and unknown ends do not count as containing a date: an operation running "since
    2003" would otherwise catch every jump after 2003. An event known less precisely than
    the date asked for (a year, for a day) is in progress only when no event known as
    precisely is: "2018" covers 28 May 2018, but the stage dated 28 May is what was meant.
    """
    if not view.events:
        return None
    precise = _landing(view, lo, hi, precision)
    if precise.relation in ("on", "during"):
        return precise
    loose = _landing(view, lo, hi, None)
    return loose if loose.relation == "during" else precise


def _landing(view: View, lo: date, hi: date, precision: Precision | None) -> Landing:
    """`jump_position`'s scan; with `precision`, coarser events never count as in progress."""
    reverse = view.query.reverse
    for p, ev in enumerate(view.events):
        start, end = ev.date.lower, ev.date.upper
        if start is not None and lo <= start <= hi:
            return Landing(p, "on")
        in_progress = precision is None or not coarser(ev.date.precision, precision)
        if not reverse:  # oldest first: starts are ascending
            if start is None:
                continue
            if start > hi:
                return Landing(p, "after")
            if end is not None and end >= lo and in_progress:
                return Landing(p, "during")
        else:  # newest first: starts are descending; the first that began by then
            if start is None or start > hi:
                continue
            if end is not None and end >= lo:
                if in_progress:
                    return Landing(p, "during")
                continue
            return Landing(p, "before")
    return Landing(len(view.events) - 1, "none")
