"""Jumps: the cursor moved further than a row: to a date or period (t), to a linked
event, to the next match of the search (n/N), and back to where it was (ctrl+o)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from csto_tui.model.dates import EDTFError, describe, parse_edtf
from csto_tui.query.view import jump_position
from csto_tui.ui.safe import inert
from csto_tui.ui.widgets.timeline import Timeline

if TYPE_CHECKING:
    from datetime import date

    from csto_tui.model.dates import Precision

HISTORY_MAX = 50


class Jumps:
    """The browser's jumps. Needs of the screen: `dataset`, `view`, `query_state`,
    `current`, `detail_full`, `_history` (where ctrl+o goes back to), `_apply`,
    `_when_current`, `_refresh_keys`, `_quoted_title`, the Timeline, and the app
    (`notify`)."""

    def jump_to_text(self, text: str) -> bool:
        """Move to the first event whose span contains or follows a date or period (newest
        first: contains or precedes), and say where that is when it is not on the date."""
        try:
            d = parse_edtf(text.strip())
        except EDTFError as exc:
            self.app.notify(f"{text.strip()!r}: {exc.message}", title="Not a date",
                            severity="warning")  # fmt: skip
            return False
        lo, hi = d.lower or d.upper, d.upper or d.lower
        if lo is not None and hi is not None:
            self._when_current(lambda: self._jump_to_date(text, lo, hi, d.precision))
        return True

    def _jump_to_date(self, text: str, lo: date, hi: date, precision: Precision) -> None:
        if self.view is None:
            return
        landing = jump_position(self.view, lo, hi, precision)
        if landing is None:
            self.app.notify("No events are shown to jump between. x clears all filters.")
            return
        self._remember()
        self.query_one(Timeline).move_to(landing.position)
        event = self.view.events[landing.position]
        when, quoted = describe(event.date), self._quoted_title(event, 50)
        asked = inert(text.strip())
        notes = {
            "during": f"{asked} falls during {quoted} ({when}).",
            "after": f"Nothing on {asked}; the next event is {when}.",
            "before": f"Nothing on {asked}; the one before is {when}.",
            "none": f"Nothing on or {'before' if self.view.query.reverse else 'after'} "
                    f"{asked}; at the last event.",
        }  # fmt: skip
        if landing.relation in notes:
            self.app.notify(notes[landing.relation])

    def _jump_to_event(self, event_id: str) -> None:
        if self.dataset is None or self.dataset.event(event_id) is None:
            self.app.notify(f"{event_id} is not loaded (it has errors).", severity="warning")
            return
        self._remember()
        shown = self.view.position(event_id) if self.view else None
        if shown is None:  # filtered out: show everything to reach it
            self._apply(self.query_state.cleared("all").cleared("text"), keep=event_id)
            self.app.notify("Filters cleared to show the related event; "
                            "ctrl+o (or Backspace) goes back.")  # fmt: skip
        else:
            self.query_one(Timeline).move_to(shown)
        self.detail_full = False
        self.query_one(Timeline).focus()

    def action_next_match(self, direction: int) -> None:
        """Highlight mode: the next match; a filtering search: the next row (all match)."""
        self._when_current(lambda: self._next_match(direction))

    def _next_match(self, direction: int) -> None:
        if self.view is None or not self.query_state.searching:
            return
        timeline = self.query_one(Timeline)
        n = len(self.view)
        if self.query_state.highlight:
            target, wrapped = self.view.next_match(timeline.cursor, direction)
        elif n:
            step = timeline.cursor + direction
            target, wrapped = step % n, not 0 <= step < n
        else:
            target, wrapped = None, False
        if target is None:
            self.app.notify("No event matches the search.")
            return
        timeline.move_to(target)
        if wrapped:
            self.app.notify(f"Search wrapped to the {'top' if direction > 0 else 'bottom'}.")

    def _remember(self) -> None:
        """Where the cursor is, for ctrl+o: before a link is followed or a date jumped to."""
        current = self.current.id if self.current else None
        shown = self.view.query if self.view else self.query_state  # where the cursor is
        if not self._history or self._history[-1] != (shown, current):
            self._history = [*self._history, (shown, current)][-HISTORY_MAX:]
        self._refresh_keys()

    def action_jump_back(self) -> None:
        if not self._history:
            return
        *self._history, (query, event_id) = self._history
        self._apply(query, keep=event_id)
        self._refresh_keys()
