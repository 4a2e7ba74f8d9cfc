"""ctrl+s: name the filters, search and order shown, to open them again (`--view NAME`,
the command palette). The screen writes nothing: it dismisses with the name, and the
browser saves (`ViewStore`, atomic)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from csto_tui.config.views import name_problem
from csto_tui.ui.glyphs import glyphs
from csto_tui.ui.safe import inert


class SaveViewScreen(ModalScreen[str | None]):
    """Dismisses with the name to save under, or None. A name that is taken (in any case)
    asks first: Enter again replaces that view, any edit withdraws the question."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="save_view.cancel",
                tooltip="Close without saving"),
    ]  # fmt: skip

    def __init__(self, described: str, names: Sequence[str], suggested: str = "") -> None:
        super().__init__()
        self.described = described  # the filters as command-line words
        self.names = list(names)
        self.suggested = suggested
        self.asking: str | None = None  # the taken name Enter would now replace

    def compose(self) -> ComposeResult:
        with Vertical(id="save-view-body"):
            yield Static(Text("Save the view", style="bold"))
            yield Static(Text(inert(self.described)), id="save-view-words")
            with Horizontal(id="save-view-name"):
                yield Static("Name:", classes="bar-label")
                yield Input(self.suggested, placeholder="e.g. channel-2018", compact=True,
                            id="save-view-input")  # fmt: skip
            yield Static(id="save-view-status")
            yield Static(Text("Enter: save   Escape: cancel", style="dim"))

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = False
        field.focus()
        if self.names:
            more = f" {glyphs().ellipsis}" if len(self.names) > 8 else ""
            self._say(f"Saved views: {', '.join(self.names[:8])}{more}")

    def _say(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#save-view-status", Static)
        status.update(Text(inert(text)))
        status.set_class(error, "-error")

    def _taken(self, name: str) -> str | None:
        key = name.strip().casefold()
        return next((n for n in self.names if n.casefold() == key), None)

    @on(Input.Changed)
    def _edited(self) -> None:
        if self.asking is not None:
            self.asking = None
            self._say("")

    @on(Input.Submitted)
    def _submitted(self, message: Input.Submitted) -> None:
        name = message.value.strip()
        why = name_problem(message.value)
        if why:
            self._say(f"{why[0].upper()}{why[1:]}.", error=True)
            return
        taken = self._taken(name)
        if taken is not None and self.asking != taken:
            self.asking = taken
            self._say(f"A view named {taken!r} exists: Enter replaces it, Escape keeps it.",
                      error=True)  # fmt: skip
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
