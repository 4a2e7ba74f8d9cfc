"""One record as read, before the checks across records decide whether it stays."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from csto_tui.loader.positions import Path, Pos, Positions
from csto_tui.model.dataset import Origin
from csto_tui.model.records import Body, Event


@dataclass
class Parsed:
    """One record with positions kept for cross checks.

    `record` is None when the record failed its own validation: it still takes part in the
    checks across records (duplicate ids, references) through its raw `data`, so one pass
    reports every problem instead of hiding some behind others.
    """

    record: Event | Body | None
    origin: Origin
    positions: Positions | LazyPositions
    valid: bool = True  # False: checked across records, but left out (e.g. a duplicate key)
    data: Any = None  # the raw mapping, kept when `record` is None


class LazyPositions:
    """Positions of a record read without them (fast path, cache), found when first asked.

    Only a check across records that reports a problem asks, which is rare in a curated
    dataset: then the file is read once by the positional loader (`reread`, shared by all
    the file's records) and this record's positions are taken from it by its index.
    """

    __slots__ = ("_index", "_origin", "_reread")

    def __init__(
        self, reread: Callable[[], list[Positions] | None], index: int, origin: Origin
    ) -> None:
        self._reread, self._index, self._origin = reread, index, origin

    def at(self, path: Path, *, key: bool = False) -> Pos:
        found = self._reread()
        if found is None or self._index >= len(found):  # changed on disk since: its start
            return self._origin.line, self._origin.column
        return found[self._index].at(path, key=key)
