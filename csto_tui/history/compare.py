"""What changed between two loaded datasets: events added, removed and changed (field by
field, with the file each is in), and the diagnostics that came or went.

Fast on 100,000 events: records are msgspec Structs compared with `==` in C, and only the
unequal ones are taken apart field by field.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import msgspec

from csto_tui.model.dataset import Dataset, Origin
from csto_tui.model.dates import EDTFDate
from csto_tui.model.diagnostics import Diagnostic, Severity
from csto_tui.model.records import Event
from csto_tui.model.text import scrub, to_ascii

# Lists of mappings: a change names the item (its position) rather than the whole list.
ITEM_FIELDS = frozenset({"bodies", "people", "figures", "sources", "related"})
# Positions quoted inside messages ('first defined at a.yaml:3:5', 'first at line 3,
# column 5'): blanked in the comparison, so lines that only moved are no new error.
_POSITIONS = re.compile(r"(?<=:)\d+:\d+(?=\))|(?<=\bline )\d+(?=, column \d+)|(?<=column )\d+")
MINUS = {False: "\u2212", True: "-"}


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of an event, before and after, as plain display text ('' for none).

    `item` is set for a list of mappings (figures, sources, people, bodies, related): the
    1-based position of the item that changed (in the old list for one removed, in the new
    list otherwise); `old` or `new` is '' for an item added or removed. A mapping changed
    in place (an item, the location) shows only its keys that differ: 'value: 12'.
    """

    name: str
    old: str
    new: str
    item: int | None = None

    @property
    def label(self) -> str:
        """'title', 'figures #2': how the field is named to a reader."""
        return self.name if self.item is None else f"{self.name} #{self.item}"


@dataclass(frozen=True, slots=True)
class EventChange:
    """An event present on both sides whose record or file differs."""

    id: str
    fields: list[FieldChange]
    file: str  # the file it is in now ('' when unknown)


@dataclass
class DatasetChanges:
    """The difference from `old` to `new`. `added` and `changed` are in the new dataset's
    order, `removed` in the old's; `files` maps each of their ids to its file (the new
    side's, the old side's for a removed event)."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[EventChange] = field(default_factory=list)
    new_errors: list[Diagnostic] = field(default_factory=list)  # in new, not in old
    fixed_errors: list[Diagnostic] = field(default_factory=list)  # in old, not in new
    files: dict[str, str] = field(default_factory=dict)
    old: Dataset = field(default_factory=Dataset, repr=False, compare=False)
    new: Dataset = field(default_factory=Dataset, repr=False, compare=False)

    @property
    def added_ids(self) -> set[str]:
        return set(self.added)

    @property
    def removed_ids(self) -> set[str]:
        return set(self.removed)

    @property
    def changed_ids(self) -> set[str]:
        return {c.id for c in self.changed}

    @property
    def empty(self) -> bool:
        """No event and no diagnostic differs."""
        return not (
            self.added or self.removed or self.changed or self.new_errors or self.fixed_errors
        )

    def title(self, event_id: str) -> str:
        """The event's title as it is now (as it was, for a removed event)."""
        event = self.new.event(event_id) or self.old.event(event_id)
        return event.title if event else ""

    def per_file(self) -> dict[str, tuple[int, int, int]]:
        """File → (added, removed, changed) event counts, files in name order. A changed
        event counts in the file it is in now (a moved one: in the file it moved to)."""
        counts: dict[str, list[int]] = {}
        for column, ids in enumerate((self.added, self.removed, [c.id for c in self.changed])):
            for event_id in ids:
                counts.setdefault(self.files.get(event_id, ""), [0, 0, 0])[column] += 1
        return {name: (a, r, c) for name, (a, r, c) in sorted(counts.items())}

    def summary_line(self, ascii: bool = False) -> str:
        """One line for a notice: 'events.yaml: +2 −1 ~3 events; 1 new error'.

        Files are named by their last part when that is unambiguous; past three files,
        the counts are totalled ('+5 −2 ~7 events in 12 files'). Inert text, ASCII on demand.
        """
        per_file = self.per_file()
        parts = []
        if len(per_file) > 3:
            totals = [sum(n[i] for n in per_file.values()) for i in range(3)]
            parts.append(f"{_counts(*totals, ascii=ascii)} in {len(per_file)} files")
        else:
            names = {name: PurePath(name).name or name for name in per_file}
            short = len(set(names.values())) == len(names)
            for name, (a, r, c) in per_file.items():
                parts.append(f"{names[name] if short else name}: {_counts(a, r, c, ascii=ascii)}")
        parts += _diagnostic_words(self.new_errors, "new {}")
        parts += _diagnostic_words(self.fixed_errors, "{} fixed")
        line = scrub("; ".join(parts) or "no changes", "?")
        return to_ascii(line) if ascii else line


def _counts(added: int, removed: int, changed: int, *, ascii: bool) -> str:
    """'+2 −1 ~3 events' (the counts that are not zero)."""
    signs = (("+", added), (MINUS[ascii], removed), ("~", changed))
    shown = [f"{sign}{n}" for sign, n in signs if n]
    total = added + removed + changed
    return f"{' '.join(shown)} {'event' if total == 1 else 'events'}"


