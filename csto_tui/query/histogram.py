"""The shape of time: a view's events per year (per month over short spans), as one line
of bars and an axis line under it, for the browser's strip and `stats` (no Textual here).

An event counts in the period of its start (its first possible day): an operation running
from 2003 on is one event of 2003, not one of every year since, so the bars add up to the
events shown. Events with an open or unknown start (`../2018-06-02`) are in no bin; they
are counted apart (`Counts.open_start`) and said in words by whoever draws the bars.

Counting costs one bisect per month of the data (the index's month runs), never a walk
over the events: `build_view` does it in the query worker with the rows it lays out.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from math import ceil

from csto_tui.query.index import Run

LEVELS = " ▁▂▃▄▅▆▇█"  # zero, then eighths of the tallest bin
ASCII_LEVELS = " .:-=+*#@"  # the same nine steps for LANG=C terminals
MONTHLY_UNDER = 36  # months: a shorter span is drawn per month, a longer one per year
CELL_MAX = 3  # columns per bin when there are few bins: wider bars, not a wider chart


@dataclass(frozen=True, slots=True)
class Counts:
    """Shown events per month of their start: (year, month, count) in date order, months
    without events left out; and how many shown events have no known start."""

    months: tuple[tuple[int, int, int], ...] = ()
    open_start: int = 0

    @property
    def dated(self) -> int:
        return sum(n for _, _, n in self.months)


def month_counts(runs: Sequence[Run], count_before: Callable[[int], int], count: int) -> Counts:
    """The counts of `count` shown events from the index's month runs: `count_before(i)`
    says how many shown events come before the i-th event of the data (in date order),
    as in `view.build_rows`, so each run's share is a difference of two bisects."""
    cuts = [count_before(run.first) for run in runs]
    cuts.append(count)
    months: list[tuple[int, int, int]] = []
    open_start = 0
    for k, run in enumerate(runs):
        n = cuts[k + 1] - cuts[k]
        if not n:
            continue
        if not run.year:
            open_start += n
        elif months and months[-1][:2] == (run.year, run.month):
            months[-1] = (run.year, run.month, months[-1][2] + n)
        else:
            months.append((run.year, run.month, n))
    return Counts(tuple(months), open_start)


def counts_of(runs: Sequence[Run], indices: Sequence[int]) -> Counts:
    """The counts of the events whose indices (ascending) are given: for `stats`."""
    return month_counts(runs, lambda g: bisect_left(indices, g), len(indices))


@dataclass(frozen=True, slots=True)
class Bins:
    """One count per period from the first event's to the last's, empty periods included
    (a gap in time is a gap in the bars). A period is a year, or a month numbered
    year * 12 + month - 1."""

    monthly: bool
    first: int  # the first period
    counts: tuple[int, ...]
    open_start: int = 0

    def period(self, year: int, month: int) -> int:
        return year * 12 + month - 1 if self.monthly else year

    def label(self, period: int) -> str:
        """'2018' or '2018-05' (the EDTF of the period)."""
        if not self.monthly:
            return f"{period:04d}"
        return f"{period // 12:04d}-{period % 12 + 1:02d}"


def bins(counts: Counts) -> Bins:
    """Per month when the months from the first to the last event are fewer than
    MONTHLY_UNDER, else per year."""
    if not counts.months:
        return Bins(False, 0, (), counts.open_start)
    (y0, m0, _), (y1, m1, _) = counts.months[0], counts.months[-1]
    monthly = (y1 * 12 + m1) - (y0 * 12 + m0) + 1 < MONTHLY_UNDER
    first = y0 * 12 + m0 - 1 if monthly else y0
    last = y1 * 12 + m1 - 1 if monthly else y1
    out = [0] * (last - first + 1)
    for y, m, n in counts.months:
        out[(y * 12 + m - 1 if monthly else y) - first] += n
    return Bins(monthly, first, tuple(out), counts.open_start)


