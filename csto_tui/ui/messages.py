"""Messages widgets, workers and the palette post to the browser screen, which owns state.

Each carries the widget that sent it as `control` (when there is one), so handlers can
select by id: `@on(FacetToggled, "#facets")`.
"""

from __future__ import annotations

from datetime import date

from textual.message import Message
from textual.widget import Widget

from csto_tui.model.dataset import Dataset
from csto_tui.query import Query, QueryEngine
from csto_tui.query.since import SinceMarks
from csto_tui.query.view import View
from csto_tui.session.live import Reload


class _FromWidget(Message):
    def __init__(self, sender: Widget | None = None) -> None:
        super().__init__()
        self._control = sender

    @property
    def control(self) -> Widget | None:
        return self._control


class DatasetLoaded(Message):
    """From the load worker: the data and its index, ready to query."""

    def __init__(self, dataset: Dataset, engine: QueryEngine) -> None:
        super().__init__()
        self.dataset = dataset
        self.engine = engine


class DatasetReloaded(Message):
    """From the watch worker: the files were read again. `reload.accepted` says whether
    its data replaces what is shown (then `engine` is its index), else only its problems
    are news."""

    def __init__(self, reload: Reload, engine: QueryEngine | None) -> None:
        super().__init__()
        self.reload = reload
        self.engine = engine


class ReloadFailed(Message):
    """From the watch worker: a reload raised (the data shown stays; watching goes on)."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class LoadProgress(Message):
    """From the load worker: what it is doing, and how much of the bytes are read (0-1,
    None when it cannot tell), for the empty timeline."""

    def __init__(self, text: str, fraction: float | None = None) -> None:
        super().__init__()
        self.text = text
        self.fraction = fraction


class ViewReady(Message):
    """From the query worker: the view of the query asked for as `generation` (the screen
    counts its queries and shows only the newest's view)."""

    def __init__(self, view: View, generation: int) -> None:
        super().__init__()
        self.view = view
        self.generation = generation


class SinceReady(Message):
    """From the since worker: the --since marks over `engine`'s events (shown only while
    that engine is the screen's: a reload that came meanwhile has its own comparison)."""

    def __init__(self, engine: QueryEngine, marks: SinceMarks) -> None:
        super().__init__()
        self.engine = engine
        self.marks = marks


class ApplyQuery(_FromWidget):
    """Show this query; `keep` is the event the cursor should stay on."""

    def __init__(self, query: Query, keep: str | None = None, sender: Widget | None = None):
        super().__init__(sender)
        self.query = query
        self.keep = keep


class FacetToggled(_FromWidget):
    """A sidebar value switched on or off (facet 'year' for a year; 'clear' for all)."""

    def __init__(self, facet: str, value: str, sender: Widget | None = None) -> None:
        super().__init__(sender)
        self.facet = facet
        self.value = value


class FacetCleared(_FromWidget):
    """Every value of one sidebar section switched off."""

    def __init__(self, facet: str, sender: Widget | None = None) -> None:
        super().__init__(sender)
        self.facet = facet


class DatesChanged(_FromWidget):
    """The sidebar's from/to fields hold a valid range (the texts as typed)."""

    def __init__(
        self,
        date_from: date | None,
        date_to: date | None,
        from_text: str,
        to_text: str,
        sender: Widget | None = None,
    ) -> None:
        super().__init__(sender)
        self.date_from = date_from
        self.date_to = date_to
        self.from_text = from_text
        self.to_text = to_text


class JumpToDate(_FromWidget):
    """Move the cursor to a date of any precision (the date prompt, the palette)."""

    def __init__(self, text: str, sender: Widget | None = None) -> None:
        super().__init__(sender)
        self.text = text


class JumpToEvent(_FromWidget):
    """Follow a link to an event by id (the related list)."""

    def __init__(self, event_id: str, sender: Widget | None = None) -> None:
        super().__init__(sender)
        self.event_id = event_id


class MoveCursor(_FromWidget):
    """Move the timeline's cursor by `delta` events (keys typed in a prompt or the detail)."""

    def __init__(self, delta: int, sender: Widget | None = None) -> None:
        super().__init__(sender)
        self.delta = delta


class RunAction(_FromWidget):
    """Run one of the screen's actions by name (palette commands)."""

    def __init__(self, action: str, sender: Widget | None = None) -> None:
        super().__init__(sender)
        self.action = action


class ExportRequested(_FromWidget):
    """Open the export dialog, with `fmt` chosen when given."""

    def __init__(self, fmt: str | None = None, sender: Widget | None = None) -> None:
        super().__init__(sender)
        self.fmt = fmt


class OpenView(_FromWidget):
    """Show a saved view: its filters, search, order and search mode (palette commands)."""

    def __init__(self, name: str, sender: Widget | None = None) -> None:
        super().__init__(sender)
        self.name = name
