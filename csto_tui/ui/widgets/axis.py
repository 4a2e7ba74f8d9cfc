"""The time-axis rows of the timeline: a short title column, then the event's date drawn
as a bar on the shared axis of a `Scale` (csto_tui.query.timescale lays the columns out).

Every kind of date has its own character, so it reads the same without colour and in
ASCII; qualified dates (uncertain ?, approximate ~) have both another character and a
lighter style.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.table import Table
from rich.text import Text

from csto_tui.query.timescale import Extent, Mark, Scale, layout

TITLE_MIN, TITLE_MAX = 10, 32


@dataclass(frozen=True)
class AxisGlyphs:
    """One character per mark, plain and qualified; ASCII twins for LANG=C."""

    bar: str  # the days of an interval
    bar_qualified: str
    day: str  # a date that fits in one column
    day_qualified: str
    span: str  # "some time in" a month, a year: between its brackets
    span_qualified: str
    span_start: str
    span_end: str
    open_start: str  # an open end ('..'), at the window's edge
    open_end: str
    unknown: str  # an unknown end (''): a fade
    before: str  # the event lies left of the window
    after: str  # ... or right of it


UNICODE = AxisGlyphs("━", "┅", "◆", "◇", "─", "┄", "├", "┤", "◀", "▶", "░", "«", "»")
ASCII = AxisGlyphs("=", "~", "|", "~", "-", "~", "[", "]", "<", ">", ":", "<", ">")


@dataclass(frozen=True)
class AxisStyles:
    bar: Style
    qualified: Style  # a lighter bar: uncertain or approximate
    faint: Style  # unknown ends, the marks of events off the window
    axis: Style  # the labels of the top line
    header: Style


def title_width(width: int) -> int:
    """The title column of a row `width` wide: three eighths of it, within bounds (at
    80 columns, 'Operation Channel 2018: fina…' tells the stages apart)."""
    return max(TITLE_MIN, min(TITLE_MAX, width * 3 // 8))


def bar_columns(width: int, prefix: int) -> int:
    """The axis' columns in a row `width` wide after a `prefix` (the gutter, marks)."""
    return max(1, width - prefix - title_width(width) - 1)


def _char(mark: Mark, qualified: bool, g: AxisGlyphs) -> str:
    match mark:
        case Mark.BAR:
            return g.bar_qualified if qualified else g.bar
        case Mark.DAY:
            return g.day_qualified if qualified else g.day
        case Mark.SPAN:
            return g.span_qualified if qualified else g.span
        case Mark.SPAN_START:
            return g.span_start
        case Mark.SPAN_END:
            return g.span_end
        case Mark.OPEN_START:
            return g.open_start
        case Mark.OPEN_END:
            return g.open_end
        case Mark.UNKNOWN:
            return g.unknown
        case Mark.BEFORE:
            return g.before
        case Mark.AFTER:
            return g.after


def bars(e: Extent, scale: Scale, g: AxisGlyphs, styles: AxisStyles) -> Text:
    """The axis part of an event's row, `scale.columns` wide."""
    text = Text(no_wrap=True)
    at = 0
    for run in layout(e, scale):
        if run.start > at:
            text.append(" " * (run.start - at))
        if run.mark in (Mark.UNKNOWN, Mark.BEFORE, Mark.AFTER):
            style = styles.faint
        else:
            style = styles.qualified if e.qualified else styles.bar
        text.append(_char(run.mark, e.qualified, g) * (run.end - run.start), style)
        at = run.end
    if at < scale.columns:
        text.append(" " * (scale.columns - at))
    return text


def fit_title(title: Text, width: int, ellipsis: str) -> Text:
    """The title cut to `width` cells with the truncation mark, padded to it."""
    if title.cell_len > width:
        title.truncate(max(0, width - len(ellipsis)))
        title.append(ellipsis)
    title.pad_right(width - title.cell_len)
    return title


def header_title(label: str, width: int, rule: str, style: Style) -> Text:
    """A year (or month) header's title column: '── 2018 ─────'."""
    head = f"{rule * 2} {label} "
    return Text((head + rule * width)[:width], style=style)


def legend(*, ascii: bool) -> Table:
    """What the time axis draws, for the help (shown while the axis is)."""
    g = ASCII if ascii else UNICODE
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column()
    rows = (
        (g.bar * 4, "an interval, from its first day to its last"),
        (g.day, "a date that fits in one column (a day; a short interval zoomed out)"),
        (f"{g.span_start}{g.span * 3}{g.span_end}", "some time in that month, season or year"),
        (f"{g.bar_qualified * 3} {g.day_qualified}", "uncertain or approximate (? ~ %)"),
        (f"{g.bar * 3}{g.open_end}", "an open end (2003/..): it goes on past the edge"),
        (f"{g.day}{g.unknown * 3}", "an unknown end (2018-05-27/): it fades out"),
        (f"{g.before} {g.after}", "the event lies before / after the part shown"),
    )
    for mark, meaning in rows:
        table.add_row(Text(mark), Text(meaning))
    return table
