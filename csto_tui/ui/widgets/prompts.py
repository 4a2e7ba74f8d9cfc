"""The one-line prompts under the panes: search and jump to a date."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

from csto_tui.ui.messages import MoveCursor


class SearchInput(Input):
    """The search field; ↑/↓ and page keys move through the results while typing."""

    HELP_NAME = "the search prompt"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next result", id="search.next", show=False),
        Binding("up", "move(-1)", "Previous result", id="search.previous", show=False),
        Binding("pagedown", "move(10)", "Results page down", id="search.page_down", show=False),
        Binding("pageup", "move(-10)", "Results page up", id="search.page_up", show=False),
    ]

    def action_move(self, delta: int) -> None:
        self.post_message(MoveCursor(delta, sender=self))


class DateInput(Input):
    """The jump-to-date field."""

    HELP_NAME = "the date prompt"
