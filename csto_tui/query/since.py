"""The browser's `--since REV` marks: which events of a dataset are new or changed since a
git revision, as bitsets over the engine's events (the 'since' facet) and one byte per
event (a timeline row's mark, read in O(1) while drawing).

Headless and git-free: history.since compares; this only holds the answer in the engine's
terms, so the facet filters and counts like any other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from csto_tui.query.index import Index, bit_flags, mask_of
from csto_tui.query.model import SINCE_VALUES

NEW, CHANGED = SINCE_VALUES
NONE_FLAG, NEW_FLAG, CHANGED_FLAG = 0, 1, 2
# The marks drawn before a timeline row, as a context diff (and Emacs' diff-hl) marks lines:
# `+` added, `!` changed. Not `~`, which in the browser only ever means 'approximate' after
# a date. ASCII already (the same under LANG=C), characters and not colour alone, set apart
# from the date by a space.
MARKS = {NEW_FLAG: "+", CHANGED_FLAG: "!"}
REBASE_MAX = 10_000


class FieldLike(Protocol):
    """A field's change as history.compare gives it (`title`, `figures #2`; old, new)."""

    @property
    def label(self) -> str: ...

    @property
    def old(self) -> str: ...

    @property
    def new(self) -> str: ...


@dataclass(frozen=True)
class SinceMarks:
    """What changed since `revision` (as the user wrote it), over one engine's events.

    `compared` is False until a first comparison is in (nothing is marked yet); `ready` is
    False while marks made for earlier data stand in for the comparison being redone (the
    ids carried over, so a reload keeps its marks until the new answer comes). `problem`
    says why no comparison could be made (git's one line).
    """

    revision: str
    new: int = 0  # bitset of the events new since the revision
    changed: int = 0  # of those whose record or file differs
    removed: int = 0  # how many events of the revision are gone (not in the data)
    new_ids: frozenset[str] = frozenset()
    fields: Mapping[str, Sequence[FieldLike]] = field(default_factory=dict)  # by changed id
    flags: bytes = b""  # per event of the dataset: NONE_FLAG, NEW_FLAG or CHANGED_FLAG
    compared: bool = False
    ready: bool = False
    problem: str = ""

    def flag(self, g: int) -> int:
        """The mark of the `g`-th event of the dataset."""
        return self.flags[g] if g < len(self.flags) else NONE_FLAG

    def mask(self, values: frozenset[str]) -> int:
        """The events the facet's selected values match (any of them)."""
        return (self.new if NEW in values else 0) | (self.changed if CHANGED in values else 0)

    def state(self, event_id: str) -> str | None:
        """'new', 'changed' or None, by id (for the detail, which has the event, not its row)."""
        if event_id in self.new_ids:
            return NEW
        return CHANGED if event_id in self.fields else None

    def rebased(self, index: Index) -> SinceMarks:
        """The same ids over another dataset's events (after a reload), until redone; past
        REBASE_MAX ids (about 30 ms on the UI thread), none: 'comparing' until redone."""
        if len(self.new_ids) + len(self.fields) > REBASE_MAX:
            return SinceMarks(self.revision)
        return since_marks(index, self.revision, self.new_ids, self.fields, self.removed,
                           ready=False, compared=self.compared, problem=self.problem)  # fmt: skip

    def failed(self, problem: str) -> SinceMarks:
        return replace(self, problem=problem, ready=True)


def since_marks(
    index: Index,
    revision: str,
    new_ids: Iterable[str],
    fields: Mapping[str, Sequence[FieldLike]],
    removed: int,
    *,
    ready: bool = True,
    compared: bool = True,
    problem: str = "",
) -> SinceMarks:
    """Marks from a comparison's ids (`fields`: each changed event's field changes); ids
    the index does not hold are left out. C-level lookups and bitset work: a reload's
    carried-over marks are made on the UI thread."""
    id_of = index.id_of
    new_ids = frozenset(i for i in new_ids if i in id_of)
    kept = {i: f for i, f in fields.items() if i in id_of}
    new = mask_of(list(map(id_of.__getitem__, new_ids)), index.size)
    changed = mask_of(list(map(id_of.__getitem__, kept)), index.size)
    n = index.size
    # Flags are 0/1 bytes, so new + 2 * changed adds without carries.
    new_flags = int.from_bytes(bit_flags(new), "little") if new else 0
    changed_flags = int.from_bytes(bit_flags(changed), "little") if changed else 0
    flags = (new_flags + 2 * changed_flags).to_bytes(n, "little")
    return SinceMarks(revision, new, changed, removed, new_ids, kept, flags, compared, ready,
                      problem)  # fmt: skip