@dataclass(frozen=True, slots=True)
class Fitted:
    """Bins laid out on `width` columns: `per` periods merged into a column when there
    are more periods than columns (aligned on multiples of `per`: 2010-2011, 2012-2013),
    or `cell` columns per period when there are few."""

    bins: Bins
    per: int  # periods per bin drawn
    cell: int  # columns per bin drawn
    base: int  # the first period of the first bin drawn
    counts: tuple[int, ...]  # per bin drawn

    @property
    def width(self) -> int:
        """The columns the bars take."""
        return len(self.counts) * self.cell

    @property
    def top(self) -> int:
        return max(self.counts, default=0)

    def column_of(self, year: int, month: int) -> int | None:
        """The bin drawn that holds the period of (year, month); None outside the bars (an
        open start, month 0)."""
        if not self.counts or not year or not month:
            return None
        k = (self.bins.period(year, month) - self.base) // self.per
        return k if 0 <= k < len(self.counts) else None

    def label(self, k: int, *, ascii: bool = False) -> str:
        """The periods of the k-th bin drawn: '2018', '2018-05', or a range when merged."""
        lo = self.base + k * self.per
        if self.per == 1:
            return self.bins.label(lo)
        dash = "-" if ascii or self.bins.monthly else "–"
        hi = self.bins.label(lo + self.per - 1)
        return f"{self.bins.label(lo)}{dash}{hi}"

    def bars(self, *, ascii: bool = False) -> str:
        """One character per column: a level of eight (and blank for none) of the bin's
        count to the tallest; any bin with events is at least the lowest step."""
        levels = ASCII_LEVELS if ascii else LEVELS
        top = self.top
        out = []
        for n in self.counts:
            level = min(8, ceil(n * 8 / top)) if n and top else 0
            out.append(levels[level] * self.cell)
        return "".join(out)

    def axis(self, cursor: int | None = None, *, room: int = 0, ascii: bool = False) -> str:
        """The line under the bars: the first bin's label at the left, the last's ending
        under the last bar, and with a `cursor` bin, '^' under its first column and its
        label beside it (an end label it would run into is left out: the cursor's says
        more). As wide as the bars, or `room` when wider: the cursor's label runs on there."""
        width = max(self.width, room)
        if not self.counts:
            return ""
        line = [" "] * width
        first, last = self.label(0, ascii=ascii), self.label(len(self.counts) - 1, ascii=ascii)
        taken: list[tuple[int, int]] = []  # [a, b) spans written by the cursor

        def put(text: str, at: int) -> None:
            line[at : at + len(text)] = text

        if cursor is not None:
            col = cursor * self.cell  # under its first column: labels fit beside it
            mark = f"^{self.label(cursor, ascii=ascii)}"
            at = col if col + len(mark) <= width else col + 1 - len(mark)
            if at < 0:  # no room beside it either way: the mark alone
                mark, at = "^", col
            if mark != "^" and at != col:  # the label before the mark: '2025^'
                mark = mark[1:] + "^"
            put(mark, at)
            taken.append((at - 1, at + len(mark) + 1))  # and a space each side

        def free(a: int, b: int) -> bool:
            return all(b <= x or a >= y for x, y in taken) and b <= width

        if len(first) <= width and free(0, len(first)):
            put(first, 0)
            taken.append((0, len(first) + 1))
        if len(self.counts) > 1:
            at = self.width - len(last)
            if at >= 0 and free(at, self.width):
                put(last, at)
        return "".join(line[:width]).rstrip() if room else "".join(line[:width])

    def note(self) -> str:
        """What a reader needs besides the bars: merged periods, events in no bin."""
        unit = "month" if self.bins.monthly else "year"
        parts = []
        if self.per > 1:
            parts.append(f"{self.per} {unit}s a column")
        if self.bins.open_start:
            n = self.bins.open_start
            parts.append(f"{n} event{'s' if n != 1 else ''} with an open start not shown")
        return "; ".join(parts)


def fit(found: Bins, width: int) -> Fitted:
    """`found` on at most `width` columns (at least one)."""
    width = max(1, width)
    n = len(found.counts)
    if n == 0:
        return Fitted(found, 1, 1, found.first, ())
    per = max(1, ceil(n / width))
    while True:
        base = found.first - found.first % per
        last = found.first + n - 1
        columns = (last - base) // per + 1
        if columns <= width:
            break
        per += 1
    merged = [0] * columns
    for i, count in enumerate(found.counts):
        merged[(found.first + i - base) // per] += count
    cell = 1
    if per == 1:  # few bins: wider bars, and room under them for both end labels
        ends = len(found.label(base)) + 1 + len(found.label(base + columns - 1))
        need = -(-ends // columns) if columns > 1 else 1
        cell = max(1, min(width // columns, max(CELL_MAX, need)))
    return Fitted(found, per, cell, base, tuple(merged))


def histogram_lines(counts: Counts, width: int, *, ascii: bool = False) -> list[str]:
    """`stats`' section: a title, then the bars, the axis and a note indented as its
    other rows are, in `width` columns (no cursor)."""
    fitted = fit(bins(counts), width - 2)
    unit = "month" if fitted.bins.monthly else "year"
    lines = [f"Events per {unit} (by start)"]
    if not fitted.counts:
        return [*lines, "  no event has a known start"]
    lines += [f"  {fitted.bars(ascii=ascii)}".rstrip(), f"  {fitted.axis(ascii=ascii)}".rstrip()]
    tallest = f"the tallest bar: {fitted.top} event{'s' if fitted.top != 1 else ''}"
    notes = [tallest, *filter(None, fitted.note().split("; "))]
    return [*lines, *(f"  {note}" for note in notes)]
