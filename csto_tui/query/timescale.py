"""The time axis: a zoom level, a window of columns over the days, and where a date falls.

Headless (no Textual): the time-axis view asks here which column a day is in, what the
axis labels say, and which columns an event's date covers and how (`layout`), then only
chooses the characters. Days are proleptic ordinals (`date.toordinal()`), a column covers
`days_per_column` of them, so zooming and panning are arithmetic, never a walk over events.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum, IntEnum
from functools import lru_cache

from csto_tui.model.dates import EDTFDate, EDTFPoint, Precision

__all__ = ["Extent", "Mark", "Run", "Scale", "Zoom", "extent", "layout"]

YEAR_DAYS = 365.2425  # the Gregorian year's mean length
UNKNOWN_FADE = 3  # columns of fade drawn after (or before) a known end of an unknown one
MIN_ORDINAL, MAX_ORDINAL = date.min.toordinal(), date.max.toordinal()
GRID = 0.5  # where column edges are counted from


class Zoom(IntEnum):
    """Coarsest first: zooming in is +1."""

    DECADE = 0
    YEAR = 1
    MONTH = 2
    DAY = 3

    @property
    def days_per_column(self) -> float:
        return _DAYS_PER_COLUMN[self]

    @property
    def label(self) -> str:
        return self.name.lower()


# A decade is 10 columns, a year 12 (a month each), a month about 10 (three days each), a
# day 3: each label ('2000', '2018', '2018-05', '05-28') fits between its ticks.
_DAYS_PER_COLUMN = {
    Zoom.DECADE: YEAR_DAYS,
    Zoom.YEAR: YEAR_DAYS / 12,
    Zoom.MONTH: YEAR_DAYS / 120,
    Zoom.DAY: 1 / 3,
}


@dataclass(frozen=True, slots=True)
class Extent:
    """The days a date may denote, as the axis draws them: ordinals of its first and last
    day (None for an open or unknown end), and how each end and the whole are qualified."""

    lower: int | None
    upper: int | None
    interval: bool
    start_open: bool = False
    start_unknown: bool = False
    end_open: bool = False
    end_unknown: bool = False
    qualified: bool = False  # uncertain (?) or approximate (~) somewhere
    precise: bool = True  # a single date known to the day (else a span "some time in")
    first_span: tuple[int, int] | None = None  # the known end's own days, when one end is
    last_span: tuple[int, int] | None = None  # open or unknown (a year: all its days)

    @property
    def anchor(self) -> int:
        """The day to centre on: the middle of a known span, else its one known end."""
        if self.lower is not None and self.upper is not None:
            return (self.lower + self.upper) // 2
        known = self.lower if self.lower is not None else self.upper
        return known if known is not None else date.today().toordinal()


def _span(p: EDTFPoint | None) -> tuple[int, int] | None:
    return None if p is None else (p.earliest.toordinal(), p.latest.toordinal())


@lru_cache(maxsize=8192)
def extent(d: EDTFDate) -> Extent:
    """The extent of a parsed date; cached, as records share dates and rows are redrawn."""
    lower, upper = d.lower, d.upper
    return Extent(
        lower.toordinal() if lower else None,
        upper.toordinal() if upper else None,
        d.is_interval,
        d.start_open,
        d.start_unknown,
        d.end_open,
        d.end_unknown,
        d.uncertain or d.approximate,
        d.is_interval or d.precision is Precision.DAY,
        _span(d.first) if d.is_interval else None,
        _span(d.second) if d.is_interval else None,
    )


@dataclass(frozen=True, slots=True)
class Tick:
    column: int
    label: str


@dataclass(frozen=True, slots=True)
class Scale:
    """A zoom level and a window: `start` is the day (a fractional ordinal) at the left
    edge of column 0, `columns` how many are shown. Immutable: moves return a new one, so
    a scale is a cache key."""

    zoom: Zoom
    start: float
    columns: int

    @classmethod
    def around(cls, zoom: Zoom, day: int, columns: int) -> Scale:
        """`columns` at `zoom` with `day` in the middle. Column edges sit on one grid per
        zoom (from half a day into year 1), so at the decade zoom a column is a calendar
        year (leap years aside) and the same day is always in the same place."""
        dpc = zoom.days_per_column
        edge = GRID + round((day - columns / 2 * dpc - GRID) / dpc) * dpc
        return cls(zoom, _clamp(edge, dpc), max(1, columns))

    @property
    def days_per_column(self) -> float:
        return self.zoom.days_per_column

    @property
    def end(self) -> float:
        """The day just past the right edge."""
        return self.start + self.columns * self.days_per_column

    @property
    def centre(self) -> int:
        return int(self.start + self.columns * self.days_per_column / 2)

    def column(self, day: int) -> int:
        """The column of day `day` (negative or past the last column when outside)."""
        return math.floor((day + 0.5 - self.start) / self.days_per_column)

    def day_at(self, column: int) -> int:
        """The day in the middle of `column`."""
        return int(self.start + (column + 0.5) * self.days_per_column)

    # -- moves -------------------------------------------------------------------------

    def zoomed(self, step: int, day: int | None = None) -> Scale:
        """In (`step` > 0) or out, centred on `day` (else on the window's centre); at the
        finest or coarsest level it stays."""
        level = Zoom(max(Zoom.DECADE, min(Zoom.DAY, self.zoom + step)))
        return Scale.around(level, self.centre if day is None else day, self.columns)

    def panned(self, columns: int) -> Scale:
        """Moved right (positive) or left by whole columns, so labels keep their places."""
        dpc = self.days_per_column
        return replace(self, start=_clamp(self.start + columns * dpc, dpc))

    @property
    def step(self) -> int:
        """A pan key's step: a quarter of the window, at least a column."""
        return max(1, self.columns // 4)

    def resized(self, columns: int) -> Scale:
        """Another width, the same middle day."""
        return Scale.around(self.zoom, self.centre, columns) if columns != self.columns else self

    def visible(self, e: Extent) -> bool:
        """Whether any of the extent falls in the window (open ends reach any window)."""
        lo = MIN_ORDINAL if e.lower is None else e.lower
        hi = MAX_ORDINAL if e.upper is None else e.upper
        return self.column(lo) < self.columns and self.column(hi) >= 0

    def showing(self, e: Extent) -> Scale:
        """This window when it shows some of the extent, else one centred on it."""
        return self if self.visible(e) else Scale.around(self.zoom, e.anchor, self.columns)

    # -- labels ------------------------------------------------------------------------

    def ticks(self) -> list[Tick]:
        """The labelled ticks in the window, at the zoom's unit: decades ('2000'), years
        ('2018'), months ('2018-05'), every other day ('05-28')."""
        first = _to_date(self.day_at(0))
        last = _to_date(self.day_at(self.columns - 1))
        ticks: list[Tick] = []
        for day, label in _tick_days(self.zoom, first, last):
            col = self.column(day)
            if 0 <= col < self.columns:
                ticks.append(Tick(col, label))
        return ticks

    def label_line(self) -> str:
        """The axis as text `columns` wide: each tick's label from its column, left out
        where it would run into the one before or past the edge."""
        cells = [" "] * self.columns
        free = 0
        for tick in self.ticks():
            if tick.column < free or tick.column + len(tick.label) > self.columns:
                continue
            cells[tick.column : tick.column + len(tick.label)] = tick.label
            free = tick.column + len(tick.label) + 1
        return "".join(cells)


def _clamp(start: float, dpc: float) -> float:
    """Within years 2 to 9959 (room for a window), on the grid."""
    lo, hi = MIN_ORDINAL + 366, MAX_ORDINAL - 366 * 40
    if lo <= start <= hi:
        return start
    return GRID + round((min(max(start, lo), hi) - GRID) / dpc) * dpc


def _to_date(day: int) -> date:
    return date.fromordinal(min(max(day, MIN_ORDINAL), MAX_ORDINAL))


def _tick_days(zoom: Zoom, first: date, last: date) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    if zoom is Zoom.DECADE:
        for year in range(first.year // 10 * 10, last.year + 1, 10):
            if year >= 1:
                out.append((date(year, 1, 1).toordinal(), f"{year:04d}"))
    elif zoom is Zoom.YEAR:
        for year in range(first.year, last.year + 1):
            out.append((date(year, 1, 1).toordinal(), f"{year:04d}"))
    elif zoom is Zoom.MONTH:
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            out.append((date(year, month, 1).toordinal(), f"{year:04d}-{month:02d}"))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        # Even ordinals only: labels stay on the same days while panning.
        for day in range(first.toordinal() + first.toordinal() % 2, last.toordinal() + 1, 2):
            d = date.fromordinal(day)
            out.append((day, f"{d.month:02d}-{d.day:02d}"))
    return out


# -- an event's columns ----------------------------------------------------------------


class Mark(Enum):
    """What a run of columns shows; the view picks a character for each."""

    BAR = "bar"  # the days of an interval
    DAY = "day"  # a date that fits in one column
    SPAN = "span"  # "some time in": a single date coarser than a day (a month, a year)
    SPAN_START = "span_start"
    SPAN_END = "span_end"
    OPEN_START = "open_start"  # an open end ('..'): goes on past the window's edge
    OPEN_END = "open_end"
    UNKNOWN = "unknown"  # an unknown end (''): fades out
    BEFORE = "before"  # the event lies wholly left of the window
    AFTER = "after"  # ... or wholly right of it


@dataclass(frozen=True, slots=True)
class Run:
    start: int  # first column
    end: int  # past the last column
    mark: Mark


def layout(e: Extent, scale: Scale) -> list[Run]:
    """The runs of columns an extent covers in the window, left to right, clipped to it;
    an extent wholly outside is one BEFORE or AFTER column at that edge."""
    n = scale.columns
    runs = _runs(e, scale)
    clipped = [Run(max(0, r.start), min(n, r.end), r.mark)
               for r in runs if r.end > max(0, r.start) and r.start < n]  # fmt: skip
    if clipped:
        return clipped
    if not runs:
        return []
    return [Run(0, 1, Mark.BEFORE)] if runs[-1].end <= 0 else [Run(n - 1, n, Mark.AFTER)]


def _point(span: tuple[int, int], scale: Scale, *, precise: bool) -> list[Run]:
    """A date on its own: a mark when it fits in a column, else a bracketed span."""
    a, b = scale.column(span[0]), scale.column(span[1])
    if a == b or _short(span, scale):
        mid = scale.column((span[0] + span[1]) // 2)
        return [Run(mid, mid + 1, Mark.DAY)]
    if precise:
        return [Run(a, b + 1, Mark.BAR)]
    if b == a + 1:
        return [Run(a, a + 1, Mark.SPAN_START), Run(b, b + 1, Mark.SPAN_END)]
    return [Run(a, a + 1, Mark.SPAN_START), Run(a + 1, b, Mark.SPAN), Run(b, b + 1, Mark.SPAN_END)]


def _short(span: tuple[int, int], scale: Scale) -> bool:
    """About a column long or less (a leap year at the decade zoom, a 31-day month at
    the year zoom): one mark, wherever the column edges fall."""
    return span[1] - span[0] + 1 <= scale.days_per_column * 1.02


def _runs(e: Extent, scale: Scale) -> list[Run]:
    n = scale.columns
    if not e.interval:
        assert e.lower is not None and e.upper is not None
        return _point((e.lower, e.upper), scale, precise=e.precise)
    if e.lower is not None and e.upper is not None:  # both ends known
        return _point((e.lower, e.upper), scale, precise=True)
    if e.upper is not None:  # '../B' or '/B'
        b = scale.column(e.upper)
        if e.start_open:  # from the window's left edge (an arrow there) to its end
            return (
                [Run(b, b + 1, Mark.OPEN_START)]
                if b < 0
                else [Run(0, 1, Mark.OPEN_START), Run(1, b + 1, Mark.BAR)]
            )
        known = _point(e.last_span or (e.upper, e.upper), scale, precise=False)
        return [Run(known[0].start - UNKNOWN_FADE, known[0].start, Mark.UNKNOWN), *known]
    assert e.lower is not None  # 'A/..' or 'A/'
    a = scale.column(e.lower)
    if e.end_open:  # from its start to the window's right edge (an arrow there)
        return (
            [Run(a, a + 1, Mark.OPEN_END)]
            if a >= n
            else [Run(a, n - 1, Mark.BAR), Run(n - 1, n, Mark.OPEN_END)]
        )
    known = _point(e.first_span or (e.lower, e.lower), scale, precise=False)
    return [*known, Run(known[-1].end, known[-1].end + UNKNOWN_FADE, Mark.UNKNOWN)]
