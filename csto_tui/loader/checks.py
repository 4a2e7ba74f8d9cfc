"""Checks across records and files: unique ids, references that resolve, no cycles.

A record that failed its own validation still takes part, through what can be read from its
raw data (`Refs`): its id counts for duplicates and as a reference target, and its
well-formed references are checked. One run then reports every problem; fixing one never
reveals another.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from csto_tui.loader.hints import did_you_mean
from csto_tui.loader.parsed import Parsed
from csto_tui.loader.positions import Path
from csto_tui.model.dates import EDTFDate, EDTFError, edtf_text, parse_edtf
from csto_tui.model.diagnostics import Diagnostic, error, warning
from csto_tui.model.records import RELATION_TYPES, Body, Event, is_slug
from csto_tui.model.text import scrub


@dataclass(frozen=True, slots=True)
class Refs:
    """What the checks read from one record: its id and its references, each with its index
    in its list (for the position of a message)."""

    id: str | None
    parent: str | None = None
    bodies: tuple[tuple[int, str], ...] = ()
    people: tuple[tuple[int, str], ...] = ()
    related: tuple[tuple[int, str, str | None], ...] = ()  # (index, id, type when valid)
    start: date | None = None
    published: tuple[tuple[int, EDTFDate], ...] = ()

    @property
    def label(self) -> str:
        """'id: ' to start a message with, '' when the record has no usable id."""
        return f"{scrub(self.id)}: " if self.id else ""


def _items(data: dict[str, Any], key: str) -> list[tuple[int, Any]]:
    value = data.get(key)
    return list(enumerate(value)) if isinstance(value, list) else []


def _date(value: Any) -> EDTFDate | None:
    try:
        return parse_edtf(edtf_text(value))
    except (EDTFError, TypeError):
        return None


def _raw_refs(data: Any) -> Refs:
    """References of a record that failed validation: only those that are well-formed."""
    if not isinstance(data, dict):
        return Refs(None)
    rid = data.get("id")
    bodies = []
    for i, ref in _items(data, "bodies"):
        body_id = ref.get("id") if isinstance(ref, dict) else ref
        if is_slug(body_id):
            bodies.append((i, body_id))
    people = [
        (i, person["body"])
        for i, person in _items(data, "people")
        if isinstance(person, dict) and is_slug(person.get("body"))
    ]
    related = []
    for i, rel in _items(data, "related"):
        if isinstance(rel, dict) and is_slug(rel.get("id")):
            kind = rel.get("type")
            related.append((i, rel["id"], kind if kind in RELATION_TYPES else None))
    when = _date(data.get("date"))
    published = []
    for i, src in _items(data, "sources"):
        day = _date(src.get("published")) if isinstance(src, dict) else None
        if day is not None:
            published.append((i, day))
    parent = data.get("parent")
    return Refs(
        rid if isinstance(rid, str) and rid else None,
        parent if is_slug(parent) else None,
        tuple(bodies),
        tuple(people),
        tuple(related),
        when.lower if when else None,
        tuple(published),
    )


def refs_of(p: Parsed) -> Refs:
    """The record's references, from the validated record or else from its raw data."""
    rec = p.record
    if isinstance(rec, Body):
        return Refs(rec.id, rec.parent)
    if isinstance(rec, Event):
        return Refs(
            rec.id,
            bodies=tuple((i, b.id) for i, b in enumerate(rec.bodies)),
            people=tuple((i, q.body) for i, q in enumerate(rec.people) if q.body),
            related=tuple((i, r.id, r.type) for i, r in enumerate(rec.related)),
            start=rec.date.lower,
            published=tuple(
                (i, s.published) for i, s in enumerate(rec.sources) if s.published is not None
            ),
        )
    return _raw_refs(p.data)


class Checker:
    def __init__(self, diags: list[Diagnostic]) -> None:
        self.diags = diags
        self.bad: set[int] = set()  # id() of Parsed records that got an error

    def err(self, parsed: Parsed, path: Path, message: str, *, key: bool = False) -> None:
        self.bad.add(id(parsed))
        line, col = parsed.positions.at(path, key=key)
        self.diags.append(error(parsed.origin.file, line, col, message))

    def warn(self, parsed: Parsed, path: Path, message: str) -> None:
        line, col = parsed.positions.at(path)
        self.diags.append(warning(parsed.origin.file, line, col, message))

    def unique(self, records: Iterable[tuple[Parsed, Refs]], what: str) -> dict[str, Parsed]:
        """First occurrence in reading order wins, valid or not; each later one is an error
        naming the first."""
        seen: dict[str, Parsed] = {}
        for p, refs in records:
            rid = refs.id
            if rid is None:
                continue
            if rid in seen:
                first = seen[rid].origin
                self.err(
                    p,
                    ("id",),
                    f"duplicate {what} id {scrub(rid)!r} (first defined at "
                    f"{first.file}:{first.line}:{first.column})",
                )
            else:
                seen[rid] = p
        return seen


