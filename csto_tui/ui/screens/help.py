"""Help: the keys that work where the user is, read from the live bindings, and the marks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from csto_tui.ui.glyphs import marks_legend
from csto_tui.ui.safe import unicode_ok

ID_COLUMN_MIN_WIDTH = 100  # below this the action column needs the room more

# Textual's own keys that mean nothing in this app's panes.
_NOISE = {"screen.maximize", "screen.minimize", "app.toggle_dark", "app.screenshot"}


def binding_rows(
    bindings: Iterable[ActiveBinding], key_display: Callable[[Binding], str]
) -> list[tuple[str, str, str]]:
    """(keys, description, id) per enabled binding, keys of the same action joined."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for active in bindings:
        binding = active.binding
        if not active.enabled or binding.action in _NOISE or (binding.id or "") in _NOISE:
            continue
        if binding.action in ("app.command_palette", "command_palette"):
            label = "Command palette"
        else:
            label = binding.tooltip or binding.description or binding.action
        ident = binding.id or binding.action
        if ident.startswith("timeline.count_"):
            label, ident = "Count for the next motion (5j, 10G)", "timeline.count"
        grouped.setdefault((label, ident), []).append(key_display(binding))
    rows = [
        ("0-9" if ident == "timeline.count" else " ".join(dict.fromkeys(keys)), label, ident)
        for (label, ident), keys in grouped.items()
    ]

    def order(row: tuple[str, str, str]) -> tuple[int, str]:
        """The focused widget's keys first, then the browser's and the app's, then the rest."""
        ident = row[2]
        if "." not in ident or ident.startswith("screen."):
            return (3, ident)
        return (2 if ident.startswith(("app.", "browser.")) else 1, ident)

    return sorted(rows, key=order)


class HelpScreen(ModalScreen[None]):
    """A modal table of keys. Escape, q, ? or F1 closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="help.up"),
        Binding("space,pagedown,ctrl+f", "page(1)", "Page down", show=False, id="help.page_down"),
        Binding("pageup,ctrl+b", "page(-1)", "Page up", show=False, id="help.page_up"),
        Binding("g,home", "edge(0)", "Top", show=False, id="help.top"),
        Binding("G,end", "edge(1)", "Bottom", show=False, id="help.bottom"),
    ]

    def __init__(self, rows: list[tuple[str, str, str]], title: str) -> None:
        super().__init__()
        self.rows = rows
        self.title_text = title

    def compose(self) -> ComposeResult:
        with_ids = self.app.size.width >= ID_COLUMN_MIN_WIDTH
        table = Table(box=None, padding=(0, 2), header_style="bold", expand=True)
        table.add_column("Key", no_wrap=True)
        table.add_column("Action", ratio=1)
        if with_ids:
            table.add_column("Id", style="dim", no_wrap=True)
        for keys, label, ident in self.rows:
            table.add_row(Text(keys), Text(label), *([Text(ident)] if with_ids else []))
        with VerticalScroll(id="help-body"):
            yield Static(Text(self.title_text, style="bold"), id="help-title")
            yield Static(Text("Escape, q, ? or F1 closes this help; j/k, Space and G scroll.",
                              style="dim"))  # fmt: skip
            yield Static(table)
            yield Static(Text("\nMarks", style="bold"))
            yield Static(marks_legend(ascii=not unicode_ok()))
            if any(ident == "timeline.zoom_in" for *_, ident in self.rows):  # axis shown
                from csto_tui.ui.widgets.axis import legend

                yield Static(Text("\nOn the time axis", style="bold"))
                yield Static(legend(ascii=not unicode_ok()))

    def on_resize(self) -> None:
        self.refresh(recompose=True)  # the Id column comes and goes with the width

    def action_scroll(self, delta: int) -> None:
        body = self.query_one("#help-body")
        body.scroll_to(y=body.scroll_y + delta, animate=False)

    def action_page(self, direction: int) -> None:
        body = self.query_one("#help-body")
        self.action_scroll(direction * max(1, body.scrollable_content_region.height - 1))

    def action_edge(self, end: int) -> None:
        body = self.query_one("#help-body")
        body.scroll_to(y=body.max_scroll_y if end else 0, animate=False)
