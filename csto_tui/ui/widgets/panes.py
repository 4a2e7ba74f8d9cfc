"""Panes with a title row that shows, in every colour mode, which one has focus."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static

from csto_tui.ui.glyphs import glyphs
from csto_tui.ui.render import Columns2
from csto_tui.ui.safe import unicode_ok


class PaneTitle(Static):
    """'▶ Timeline          5 of 12': reverse video and a marker while its pane has focus
    (app.tcss), the pane's own information on the right."""

    active: reactive[bool] = reactive(False)
    info: reactive[str] = reactive("")
    title: reactive[str] = reactive("")

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="pane-title")
        self.set_reactive(PaneTitle.title, title)
        self.ascii = not unicode_ok()

    def watch_active(self, active: bool) -> None:
        self.set_class(active, "-active")

    def render(self) -> RenderableType:
        # Under a dialog the pane is not where keys go: no mark (the screen is '-covered').
        shown = self.active and not self.screen.has_class("-covered")
        mark = glyphs().focus if shown else " "
        return Columns2(Text(f"{mark} {self.title}"), Text(f"{self.info} "), ascii=self.ascii)


class Pane(Vertical):
    """A titled pane; the title lights up while anything inside has focus, and shows the
    pane's `info` on the right."""

    info: reactive[str] = reactive("")
    title: reactive[str] = reactive("", init=False)  # bound to change it ("Time axis")

    def __init__(self, title: str, *children: Widget, id: str | None = None) -> None:
        self.pane_title = PaneTitle(title, id=f"{id}-title" if id else None)
        super().__init__(self.pane_title, *children, id=id, classes="pane")
        self.set_reactive(Pane.title, title)

    def watch_info(self, info: str) -> None:
        self.pane_title.info = info

    def watch_title(self, title: str) -> None:
        self.pane_title.title = title

    def on_descendant_focus(self) -> None:
        self.pane_title.active = self.has_focus_within

    def on_descendant_blur(self) -> None:
        # Focus may already be on another widget of this pane (the events bubble late).
        self.pane_title.active = self.has_focus_within
