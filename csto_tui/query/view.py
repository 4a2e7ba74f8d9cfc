"""What the browser shows for a query, computed in one pure step (no Textual here).

`build_view` runs the query, lays the result out as timeline rows under year (and month)
headers, finds the search matches and the facet counts: everything a screen needs to
draw, so it can run in a worker thread and be handed over whole.

Nothing here walks the shown events in Python: at 100,000 events one such loop costs a
frame. Headers come from the index's month runs (a bisect each), an event's row from the
headers above it (a bisect), a cursor's event from the id table (a bisect), matches and
jumps from bitsets.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import compress
from operator import neg
from typing import overload

from csto_tui.model.dates import Precision, coarser
from csto_tui.model.records import Event
from csto_tui.query.engine import FacetValue, QueryEngine, Result
from csto_tui.query.histogram import Counts, month_counts
from csto_tui.query.index import Run, bit_flags
from csto_tui.query.model import Query
from csto_tui.query.since import NONE_FLAG, SinceMarks
from csto_tui.query.text import Terms, parse_terms

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_HEADERS_OVER = 24  # a year with more events than this gets month headers
OPEN_START = "open start"
DATE_SAMPLE = 5000  # the date column fits the labels of this many rows from the top


@dataclass(frozen=True, slots=True)
class Row:
    """A header (`event` is -1) or the line of the `event`-th shown event."""

    label: str
    event: int = -1
    level: int = 0  # 0 year header, 1 month header
    header: int = 0  # the row of this row's year header (a sticky header shows it)


class Rows(Sequence[Row]):
    """The timeline's rows. Only the headers are stored: an event's row is its position
    plus the headers above it, so a view of 100,000 events holds a few hundred Rows."""

    def __init__(self, count: int, headers: list[Row], at: list[int], before: list[int]):
        self.count = count  # events shown
        self._headers = headers  # in display order
        self._at = at  # the row of each header, ascending
        self._before = before  # the position of the event below each header

    def __len__(self) -> int:
        return self.count + len(self._headers)

    @overload
    def __getitem__(self, row: int) -> Row: ...
    @overload
    def __getitem__(self, row: slice) -> list[Row]: ...
    def __getitem__(self, row: int | slice) -> Row | list[Row]:
        if isinstance(row, slice):
            return [self[r] for r in range(*row.indices(len(self)))]
        if row < 0:
            row += len(self)
        if not 0 <= row < len(self):
            raise IndexError(row)
        k = bisect_right(self._at, row)  # headers on or above this row
        if self._at[k - 1] == row:
            return self._headers[k - 1]
        return Row("", row - k, header=self._headers[k - 1].header)

    def __iter__(self) -> Iterator[Row]:
        return (self[r] for r in range(len(self)))

    def row_of(self, position: int) -> int:
        """The row of the `position`-th shown event."""
        return position + bisect_right(self._before, position)

    @property
    def headers(self) -> list[Row]:
        return self._headers


class RowOf(Sequence[int]):
    """Position → row number, answered by `Rows.row_of` (a bisect), never stored."""

    def __init__(self, rows: Rows) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return self._rows.count

    @overload
    def __getitem__(self, position: int) -> int: ...
    @overload
    def __getitem__(self, position: slice) -> list[int]: ...
    def __getitem__(self, position: int | slice) -> int | list[int]:
        if isinstance(position, slice):
            return [self[p] for p in range(*position.indices(len(self)))]
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError(position)
        return self._rows.row_of(position)


class Shown(Sequence[Event]):
    """The events of a view, read through their indices when asked for: a list of 100,000
    records would touch each one (its reference count), tens of ms before any is drawn."""

    def __init__(self, events: Sequence[Event], indices: list[int]) -> None:
        self._events = events
        self._indices = indices

    def __len__(self) -> int:
        return len(self._indices)

    @overload
    def __getitem__(self, position: int) -> Event: ...
    @overload
    def __getitem__(self, position: slice) -> list[Event]: ...
    def __getitem__(self, position: int | slice) -> Event | list[Event]:
        if isinstance(position, slice):
            return list(map(self._events.__getitem__, self._indices[position]))
        return self._events[self._indices[position]]

    def __iter__(self) -> Iterator[Event]:
        return map(self._events.__getitem__, self._indices)


@dataclass
class View:
    """A query's answer, laid out: rows, positions by id, matches, facet counts."""

    query: Query
    result: Result  # the events shown (in highlight mode the search does not filter)
    terms: Terms  # the search, for highlights, whether or not it filters
    engine: QueryEngine
    rows: Rows = field(default_factory=lambda: Rows(0, [], [], []))
    year_starts: list[int] = field(default_factory=list)  # first position of each year
    matches: list[int] = field(default_factory=list)  # positions matching (highlight mode)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    keep: str | None = None  # the event the cursor should stay on, when still shown
    date_width: int = 10  # the longest date label among the first DATE_SAMPLE rows
    since: SinceMarks | None = None  # the --since marks when the view was built
    histogram: Counts = field(default_factory=Counts)  # shown events per month of start
    date_style: str = "edtf"  # how the date column writes dates (the settings' date_style)

    def since_flag(self, position: int) -> int:
        """The --since mark of the `position`-th shown event (NONE_FLAG without marks)."""
        if self.since is None:
            return NONE_FLAG
        return self.since.flag(self.result.indices[position])

    @property
    def events(self) -> Sequence[Event]:
        return self.result.events

    @property
    def row_of(self) -> RowOf:
        """Position → row number."""
        return RowOf(self.rows)

    def __len__(self) -> int:
        return len(self.result.events)

    def position(self, event_id: str) -> int | None:
        """Where an event is shown, or None: the index's id table, then a bisect."""
        g = self.engine.index.id_of.get(event_id)
        return None if g is None else self.position_of(g)

    def position_of(self, g: int) -> int | None:
        """Where the `g`-th event of the dataset is shown, or None."""
        indices = self.result.indices
        # Newest first the indices descend: bisect them negated.
        p = bisect_left(indices, -g, key=neg) if self.query.reverse else bisect_left(indices, g)
        return p if p < len(indices) and indices[p] == g else None

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


