"""Help: every binding of the focused widget and the app, read from the live bindings."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def binding_rows(screen_bindings: dict, key_display) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
    """(keys, description, id) per binding, keys of the same action joined."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for active in screen_bindings.values():
        binding: Binding = active.binding
        if binding.action in ("app.command_palette", "command_palette"):
            label = "Command palette"
        else:
            label = binding.description or binding.tooltip or binding.action
        ident = binding.id or binding.action
        grouped.setdefault((label, ident), []).append(key_display(binding))
    rows = [
        (" ".join(dict.fromkeys(keys)), label, ident) for (label, ident), keys in grouped.items()
    ]

    def order(row: tuple[str, str, str]) -> tuple[int, str]:
        """The focused widget's keys first, then the app's, then inherited scrolling keys."""
        ident = row[2]
        if "." not in ident or ident.startswith("screen."):
            return (3, ident)
        return (2 if ident.startswith("app.") else 1, ident)

    return sorted(rows, key=order)


class HelpScreen(ModalScreen[None]):
    """A modal table of keys. Escape, q, ? or F1 closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="help.up"),
    ]

    def __init__(self, rows: list[tuple[str, str, str]], title: str) -> None:
        super().__init__()
        self.rows = rows
        self.title_text = title

    def compose(self) -> ComposeResult:
        table = Table(box=None, padding=(0, 2), header_style="bold", expand=True)
        table.add_column("Key", no_wrap=True)
        table.add_column("Action")
        table.add_column("Id", style="dim", no_wrap=True)
        for keys, label, ident in self.rows:
            table.add_row(Text(keys), Text(label), Text(ident))
        with VerticalScroll(id="help-body"):
            yield Static(Text(self.title_text, style="bold"), id="help-title")
            yield Static(Text("Escape, q, ? or F1 closes this help; j/k scroll.", style="dim"))
            yield Static(table)

    def action_scroll(self, delta: int) -> None:
        body = self.query_one("#help-body")
        body.scroll_to(y=body.scroll_y + delta, animate=False)
