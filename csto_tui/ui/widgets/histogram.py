"""The histogram strip above the timeline: the shown events per year (per month over
short spans) on one line, the axis under it with the cursor's period marked.

It draws what the view already counted (`View.histogram`, made in the query worker): a
cursor move repaints two lines and costs a division, whatever the size of the data.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from csto_tui.model.records import Event
from csto_tui.query.histogram import Fitted, bins, fit
from csto_tui.query.view import View
from csto_tui.ui.safe import unicode_ok


class Histogram(Widget):
    """Bars, then '2003        ^2018      2025': the first and last periods at the ends,
    '^' and the period under the cursor's event, whose bar is lit (in reverse video
    under NO_COLOR). Receives `view` and `current` from the screen."""

    DEFAULT_CSS = """
    Histogram {
        height: 2;
        width: 1fr;
        padding: 0 1;
    }
    Histogram > .histogram--bar {
        color: $accent;
    }
    /* A reversed block would read as a bar of the opposite height: in colour the
       cursor's bin is lit behind its bar; without colour reverse is all there is. */
    Histogram > .histogram--cursor {
        color: $foreground;
        background: $boost;
    }
    Histogram:nocolor > .histogram--cursor {
        text-style: reverse;
    }
    Histogram > .histogram--axis {
        color: $text-muted;
    }
    Histogram > .histogram--mark {
        color: $text;
        text-style: bold;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "histogram--bar",
        "histogram--cursor",
        "histogram--axis",
        "histogram--mark",
    }

    view: reactive[View | None] = reactive(None, always_update=True)
    current: reactive[Event | None] = reactive(None)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ascii = not unicode_ok()
        self._fitted: tuple[object, int, Fitted] | None = None  # (counts, width, fitted)

    def fitted(self) -> Fitted | None:
        """The view's bins fitted to the width, made again only when either changes."""
        view = self.view
        if view is None:
            return None
        width = self.content_size.width
        cached = self._fitted
        if cached is None or cached[0] is not view.histogram or cached[1] != width:
            cached = (view.histogram, width, fit(bins(view.histogram), width))
            self._fitted = cached
        return cached[2]

    def cursor_bin(self, fitted: Fitted) -> int | None:
        event = self.current
        first = event.date.lower if event is not None else None
        return fitted.column_of(first.year, first.month) if first is not None else None

    def render(self) -> RenderableType:
        fitted = self.fitted()
        axis_style = self.get_component_rich_style("histogram--axis")
        if fitted is None:
            return Text("")
        if not fitted.counts:
            return Text("\nno event shown has a known start", style=axis_style)
        cursor = self.cursor_bin(fitted)
        bars = fitted.bars(ascii=self.ascii)
        text = Text(no_wrap=True, overflow="crop", end="")
        bar_style = self.get_component_rich_style("histogram--bar")
        if cursor is None:
            text.append(bars, bar_style)
        else:
            a, b = cursor * fitted.cell, (cursor + 1) * fitted.cell
            text.append(bars[:a], bar_style)
            text.append(bars[a:b], self.get_component_rich_style("histogram--cursor"))
            text.append(bars[b:], bar_style)
        room = self.content_size.width - fitted.width
        scale = f"max {fitted.top}"  # what the tallest bar stands for, when there is room
        if room >= len(scale) + 2:
            text.append(" " * (room - len(scale)) + scale, axis_style)
        text.append("\n")
        axis = fitted.axis(cursor, room=self.content_size.width, ascii=self.ascii)
        caret = axis.find("^")
        if caret < 0:
            text.append(axis, axis_style)
        else:  # the cursor's mark and label stand out from the end labels
            end = axis.find(" ", caret)
            start = axis.rfind(" ", 0, caret) + 1
            end = len(axis) if end < 0 else end
            text.append(axis[:start], axis_style)
            text.append(axis[start:end], self.get_component_rich_style("histogram--mark"))
            text.append(axis[end:], axis_style)
        return text
