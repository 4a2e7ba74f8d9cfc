"""Export the events shown: pick a format, say where, confirm before replacing a file.

In a web page (`csto-tui serve`) the file is the user's, not the server's: it is sent to
the browser as a download (`App.deliver_text`) under the name given, and nothing is written
where the server runs.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from csto_tui.export import FORMATS
from csto_tui.model.dataset import Dataset
from csto_tui.model.records import Event
from csto_tui.model.text import plural
from csto_tui.ui.glyphs import glyphs
from csto_tui.ui.safe import inert
from csto_tui.ui.widgets.lists import CursorList

FORMAT_HELP = {
    "table": "aligned columns, as `csto-tui list` prints",
    "csv": "one row per event, for spreadsheets",
    "md": "a Markdown table",
    "json": "the records as a JSON array",
    "jsonl": "one JSON record per line",
    "yaml": "a dataset file that loads back",
    "ics": "a calendar (iCalendar)",
    "timelinejs": "a TimelineJS 3 timeline (JSON)",
}
DEFAULT_STEM = "csto-tui-view"
UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9._-]+")  # a download's name goes into an HTTP header
NAME_WIDTH = max(map(len, FORMATS))  # the help texts start in one column


class Written(Message):
    """From the export worker: the file is written (`error` says why not, in words)."""

    def __init__(self, path: Path, fmt: str, error: str = "") -> None:
        super().__init__()
        self.path = path
        self.fmt = fmt
        self.error = error


class Rendered(Message):
    """From the download worker (web): the export's text, to hand to the browser."""

    def __init__(self, name: str, fmt: str, text: str) -> None:
        super().__init__()
        self.name = name
        self.fmt = fmt
        self.text = text


def download_name(text: str) -> str:
    """The name a download gets: the last part of what was typed, in letters, digits and
    `._-` (the rest as `_`); empty when nothing is left."""
    last = text.strip().replace("\\", "/").rsplit("/", 1)[-1]
    return UNSAFE_IN_NAME.sub("_", last).strip("_")


