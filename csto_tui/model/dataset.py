"""A loaded dataset: valid records in date order, their origins, and every diagnostic."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import msgspec

from csto_tui.model.diagnostics import Diagnostic, Severity
from csto_tui.model.records import Event
from csto_tui.model.registry import BodyRegistry
from csto_tui.model.text import plural


class Origin(msgspec.Struct, frozen=True, gc=False):
    """Where a record starts: for error messages and 'edit at its line' (a Struct: made
    100,000 times at each start)."""

    file: str
    line: int
    column: int


class Origins(Mapping[str, Origin]):
    """Event id → where the event starts, in the dataset's order, made on first use.

    A start reads 100,000 origins as (line, column) pairs per file; building a dict of
    Origin objects up front would cost more than decoding the records themselves.
    """

    def __init__(
        self,
        ids: list[str],
        files: list[str],
        per_file: list[list[tuple[int, int]]],
        order: list[int],
    ) -> None:
        self._ids, self._files, self._per_file, self._order = ids, files, per_file, order
        self._starts = [0]
        for pairs in per_file:
            self._starts.append(self._starts[-1] + len(pairs))
        self._index: dict[str, int] | None = None
        self._inverse: dict[int, int] | None = None  # read index → dataset index

    def _position(self, event_id: str) -> int | None:
        if self._index is None:
            self._index = {eid: k for k, eid in enumerate(self._ids)}
        return self._index.get(event_id)

    def __getitem__(self, event_id: str) -> Origin:
        k = self._position(event_id)
        if k is None:
            raise KeyError(event_id)
        i = self._order[k]
        f = bisect_right(self._starts, i) - 1
        return Origin(self._files[f], *self._per_file[f][i - self._starts[f]])

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def event_at(self, file: str, line: int) -> str | None:
        """The id of the loaded event whose record holds `line` of `file` (the last one
        starting on or before it); None when that record was not loaded (it has errors)
        or the line is before the first record."""
        if file not in self._files:
            return None
        f = self._files.index(file)
        lines = [pair[0] for pair in self._per_file[f]]
        n = bisect_right(lines, line)
        if n == 0:
            return None
        if self._inverse is None:
            self._inverse = {i: k for k, i in enumerate(self._order)}
        k = self._inverse.get(self._starts[f] + n - 1)
        return None if k is None else self._ids[k]

    def __len__(self) -> int:
        return len(self._ids)


class DerivedStore(Protocol):
    """Where data derived from a dataset's content (a search index) can be kept between
    runs: the loader's cache."""

    def get_derived(self, kind: str, key: str) -> bytes | None: ...

    def put_derived(self, kind: str, key: str, blob: bytes) -> None: ...


@dataclass
class Dataset:
    events: list[Event] = field(default_factory=list)
    registry: BodyRegistry = field(default_factory=BodyRegistry)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    origins: Mapping[str, Origin] = field(default_factory=dict)
    cache_note: str | None = None  # why the cache could not be written (costs only speed)
    # When every file is valid and cached: a key for the content, and where to keep what
    # is derived from it (None: derive afresh).
    content_key: str | None = None
    derived: DerivedStore | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def summary(self) -> dict[str, int]:
        return {
            "events": len(self.events),
            "bodies": len(self.registry),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
        }

    def summary_line(self) -> str:
        s = self.summary()
        return (
            f"{plural(s['events'], 'event')}, {plural(s['bodies'], 'body', 'bodies')}, "
            f"{plural(s['errors'], 'error')}, {plural(s['warnings'], 'warning')}"
        )

    def event(self, event_id: str) -> Event | None:
        return self._by_id.get(event_id)

    def event_at(self, file: str, line: int) -> str | None:
        """The id of the loaded event whose record holds `line` of `file`, if any."""
        if isinstance(self.origins, Origins):
            return self.origins.event_at(file, line)
        starts = [(o.line, eid) for eid, o in self.origins.items() if o.file == file]
        before = [pair for pair in starts if pair[0] <= line]
        return max(before)[1] if before else None

    @property
    def _by_id(self) -> dict[str, Event]:
        cache = self.__dict__.get("_by_id_cache")
        if cache is None or len(cache) != len(self.events):
            cache = {e.id: e for e in self.events}
            self.__dict__["_by_id_cache"] = cache
        return cache
