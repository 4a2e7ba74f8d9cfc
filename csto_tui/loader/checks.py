"""Checks across records and files: unique ids, references that resolve, no cycles."""

from __future__ import annotations

from collections.abc import Iterable

from csto_tui.loader.errors import did_you_mean
from csto_tui.loader.parsed import Parsed
from csto_tui.loader.yamlnodes import Path
from csto_tui.model.diagnostics import Diagnostic, error, warning
from csto_tui.model.records import Body, Event


class Checker:
    def __init__(self, diags: list[Diagnostic]) -> None:
        self.diags = diags
        self.bad: set[int] = set()  # id() of Parsed records that got an error
        self.broken: dict[str, set[str]] = {"events": set(), "bodies": set()}

    def err(self, parsed: Parsed, path: Path, message: str, *, key: bool = False) -> None:
        self.bad.add(id(parsed))
        line, col = parsed.positions.at(path, key=key)
        self.diags.append(error(parsed.origin.file, line, col, message))

    def warn(self, parsed: Parsed, path: Path, message: str) -> None:
        line, col = parsed.positions.at(path)
        self.diags.append(warning(parsed.origin.file, line, col, message))

    def unique(self, records: Iterable[Parsed], what: str) -> dict[str, Parsed]:
        """First occurrence wins; each later one is an error naming the first."""
        seen: dict[str, Parsed] = {}
        for p in records:
            rid = p.record.id
            if rid in seen:
                first = seen[rid].origin
                self.err(
                    p,
                    ("id",),
                    f"duplicate {what} id {rid!r} (first defined at "
                    f"{first.file}:{first.line}:{first.column})",
                )
            else:
                seen[rid] = p
        return seen


def _check_bodies(c: Checker, bodies: dict[str, Parsed]) -> None:
    for bid, p in bodies.items():
        body: Body = p.record  # type: ignore[assignment]
        if body.parent is None:
            continue
        if body.parent in c.broken["bodies"]:
            continue
        if body.parent not in bodies:
            c.err(
                p,
                ("parent",),
                f"{bid}: parent body {body.parent!r} is not in the registry"
                f"{did_you_mean(body.parent, bodies)}",
            )
            continue
        chain, current = [bid], body.parent
        while current is not None and current not in chain:
            chain.append(current)
            parent_rec = bodies.get(current)
            current = parent_rec.record.parent if parent_rec else None  # type: ignore[union-attr]
        if current == bid:
            c.err(p, ("parent",), f"{bid}: body parents form a cycle: {' → '.join([*chain, bid])}")


def _check_event(
    c: Checker, p: Parsed, events: dict[str, Parsed], bodies: dict[str, Parsed]
) -> None:
    ev: Event = p.record  # type: ignore[assignment]
    seen_bodies: dict[str, int] = {}
    for i, ref in enumerate(ev.bodies):
        if ref.id in c.broken["bodies"]:
            pass  # the body's own errors are the root cause; the event stays
        elif ref.id not in bodies:
            c.err(
                p,
                ("bodies", i, "id"),
                f"{ev.id}: unknown body {ref.id!r}{did_you_mean(ref.id, bodies)}",
            )
        elif ref.id in seen_bodies:
            c.err(
                p,
                ("bodies", i, "id"),
                f"{ev.id}: body {ref.id!r} is listed twice "
                f"(items {seen_bodies[ref.id] + 1} and {i + 1})",
            )
        seen_bodies.setdefault(ref.id, i)
    for i, person in enumerate(ev.people):
        if person.body and person.body not in bodies and person.body not in c.broken["bodies"]:
            c.err(
                p,
                ("people", i, "body"),
                f"{ev.id}: unknown body {person.body!r}{did_you_mean(person.body, bodies)}",
            )
    seen_related: dict[tuple[str, str], int] = {}
    for i, rel in enumerate(ev.related):
        if rel.id == ev.id:
            c.err(p, ("related", i, "id"), f"{ev.id}: an event cannot be related to itself")
        elif (rel.id, rel.type) in seen_related:
            first = seen_related[rel.id, rel.type] + 1
            c.err(p, ("related", i, "id"), f"{ev.id}: {rel.type} link to {rel.id!r} is listed "
                  f"twice (items {first} and {i + 1})")  # fmt: skip
        elif rel.id not in events and rel.id not in c.broken["events"]:
            c.err(
                p,
                ("related", i, "id"),
                f"{ev.id}: related event {rel.id!r} does not exist{did_you_mean(rel.id, events)}",
            )
        seen_related.setdefault((rel.id, rel.type), i)
    start = ev.date.lower
    for i, src in enumerate(ev.sources):
        published = src.published
        if published is not None and start and published.upper and published.upper < start:
            c.warn(
                p,
                ("sources", i, "published"),
                f"{ev.id}: source published {published} before the event starts ({start})",
            )


def _check_part_of_cycles(c: Checker, events: dict[str, Parsed]) -> None:
    parents: dict[str, list[tuple[int, str]]] = {
        eid: [(i, r.id) for i, r in enumerate(p.record.related) if r.type == "part-of"]  # type: ignore[union-attr]
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
                    cycle = [*path[path.index(target) :], target]
                    c.err(
                        events[node],
                        ("related", i, "id"),
                        f"{node}: part-of links form a cycle: {' → '.join(cycle)}",
                    )
                elif target in parents and target not in done:
                    stack.append((target, 0))
            else:
                done.add(node)
                on_path.discard(node)
                path.pop()


def cross_check(
    events: list[Parsed],
    bodies: list[Parsed],
    diags: list[Diagnostic],
    broken: dict[str, set[str]] | None = None,
) -> tuple[list[Parsed], list[Parsed]]:
    """Report cross-record problems; return the records still valid (events, bodies).

    `broken` holds ids of records that failed their own validation: references to them
    are not reported twice.
    """
    c = Checker(diags)
    c.broken = broken or {"events": set(), "bodies": set()}
    body_index = c.unique(bodies, "body")
    _check_bodies(c, body_index)
    event_index = c.unique(events, "event")
    for p in event_index.values():
        _check_event(c, p, event_index, body_index)
    _check_part_of_cycles(c, event_index)
    good_bodies = [p for p in bodies if p.valid and id(p) not in c.bad]
    good_events = [p for p in events if p.valid and id(p) not in c.bad]
    return good_events, good_bodies