def _diagnostic_words(diags: list[Diagnostic], template: str) -> list[str]:
    """'1 new error', '2 warnings fixed': one phrase per severity that has any."""
    out = []
    for severity in Severity:
        n = sum(1 for d in diags if d.severity is severity)
        if n:
            out.append(f"{n} {template.format(severity if n == 1 else f'{severity}s')}")
    return out


def compare_datasets(old: Dataset, new: Dataset) -> DatasetChanges:
    """The changes from `old` to `new`, matching events by id; an event now in another
    file is changed, with a 'file' change (which is how a renamed file shows)."""
    before = {e.id: e for e in old.events}  # what is left in it at the end was removed
    changes = DatasetChanges(old=old, new=new)
    # One file on both sides: no event can have moved, and looking up 100,000 origins
    # would cost more than comparing the records.
    names = set(old.files) | set(new.files)
    only = next(iter(names)) if len(names) == 1 else None
    for event in new.events:
        event_id = event.id
        was = before.pop(event_id, None)
        if was is None:
            changes.added.append(event_id)
            changes.files[event_id] = only or _file(new.origins, event_id)
            continue
        if only is not None:
            if was == event:
                continue
            file_then = file_now = only
        else:
            file_now, file_then = _file(new.origins, event_id), _file(old.origins, event_id)
            if was == event and file_now == file_then:
                continue
        fields = event_fields(was, event)
        if file_now != file_then:
            fields.append(FieldChange("file", file_then, file_now))
        changes.changed.append(EventChange(event_id, fields, file_now))
        changes.files[event_id] = file_now
    changes.removed = list(before)
    for event_id in changes.removed:
        changes.files[event_id] = only or _file(old.origins, event_id)
    changes.new_errors = _unmatched(new.diagnostics, old.diagnostics)
    changes.fixed_errors = _unmatched(old.diagnostics, new.diagnostics)
    return changes


def _file(origins: Mapping[str, Origin], event_id: str) -> str:
    try:
        return origins[event_id].file  # not .get(): a Python-level layer less, 200,000 times
    except KeyError:
        return ""


def event_fields(old: Event, new: Event) -> list[FieldChange]:
    """The fields of two versions of an event that differ, in the record's field order."""
    out: list[FieldChange] = []
    for name in Event.__struct_fields__:
        a, b = getattr(old, name), getattr(new, name)
        if a == b:
            continue
        if name in ITEM_FIELDS:
            out.extend(_item_changes(name, a, b))
        else:
            out.append(FieldChange(name, *_pair(a, b)))
    return out


def _pair(old: Any, new: Any) -> tuple[str, str]:
    """Two values as text; of two mappings, only the keys whose values differ."""
    if isinstance(old, msgspec.Struct) and type(old) is type(new):
        keys = [k for k in old.__struct_fields__ if getattr(old, k) != getattr(new, k)]
        return _keys(old, keys), _keys(new, keys)
    return display(old), display(new)


def _keys(value: msgspec.Struct, keys: Iterable[str]) -> str:
    """'key: value; ...' for the keys that are set."""
    return "; ".join(
        f"{k}: {display(v)}" for k in keys if (v := getattr(value, k)) is not None and v != []
    )


def _item_changes(name: str, old: list[Any], new: list[Any]) -> list[FieldChange]:
    """Item by item when the lengths match; else the items that left and the items that
    came; the whole list when that says nothing (only duplicates came or went)."""
    if len(old) == len(new):
        pairs = enumerate(zip(old, new, strict=True), 1)
        return [FieldChange(name, *_pair(a, b), i) for i, (a, b) in pairs if a != b]
    out = [FieldChange(name, display(a), "", i) for i, a in enumerate(old, 1) if a not in new]
    out += [FieldChange(name, "", display(b), i) for i, b in enumerate(new, 1) if b not in old]
    return out or [FieldChange(name, display(old), display(new))]


def display(value: Any) -> str:
    """A field's value as plain text: a date as its EDTF text, a figure's 4753.0 as 4753,
    a mapping as 'key: value; ...' (fields left unset omitted), a list joined with ', '."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, EDTFDate):
        return value.text
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, msgspec.Struct):
        return _keys(value, value.__struct_fields__)
    if isinstance(value, list):
        return ", ".join(display(v) for v in value)
    return str(value)


def diagnostic_key(diag: Diagnostic) -> tuple[str, str, str]:
    """What makes two diagnostics the same problem: file, severity and message, without
    line numbers (in the message too), so a problem that only moved is not new."""
    return diag.file, str(diag.severity), _POSITIONS.sub("#", diag.message)


def _unmatched(these: Iterable[Diagnostic], others: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics of `these` with no counterpart in `others` (counted: a second copy
    of a problem is new even when the first was there before)."""
    budget = Counter(diagnostic_key(d) for d in others)
    out = []
    for diag in these:
        key = diagnostic_key(diag)
        if budget[key]:
            budget[key] -= 1
        else:
            out.append(diag)
    return out
