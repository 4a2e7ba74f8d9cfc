"""The app's option lists: a cursor row from the moment they have focus, in every mode."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from textual.binding import Binding, BindingType
from textual.strip import Strip
from textual.widgets import OptionList

_REVERSE = Style(reverse=True)


class CursorList(OptionList):
    """An OptionList whose cursor row is always there and always visible.

    Textual leaves `highlighted` empty after the options are replaced, so a first Space
    would act on a row the user cannot see; and it drops `reverse` from component styles,
    so under NO_COLOR its highlighted row looks like any other. Here the cursor lands on
    the first row on focus and is drawn in reverse video when there are no colours.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", id="list.down", show=False),
        Binding("k", "cursor_up", "Up", id="list.up", show=False),
        Binding("g", "first", "First", id="list.first", show=False),
        Binding("G", "last", "Last", id="list.last", show=False),
    ]

    def on_focus(self) -> None:
        if self.highlighted is None and self.option_count:
            self.action_first()

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if not (self.app.no_color and self.has_focus) or self.highlighted is None:
            return strip
        for segment in strip:  # each line carries its option's index as meta
            meta = segment.style.meta if segment.style else None
            if meta and "option" in meta:
                return strip.apply_style(_REVERSE) if meta["option"] == self.highlighted else strip
        return strip
