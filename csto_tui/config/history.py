"""The search history: the searches the user ran, newest last (headless; no Textual).

One search a line, UTF-8, in `search-history` in the platform's user state directory
(e.g. ~/.local/state/csto-tui); `CSTO_TUI_HISTORY` names the file, `CSTO_TUI_STATE_DIR`
its directory (tests). At most LIMIT searches; a repeated one moves to the end. A file that
cannot be read counts as empty and one that cannot be written costs only the history:
neither ever stops the browser.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from csto_tui.export.atomic import write_atomic, write_error_words

LIMIT = 200
FILE_ENV = "CSTO_TUI_HISTORY"
DIR_ENV = "CSTO_TUI_STATE_DIR"
FILE_NAME = "search-history"


def history_path() -> Path:
    """$CSTO_TUI_HISTORY, else search-history in $CSTO_TUI_STATE_DIR, else in the
    platform's user state directory."""
    override = os.environ.get(FILE_ENV)
    if override:
        return Path(override)
    folder = os.environ.get(DIR_ENV)
    if not folder:
        from platformdirs import user_state_dir

        folder = user_state_dir("csto-tui", appauthor=False)
    return Path(folder) / FILE_NAME


def clean(text: str) -> str:
    """A search as one line: control and line-breaking characters become spaces, and the
    spaces around it go."""
    return "".join(
        " " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text
    ).strip()


class SearchHistory:
    """The searches in `path` (`history_path()` unless given), read once, then kept here;
    each `add` reads the file again so two browsers keep both their searches."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, limit: int = LIMIT) -> None:
        self.path = Path(path) if path is not None else history_path()
        self.limit = limit
        self._entries: list[str] | None = None
        self.problem: str | None = None  # why the last write failed, in words

    def _read(self) -> list[str]:
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except (OSError, ValueError):
            return []
        return self._bounded(clean(line) for line in text.splitlines())

    def _bounded(self, entries: Iterable[str]) -> list[str]:
        out: dict[str, None] = {}
        for entry in entries:
            if entry:
                out.pop(entry, None)
                out[entry] = None  # a repeat moves to the end
        return list(out)[-self.limit :] if self.limit > 0 else []

    def entries(self) -> list[str]:
        """The searches, oldest first, newest last (a copy)."""
        if self._entries is None:
            self._entries = self._read()
        return list(self._entries)

    def add(self, text: str) -> bool:
        """Remember a search at the end (a blank one is not); False when the file could not
        be written (`problem` says why; the search is still in `entries`)."""
        entry = clean(text)
        if not entry:
            return True
        on_disk = self._read()
        kept = set(on_disk)  # searches this one could not save yet stay, after the file's
        unsaved = [e for e in self._entries or [] if e not in kept]
        self._entries = self._bounded([*on_disk, *unsaved, entry])
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, "".join(f"{e}\n" for e in self._entries))
        except OSError as exc:
            self.problem = f"cannot save the search history: {write_error_words(self.path, exc)}"
            return False
        self.problem = None
        return True
