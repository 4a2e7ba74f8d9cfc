"""The problems of the data as the files are now: every diagnostic, one per row.

Enter goes to the event a problem is in (when it is loaded), `e` opens the editor at the
problem's line; both close the list, and the browser does the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.widgets.option_list import Option

from csto_tui.model.diagnostics import Diagnostic, Severity
from csto_tui.model.text import plural
from csto_tui.ui.safe import inert
from csto_tui.ui.widgets.lists import CursorList


@dataclass(frozen=True, slots=True)
class ProblemChosen:
    """What the user asked for: go to the problem's event, or edit at its line."""

    action: Literal["jump", "edit"]
    diagnostic: Diagnostic


class ProblemList(CursorList):
    HELP_NAME = "the problems"


class ProblemsScreen(ModalScreen[ProblemChosen | None]):
    """A modal list of diagnostics; `heading` says what the data shown is."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,d", "dismiss", "Close", id="problems.close"),
        Binding("enter", "choose('jump')", "Go to event", id="problems.jump",
                tooltip="Go to the event this problem is in"),
        Binding("e", "choose('edit')", "Edit here", id="problems.edit",
                tooltip="Open the file in $VISUAL / $EDITOR at this line"),
    ]  # fmt: skip

    def __init__(self, diagnostics: Sequence[Diagnostic], heading: str) -> None:
        super().__init__()
        self.diagnostics = list(diagnostics)
        self.heading = heading

    def compose(self) -> ComposeResult:
        errors = sum(d.severity is Severity.ERROR for d in self.diagnostics)
        warnings = len(self.diagnostics) - errors
        counts = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
        with Vertical(id="problems-body"):
            yield Static(Text(f"Problems: {counts}", style="bold"), id="problems-title")
            yield Static(Text(self.heading), id="problems-heading")
            yield ProblemList(
                *(Option(Text(inert(str(d)))) for d in self.diagnostics),
                id="problems-list",
                compact=True,  # no border of block glyphs: the dialog's own is enough
            )
            yield Static(Text("Enter: go to the event   e: edit at the line   Escape: close",
                              style="dim"))  # fmt: skip

    def on_mount(self) -> None:
        self.query_one(ProblemList).focus()

    def show(self, diagnostics: Sequence[Diagnostic], heading: str) -> None:
        """The files changed while the list was open: list their problems now."""
        self.diagnostics, self.heading = list(diagnostics), heading
        self.refresh(recompose=True)
        self.call_after_refresh(lambda: self.query_one(ProblemList).focus())

    def action_choose(self, action: Literal["jump", "edit"]) -> None:
        index = self.query_one(ProblemList).highlighted
        if index is not None and 0 <= index < len(self.diagnostics):
            self.dismiss(ProblemChosen(action, self.diagnostics[index]))

    def on_option_list_option_selected(self, message: CursorList.OptionSelected) -> None:
        message.stop()
        self.action_choose("jump")
