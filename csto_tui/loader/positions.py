"""Where values stood in a file, and the problem that stops reading one: no YAML here, so
what only reads records from the cache never imports a YAML library."""

from __future__ import annotations

from dataclasses import dataclass, field

Path = tuple[str | int, ...]
Pos = tuple[int, int]  # 1-based line, column


class YamlProblem(Exception):
    """A problem that stops reading one file, at a position."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


@dataclass
class Positions:
    """Where each value (and each mapping key) of one record stood, by path."""

    values: dict[Path, Pos] = field(default_factory=dict)
    keys: dict[Path, Pos] = field(default_factory=dict)

    def at(self, path: Path, *, key: bool = False) -> Pos:
        """The nearest known position: the node itself, else its closest ancestor."""
        if key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (0, 0))
