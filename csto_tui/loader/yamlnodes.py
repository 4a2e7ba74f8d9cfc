"""Safe YAML → plain data with the position of every node.

We compose nodes ourselves instead of calling `safe_load` because PyYAML keeps the last of
duplicate keys, turns `NO`/`yes` into booleans and forgets where each value stood. Scalars
stay as their raw text (or None for null): the record models decide what a value means.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from csto_tui.loader.positions import Path, Pos, Positions, YamlProblem

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_STD = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "timestamp")}
_MAX_DEPTH = 64


def _tag(node: yaml.Node) -> str:
    """'tag:yaml.org,2002:python/object' → '!!python/object', as the author wrote it."""
    return node.tag.replace(_STD, "!!", 1) if node.tag.startswith(_STD) else node.tag


def unsafe_tag(node: yaml.Node) -> str | None:
    """The tag as written when it is not one we build (e.g. '!!python/object'), else None."""
    if node.tag in _PLAIN_TAGS or node.tag in (_STD + "null", _STD + "seq", _STD + "map"):
        return None
    return _tag(node)


def _pos(node: yaml.Node) -> Pos:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _offset_pos(text: str, offset: int) -> Pos:
    """1-based (line, column) of a character offset."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def compose(text: str) -> tuple[yaml.Node | None, YamlProblem | None]:
    """The first document's root node (None when there is none), and a problem when the
    text holds a second document: that one is reported, the first is still checked."""
    loader = None
    try:
        loader = Loader(text)  # PyYAML's pure reader refuses control characters right here
        if not loader.check_node():
            return None, None
        root = loader.get_node()
        extra = None
        if not loader.check_event(yaml.StreamEndEvent):
            mark = loader.peek_event().start_mark
            extra = YamlProblem(
                mark.line + 1,
                mark.column + 1,
                "a second YAML document: one file holds one document",
            )
        return root, extra
    except yaml.reader.ReaderError as exc:
        # A control character. libyaml gives a byte offset and PyYAML a character one, so find
        # the character itself: its first occurrence is the one refused.
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        at = text.find(chr(code))
        line, col = _offset_pos(text, at) if at >= 0 else (0, 0)
        message = f"character U+{code:04X} is not allowed in YAML text"
        raise YamlProblem(line, col, message) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlProblem(line, col, f"YAML syntax: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(0, 0, f"YAML: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise YamlProblem(0, 0, "YAML nesting is too deep") from None
    finally:
        if loader is not None:
            loader.dispose()


@dataclass
class Builder:
    """Turns nodes into dicts/lists/str/None with positions, refusing what is unsafe.

    `budget` caps the nodes built, so alias bombs ('billion laughs') stop early.
    """

    budget: int
    problems: list[YamlProblem] = field(default_factory=list)
    _active: set[int] = field(default_factory=set)

    def build(self, node: yaml.Node, positions: Positions, path: Path = ()) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise YamlProblem(*_pos(node), "the document expands too much (aliases): refused")
        if len(path) > _MAX_DEPTH:
            raise YamlProblem(*_pos(node), f"nesting deeper than {_MAX_DEPTH} levels")
        positions.values[path] = _pos(node)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STD + "null":
                return None
            if node.tag not in _PLAIN_TAGS:
                raise YamlProblem(*_pos(node), f"tag {_tag(node)!r} is not allowed")
            return node.value
        if id(node) in self._active:
            raise YamlProblem(*_pos(node), "an alias refers to itself (recursive data)")
        self._active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                if node.tag != _STD + "seq":
                    raise YamlProblem(*_pos(node), f"tag {_tag(node)!r} is not allowed")
                return [self.build(n, positions, (*path, i)) for i, n in enumerate(node.value)]
            if node.tag != _STD + "map":
                raise YamlProblem(*_pos(node), f"tag {_tag(node)!r} is not allowed")
            return self._mapping(node, positions, path)
        finally:
            self._active.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, positions: Positions, path: Path) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _STD + "merge":
                raise YamlProblem(*_pos(key_node), "mapping keys must be plain names")
            key = key_node.value
            if key in out:
                first = positions.keys[(*path, key)]
                self.problems.append(
                    YamlProblem(
                        *_pos(key_node),
                        f"duplicate key {key!r} (first at line {first[0]}, column {first[1]})",
                    )
                )
                continue
            positions.keys[(*path, key)] = _pos(key_node)
            out[key] = self.build(value_node, positions, (*path, key))
        return out
