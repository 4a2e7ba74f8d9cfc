"""The body registry as a tree: lookups by id, abbreviation, alias or name in any script
('ОДКБ', 'odkb', 'CSTO'); subtrees for filters."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from csto_tui.model.folding import fold
from csto_tui.model.records import Body
from csto_tui.model.scripts import script_fold


@dataclass
class BodyRegistry:
    """Bodies keyed by id, with children lists in file order (roots first)."""

    bodies: dict[str, Body] = field(default_factory=dict)
    children: dict[str | None, list[str]] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict)  # folded name → id
    _keys: dict[str, str] = field(default_factory=dict)  # script key → id: 'odkb' is ОДКБ

    @classmethod
    def build(cls, bodies: Iterable[Body]) -> BodyRegistry:
        reg = cls()
        for body in bodies:
            reg.bodies.setdefault(body.id, body)
        for body in reg.bodies.values():
            parent = body.parent if body.parent in reg.bodies else None
            reg.children.setdefault(parent, []).append(body.id)
            for name in body.all_names:
                reg._names.setdefault(fold(name), body.id)
                reg._keys.setdefault(script_fold(name), body.id)
        return reg

    def __contains__(self, body_id: object) -> bool:
        return body_id in self.bodies

    def __len__(self) -> int:
        return len(self.bodies)

    def get(self, body_id: str) -> Body | None:
        return self.bodies.get(body_id)

    def name(self, body_id: str) -> str:
        body = self.bodies.get(body_id)
        return body.name if body else body_id

    def resolve(self, text: str) -> str | None:
        """An id from an id, abbreviation, alias or name in any language, case, accent
        and script insensitive (`scripts.script_fold`: 'ОДКБ' and 'ODKB' alike)."""
        if text in self.bodies:
            return text
        text = text.strip()  # a name as written first, then as loosely as a search reads it
        return self._names.get(fold(text)) or self._keys.get(script_fold(text))

    def all_names(self) -> list[str]:
        """Every name of every body, as written: what an unknown `--body` is compared to."""
        return [name for body in self.bodies.values() for name in body.all_names]

    def descendants(self, body_id: str) -> set[str]:
        """The body and every body below it: selecting CSTO includes its Secretariat."""
        out = {body_id}
        stack = [body_id]
        while stack:
            for child in self.children.get(stack.pop(), ()):
                if child not in out:
                    out.add(child)
                    stack.append(child)
        return out

    def ancestors(self, body_id: str) -> list[str]:
        """Parents upward, stopping at a cycle (which the loader reports)."""
        chain: list[str] = []
        body = self.bodies.get(body_id)
        while body and body.parent and body.parent not in chain and body.parent != body_id:
            chain.append(body.parent)
            body = self.bodies.get(body.parent)
        return chain

    def walk(self) -> Iterator[tuple[int, Body]]:
        """Depth-first (depth, body) in file order: the sidebar's indented tree."""

        def visit(parent: str | None, depth: int) -> Iterator[tuple[int, Body]]:
            for child in self.children.get(parent, ()):
                yield depth, self.bodies[child]
                yield from visit(child, depth + 1)

        yield from visit(None, 0)