def _check_bodies(
    c: Checker, records: list[Parsed], bodies: dict[str, Parsed], refs: dict[int, Refs]
) -> None:
    """Every body's parent must exist (repeats included); the registry's must form a tree."""
    parents = {bid: refs[id(p)].parent for bid, p in bodies.items()}
    for p in records:
        bid, parent = refs[id(p)].id, refs[id(p)].parent
        if parent is None:
            continue
        name = refs[id(p)].label
        if parent not in bodies:
            c.err(
                p,
                ("parent",),
                f"{name}parent body {parent!r} is not in the registry"
                f"{did_you_mean(parent, bodies)}",
            )
            continue
        if bid is None or bodies.get(bid) is not p:
            continue  # a repeat: the tree is the first occurrences'
        chain, current = [bid], parent
        while current is not None and current not in chain:
            chain.append(current)
            current = parents.get(current)
        if current == bid:
            cycle = " → ".join(scrub(b) for b in [*chain, bid])
            c.err(p, ("parent",), f"{name}body parents form a cycle: {cycle}")


def _check_event(
    c: Checker, p: Parsed, refs: Refs, events: dict[str, Parsed], bodies: dict[str, Parsed]
) -> None:
    name = refs.label
    seen_bodies: dict[str, int] = {}
    for i, body_id in refs.bodies:
        if body_id not in bodies:
            c.err(
                p,
                ("bodies", i, "id"),
                f"{name}unknown body {body_id!r}{did_you_mean(body_id, bodies)}",
            )
        elif body_id in seen_bodies:
            c.err(
                p,
                ("bodies", i, "id"),
                f"{name}body {body_id!r} is listed twice "
                f"(items {seen_bodies[body_id] + 1} and {i + 1})",
            )
        seen_bodies.setdefault(body_id, i)
    for i, body_id in refs.people:
        if body_id not in bodies:
            c.err(
                p,
                ("people", i, "body"),
                f"{name}unknown body {body_id!r}{did_you_mean(body_id, bodies)}",
            )
    seen_related: dict[tuple[str, str], int] = {}
    for i, target, kind in refs.related:
        if target == refs.id:
            c.err(p, ("related", i, "id"), f"{name}an event cannot be related to itself")
        elif kind is not None and (target, kind) in seen_related:
            first = seen_related[target, kind] + 1
            c.err(p, ("related", i, "id"), f"{name}{kind} link to {target!r} is listed "
                  f"twice (items {first} and {i + 1})")  # fmt: skip
        elif target not in events:
            c.err(
                p,
                ("related", i, "id"),
                f"{name}related event {target!r} does not exist{did_you_mean(target, events)}",
            )
        if kind is not None:
            seen_related.setdefault((target, kind), i)
    start = refs.start
    for i, published in refs.published:
        if start and published.upper and published.upper < start:
            c.warn(
                p,
                ("sources", i, "published"),
                f"{name}source published {published} before the event starts ({start})",
            )


def _check_part_of_cycles(c: Checker, events: dict[str, Parsed], refs: dict[int, Refs]) -> None:
    parents: dict[str, list[tuple[int, str]]] = {
        eid: [(i, target) for i, target, kind in refs[id(p)].related if kind == "part-of"]
        for eid, p in events.items()
    }
    done: set[str] = set()
    for start in events:
        path: list[str] = []
        on_path: set[str] = set()
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:  # iterative DFS: deep chains must not hit the recursion limit
            node, idx = stack.pop()
            if idx == 0:
                if node in done:
                    continue
                path.append(node)
                on_path.add(node)
            edges = parents.get(node, [])
            if idx < len(edges):
                stack.append((node, idx + 1))
                i, target = edges[idx]
                if target in on_path:
                    cycle = " → ".join(scrub(e) for e in [*path[path.index(target) :], target])
                    c.err(
                        events[node],
                        ("related", i, "id"),
                        f"{scrub(node)}: part-of links form a cycle: {cycle}",
                    )
                elif target in parents and target not in done:
                    stack.append((target, 0))
            else:
                done.add(node)
                on_path.discard(node)
                path.pop()


def cross_check(
    events: list[Parsed], bodies: list[Parsed], diags: list[Diagnostic]
) -> tuple[list[Parsed], list[Parsed]]:
    """Report cross-record problems; return the records still valid (events, bodies).

    Records that failed their own validation (`record` None) are checked too, from their
    raw data, and never returned.
    """
    c = Checker(diags)
    refs = {id(p): refs_of(p) for p in [*bodies, *events]}
    body_index = c.unique(((p, refs[id(p)]) for p in bodies), "body")
    _check_bodies(c, bodies, body_index, refs)
    event_index = c.unique(((p, refs[id(p)]) for p in events), "event")
    for p in events:  # repeats and records without a usable id too: all in one run
        _check_event(c, p, refs[id(p)], event_index, body_index)
    _check_part_of_cycles(c, event_index, refs)
    good_bodies = [p for p in bodies if p.valid and id(p) not in c.bad]
    good_events = [p for p in events if p.valid and id(p) not in c.bad]
    return good_events, good_bodies
