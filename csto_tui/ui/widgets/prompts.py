"""The one-line prompts under the panes: search and jump to a date."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

from csto_tui.ui.messages import MoveCursor


class SearchInput(Input):
    """The search field; ↑/↓ and page keys move through the results while typing. On an
    empty field (or one showing a recalled search, unedited) ↑/↓ go through the earlier
    searches instead, as a shell's history does; the screen hands it `history`."""

    HELP_NAME = "the search prompt"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next result", id="search.next", show=False,
                tooltip="Next result (after recalling a search: a newer search)"),
        Binding("up", "move(-1)", "Previous result", id="search.previous", show=False,
                tooltip="Previous result (on an empty search: the searches before)"),
        Binding("pagedown", "move(10)", "Results page down", id="search.page_down", show=False),
        Binding("pageup", "move(-10)", "Results page up", id="search.page_up", show=False),
    ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.history: list[str] = []  # oldest first
        self._recalled: int | None = None  # the entry shown, while unedited

    def set_history(self, entries: list[str]) -> None:
        self.history, self._recalled = list(entries), None

    def action_move(self, delta: int) -> None:
        recalling = self._recalled is not None and self.value == self.history[self._recalled]
        if abs(delta) == 1 and self.history and (recalling or (not self.value and delta < 0)):
            self._recall(delta)
        else:
            self.post_message(MoveCursor(delta, sender=self))

    def _recall(self, delta: int) -> None:
        """Up: the search before; down: the one after, and past the newest, empty."""
        last = len(self.history) - 1
        at = last if self._recalled is None else self._recalled + delta
        if at > last:
            self._recalled, self.value = None, ""
            return
        self._recalled = max(0, at)
        self.value = self.history[self._recalled]
        self.cursor_position = len(self.value)


class DateInput(Input):
    """The jump-to-date field."""

    HELP_NAME = "the date prompt"
