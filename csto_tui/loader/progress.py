"""Loading progress for `check`, `list` and `stats`: one line on a terminal's stderr.

Never on a pipe or a file (stderr is not a terminal: nothing is written), never in the
output, and not at all for a load that ends before anyone would notice it.
"""

from __future__ import annotations

import time
from typing import TextIO

from csto_tui.loader.dataset import LoadStep
from csto_tui.model.text import to_ascii

SHOW_AFTER = 0.3  # seconds: a quick load shows nothing
EVERY = 0.1  # seconds between repaints


class TerminalProgress:
    """A `load_dataset` progress callback that draws `Loading: … 42%` in place."""

    def __init__(self, stream: TextIO, *, ascii: bool = False) -> None:
        self.stream = stream
        self.ascii = ascii
        self.started = time.monotonic()
        self.shown = 0.0  # when the line was last drawn (0: never)
        self.enabled = _is_terminal(stream)

    def __call__(self, step: LoadStep) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < SHOW_AFTER or now - self.shown < EVERY:
            return
        self.shown = now
        line = f"Loading: {step.message} ({step.fraction:.0%})"
        if self.ascii:
            line = to_ascii(line)
        self.stream.write("\r\x1b[K" + line[:200])
        self.stream.flush()

    def done(self) -> None:
        """Clear the line, so the next stderr line (or the prompt) starts clean."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = 0.0


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or replaced by a test's StringIO
        return False