class ExportScreen(ModalScreen[str | None]):
    """Dismisses with a line for a notification ('Wrote 7 events to …'), or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("y", "confirm(True)", "Overwrite", id="export.overwrite", show=False),
        Binding("n", "confirm(False)", "Keep the file", id="export.keep", show=False),
    ]

    def __init__(self, events: Sequence[Event], dataset: Dataset, fmt: str | None = None) -> None:
        super().__init__()
        self.events = list(events)
        self.dataset = dataset
        self.fmt = fmt if fmt in FORMATS else "csv"
        self.asking: tuple[Path, str] | None = None  # an existing file and format, awaiting y/n
        self.writing = False

    def compose(self) -> ComposeResult:
        with Vertical(id="export-body"):
            yield Static(Text(f"Export the {plural(len(self.events), 'event')} shown",
                              style="bold"), id="export-title")  # fmt: skip
            yield FormatList(
                *(Option(Text(f"{f:<{NAME_WIDTH}} {FORMAT_HELP[f]}"), id=f) for f in FORMATS),
                id="export-formats",
                compact=True,
            )
            with Horizontal(id="export-file"):
                yield Static("Download as:" if self.app.is_web else "File:",
                             classes="bar-label")  # fmt: skip
                yield Input(self._default_name(self.fmt), id="export-path", compact=True)
            if self.app.is_web:
                yield Static(Text("Downloaded by your browser; not written on the server."),
                             id="export-web")  # fmt: skip
            yield Static(id="export-status")
            done = "download" if self.app.is_web else "write"
            yield Static(Text(f"Enter: choose / {done}   Escape: cancel", style="dim"))

    def on_mount(self) -> None:
        formats = self.query_one(FormatList)
        formats.highlighted = FORMATS.index(self.fmt)
        formats.focus()
        self.query_one("#export-path", Input).cursor_blink = False

    @staticmethod
    def _extension(fmt: str) -> str:
        return "txt" if fmt == "table" else fmt

    def _default_name(self, fmt: str) -> str:
        return f"{DEFAULT_STEM}.{self._extension(fmt)}"

    @on(OptionList.OptionHighlighted, "#export-formats")
    def _format_moved(self, message: OptionList.OptionHighlighted) -> None:
        new = message.option.id or self.fmt
        path = self.query_one("#export-path", Input)
        old_ext = self._extension(self.fmt)
        if path.value.endswith(f".{old_ext}"):  # follow the format unless renamed
            path.value = f"{path.value.removesuffix(old_ext)}{self._extension(new)}"
        self.fmt = new
        self._withdraw()

    @on(Input.Changed, "#export-path")
    def _path_changed(self) -> None:
        self._withdraw()

    def _withdraw(self) -> None:
        """A question about one file and format does not carry over to another."""
        if not self.writing:
            self.asking = None
            self._say("")

    @on(OptionList.OptionSelected, "#export-formats")
    def _format_chosen(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Input.Submitted, "#export-path")
    def _path_submitted(self, message: Input.Submitted) -> None:
        from csto_tui.export.atomic import write_error_words

        text = message.value.strip()
        if self.writing:
            return
        if not text:
            self._say("Type a file name.", error=True)
            return
        if self.app.is_web:
            self._download(text)
            return
        try:
            path = Path(text).expanduser()
        except RuntimeError:  # ~someone who has no home folder here
            self._say(f"Could not write: no home folder for {text.split('/')[0]}", error=True)
            return
        if not path.is_absolute():
            path = Path.cwd() / path
        try:
            folder, exists = path.is_dir(), path.exists()
        except OSError as exc:  # a name too long, a folder we may not look into
            self._say(f"Could not write: {write_error_words(path, exc)}", error=True)
            return
        if folder:
            self._say(f"{path} is a folder: add a file name.", error=True)
        elif exists:
            self.asking = (path, self.fmt)
            self._say(f"{path} exists. Overwrite it with {self.fmt}? y / n", error=True)
            self.query_one(FormatList).focus()  # y and n must not land in the field
        else:
            self._write(path, self.fmt)

    def action_confirm(self, yes: bool) -> None:
        if self.asking is None:
            return
        (path, fmt), self.asking = self.asking, None
        if yes:
            self._write(path, fmt)
        else:
            self._say("Kept the file. Choose another name.")
            self.query_one("#export-path", Input).focus()

    def action_cancel(self) -> None:
        if self.writing:
            self._say(f"Still writing{glyphs().ellipsis} (it is safe: the old file stays "
                      "until the new one is whole).")  # fmt: skip
        elif self.asking is not None:
            self.action_confirm(False)
        else:
            self.dismiss(None)

    def _write(self, path: Path, fmt: str) -> None:
        self.writing = True
        self._say(f"Writing {path}{glyphs().ellipsis}")
        self.write_file(path, fmt)

    @work(thread=True, exclusive=True, group="export", name="export", exit_on_error=False)
    def write_file(self, path: Path, fmt: str) -> None:
        """Render and write in a thread: 100,000 events take a while."""
        from csto_tui.export import render
        from csto_tui.export.atomic import write_atomic, write_error_words

        try:
            write_atomic(path, render(fmt, self.events, self.dataset))
        except OSError as exc:
            self.post_message(Written(path, fmt, write_error_words(path, exc)))
            return
        self.post_message(Written(path, fmt))

    def _download(self, text: str) -> None:
        name = download_name(text)
        if not name.strip("."):
            self._say("Type a file name (letters, digits, . _ -).", error=True)
            return
        self.writing = True
        self._say(f"Preparing {name}{glyphs().ellipsis}")
        self.render_download(name, self.fmt)

    @work(thread=True, exclusive=True, group="export", name="export", exit_on_error=False)
    def render_download(self, name: str, fmt: str) -> None:
        """Render in a thread; the UI thread hands the text to the browser."""
        from csto_tui.export import render

        self.post_message(Rendered(name, fmt, render(fmt, self.events, self.dataset)))

    def on_rendered(self, message: Rendered) -> None:
        self.writing = False
        self.app.deliver_text(io.StringIO(message.text), save_filename=message.name,
                              encoding="utf-8", name="export")  # fmt: skip
        shown = plural(len(self.events), "event")
        self.dismiss(f"Sent {shown} ({message.fmt}) to your browser as {message.name} (a "
                     "download; if none starts, allow pop-ups for this page)")  # fmt: skip

    def on_written(self, message: Written) -> None:
        self.writing = False
        if message.error:
            self._say(f"Could not write: {message.error}", error=True)
            self.query_one("#export-path", Input).focus()
            return
        shown = plural(len(self.events), "event")
        self.dismiss(f"Wrote {shown} ({message.fmt}) to {message.path}")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:  # a bug, not a full disk: say so, stay open
            self.writing = False
            self._say(f"Could not write: {event.worker.error}", error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#export-status", Static)
        status.update(Text(inert(text), style="bold" if error else ""))
        status.set_class(error, "-error")


class FormatList(CursorList):
    HELP_NAME = "the export formats"