@dataclass
class _Group:
    """One year's shown events, as positions [a, b) in date order, with its months'."""

    year: int
    a: int
    b: int
    months: list[list[int]]  # [month, a, b]


def build_rows(
    runs: Sequence[Run], count_before: Callable[[int], int], count: int, reverse: bool = False
) -> tuple[Rows, list[int]]:
    """Year headers (and month headers in years of more than MONTH_HEADERS_OVER events)
    for `count` shown events, and the position of each year's first event.

    `runs` are the index's month runs (events in date order starting in the same month);
    `count_before(i)` says how many shown events come before the i-th event of the data,
    so each run's shown events are a range found by one bisect. With `reverse` the events
    are shown newest first: the same groups, mirrored.
    """
    cuts = [count_before(run.first) for run in runs]
    cuts.append(count)
    groups: list[_Group] = []
    for k, run in enumerate(runs):
        a, b = cuts[k], cuts[k + 1]
        if a == b:
            continue
        if groups and groups[-1].year == run.year and groups[-1].b == a:
            group = groups[-1]
            group.b = b
        else:
            group = _Group(run.year, a, b, [])
            groups.append(group)
        if group.months and group.months[-1][0] == run.month:
            group.months[-1][2] = b
        else:
            group.months.append([run.month, a, b])
    headers: list[Row] = []
    at: list[int] = []
    before: list[int] = []
    year_starts: list[int] = []

    def start(a: int, b: int) -> int:
        return count - b if reverse else a

    for group in reversed(groups) if reverse else groups:
        first = start(group.a, group.b)
        head = first + len(headers)
        year_starts.append(first)
        headers.append(Row(str(group.year) if group.year else OPEN_START, header=head))
        at.append(head)
        before.append(first)
        if group.year and group.b - group.a > MONTH_HEADERS_OVER:
            for month, a, b in reversed(group.months) if reverse else group.months:
                position = start(a, b)
                at.append(position + len(headers))
                before.append(position)
                headers.append(Row(f"{MONTHS[month - 1]} {group.year}", level=1, header=head))
    return Rows(count, headers, at, before), year_starts


