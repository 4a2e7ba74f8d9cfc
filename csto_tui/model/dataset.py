"""A loaded dataset: valid records in date order, their origins, and every diagnostic."""

from __future__ import annotations

from dataclasses import dataclass, field

from csto_tui.model.diagnostics import Diagnostic, Severity
from csto_tui.model.records import Event
from csto_tui.model.registry import BodyRegistry
from csto_tui.model.text import plural


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record starts: for error messages and 'edit at its line'."""

    file: str
    line: int
    column: int


@dataclass
class Dataset:
    events: list[Event] = field(default_factory=list)
    registry: BodyRegistry = field(default_factory=BodyRegistry)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    origins: dict[str, Origin] = field(default_factory=dict)
    cache_note: str | None = None  # why the cache could not be written (costs only speed)

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

    @property
    def _by_id(self) -> dict[str, Event]:
        cache = self.__dict__.get("_by_id_cache")
        if cache is None or len(cache) != len(self.events):
            cache = {e.id: e for e in self.events}
            self.__dict__["_by_id_cache"] = cache
        return cache