def build_view(
    engine: QueryEngine,
    query: Query,
    keep: str | None = None,
    *,
    ascii: bool = False,
    date_style: str = "edtf",
) -> View:
    """Run `query` and lay it out. In highlight mode every row stays; `matches` marks the
    rows the search finds, whatever field it found them in. `ascii` and `date_style` say
    how dates are written (the date column's width depends on them)."""
    # The screen swaps the marks on the UI thread, then asks for a new view: one built
    # across a swap is dropped as stale, so the filter and the rows' marks always agree.
    since = engine.since
    mask, indices = engine.select(query.filters)
    terms = parse_terms(query.text)
    shown = Shown(engine.events, indices)
    result = Result(query.filters, shown, indices, len(engine.events), terms, mask)
    n = len(indices)
    matches: list[int] = []
    if query.highlight and terms:
        # A byte per shown event, 1 where the search finds it: bytes, never int objects.
        size = len(engine.events)
        hits = bit_flags(engine.mask(query)).ljust(size, b"\0")
        found = bytes(compress(hits, bit_flags(mask).ljust(size, b"\0")))
        matches = list(compress(range(n), found[::-1] if query.reverse else found))
    if query.reverse:

        def count_before(g: int) -> int:
            return n - bisect_right(indices, -g, key=neg)
    else:

        def count_before(g: int) -> int:
            return bisect_left(indices, g)

    rows, year_starts = build_rows(engine.index.runs, count_before, n, query.reverse)
    facets = engine.facets(query.filters)
    widths = engine.label_widths(ascii, date_style)
    date_width = max(map(widths.__getitem__, indices[:DATE_SAMPLE]), default=10)
    histogram = month_counts(engine.index.runs, count_before, n)
    return View(query, result, terms, engine, rows, year_starts, matches, facets, keep,
                date_width, since, histogram, date_style)  # fmt: skip


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
    """`jump_position`'s search, in bitsets over the index's day arrays; with `precision`,
    coarser events never count as in progress.

    Shown in date order (starts ascending, open starts first and never landed on), the
    answer is the first event under way on `lo`, else the first starting on or after it.
    Newest first, it is the newest starting in [lo, hi], else, among those starting
    before, the newest that is not a coarser one under way: under way or "before".
    """
    index = view.engine.index
    lo_o, hi_o = lo.toordinal(), hi.toordinal()
    shown = view.result.mask & index.by_lower.at_least(1)  # a known first day
    starts_before = shown & ~index.by_lower.at_least(lo_o)
    ends_after = index.by_upper.at_least(lo_o) & ~index.by_upper.at_least(date.max.toordinal())
    known = index.all
    if precision is not None:
        known = 0
        for p, mask in index.precisions.items():
            if not coarser(p, precision):
                known |= mask
    if not view.query.reverse:
        during = starts_before & ends_after & known
        if during:
            return Landing(_shown_at(view, _lowest(during)), "during")
        later = shown & index.by_lower.at_least(lo_o)
        if not later:
            return Landing(len(view.events) - 1, "none")
        g = _lowest(later)
        return Landing(_shown_at(view, g), "on" if index.lower[g] <= hi_o else "after")
    on = shown & index.by_lower.at_least(lo_o) & ~index.by_lower.at_least(hi_o + 1)
    if on:
        return Landing(_shown_at(view, on.bit_length() - 1), "on")
    candidates = starts_before & ~(ends_after & ~known)  # coarser ones under way are passed
    if not candidates:
        return Landing(len(view.events) - 1, "none")
    g = candidates.bit_length() - 1
    return Landing(_shown_at(view, g), "during" if ends_after >> g & 1 else "before")


def _lowest(mask: int) -> int:
    return (mask & -mask).bit_length() - 1


def _shown_at(view: View, g: int) -> int:
    position = view.position_of(g)
    assert position is not None, "a landing is always among the events shown"
    return position
