"""The reference loader: YAML nodes → records, with the position of every value.

Slower than the fast path (`loader.fast`) but it reads every file, valid or not, and says
where each problem is (FILE:LINE:COL); records that fail still take part in the checks
across records through their raw data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from csto_tui.loader.errors import explain_all
from csto_tui.loader.parsed import Parsed
from csto_tui.loader.yamlnodes import Builder, Positions, YamlProblem, compose, unsafe_tag
from csto_tui.model.dataset import Origin
from csto_tui.model.diagnostics import Diagnostic, error
from csto_tui.model.schema import BodyIn, EventIn, RecordIn, to_record
from csto_tui.model.text import scrub

PROGRESS_EVERY = 2000  # records between progress reports
TOP_KEYS = ("bodies", "events")

RecordProgress = Callable[[int, int, str], None]
"""Called with (records done, records in the section, 'events' or 'bodies') every few
thousand records."""


class FileReader:
    """Reads one file's records, reporting into a shared diagnostics list."""

    def __init__(
        self, name: str, diags: list[Diagnostic], progress: RecordProgress | None = None
    ) -> None:
        self.progress = progress
        self.name = name
        self.diags = diags
        self.events: list[Parsed] = []
        self.bodies: list[Parsed] = []

    def err(self, line: int, column: int, message: str) -> None:
        self.diags.append(error(self.name, line, column, message))

    def read(self, text: str) -> None:
        try:
            root, second = compose(text)
        except YamlProblem as p:
            self.err(p.line, p.column, p.message)
            return
        if second:
            self.err(second.line, second.column, second.message)
        if root is None:
            self.err(1, 1, "empty file: expected a mapping with an 'events:' list")
            return
        # Enough for any real file (a node needs at least two characters), small enough
        # that an alias bomb is refused within a fraction of a second.
        builder = Builder(budget=100_000 + len(text))
        top = Positions()
        try:
            if not hasattr(root, "value") or root.tag != "tag:yaml.org,2002:map":
                kind = {"tag:yaml.org,2002:seq": "a list"}.get(root.tag, "a single value")
                line, col = root.start_mark.line + 1, root.start_mark.column + 1
                tag = unsafe_tag(root)
                if tag:  # e.g. a whole file tagged !!python/object/apply: say so, never build it
                    self.err(line, col, f"tag {tag!r} is not allowed")
                else:
                    self.err(line, col, f"top level must be a mapping with 'events:', found {kind}")
                return
            sections = self._sections(root, top)
            for key, model, into in (
                ("bodies", BodyIn, self.bodies),
                ("events", EventIn, self.events),
            ):
                node = sections.get(key)
                if node is not None:
                    self._records(node, key, model, into, builder)
        except YamlProblem as p:  # the alias budget ran out: stop this file
            self.err(p.line, p.column, p.message)
        for p in builder.problems:
            self.err(p.line, p.column, p.message)

    def _sections(self, root: Any, top: Positions) -> dict[str, Any]:
        sections: dict[str, Any] = {}
        for key_node, value_node in root.value:
            key = getattr(key_node, "value", None)
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key, str):  # `? [a]`: a list or mapping as a key
                self.err(line, col, "mapping keys must be plain names")
            elif key not in TOP_KEYS:
                self.err(line, col, f"unknown top-level key {key!r}: expected 'bodies' or 'events'")
            elif key in sections:
                self.err(line, col, f"duplicate key {key!r}")
            else:
                sections[key] = value_node
        if not root.value:
            self.err(1, 1, "expected 'events:' (and optionally 'bodies:') at the top level")
        return sections

    def _records(
        self, node: Any, key: str, model: type[RecordIn], into: list[Parsed], builder: Builder
    ) -> None:
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        if node.tag == "tag:yaml.org,2002:null":
            return
        if node.tag != "tag:yaml.org,2002:seq":
            self.err(line, col, f"'{key}' must be a list of records")
            return
        total = len(node.value)
        for n, item in enumerate(node.value):
            if self.progress and n % PROGRESS_EVERY == 0 and n:
                self.progress(n, total, key)
            positions = Positions()
            before = len(builder.problems)
            try:
                data = builder.build(item, positions)
            except YamlProblem as p:
                if builder.budget < 0:
                    raise
                self.err(p.line, p.column, p.message)
                continue
            origin = Origin(self.name, *positions.at(()))
            if not isinstance(data, dict):
                self.err(origin.line, origin.column, f"each of '{key}' must be a mapping")
                continue
            try:
                record = to_record(model.model_validate(data))
            except ValidationError as exc:
                label = _label(data)
                for path, at_key, message in explain_all(exc, model):
                    self.err(*positions.at(path, key=at_key), f"{label}{message}")
                # Left out, but its id and well-formed references are still checked.
                into.append(Parsed(None, origin, positions, valid=False, data=data))
                continue
            # A duplicate key makes the record invalid, but its references are still checked.
            into.append(Parsed(record, origin, positions, len(builder.problems) == before))


def _label(data: dict[str, Any]) -> str:
    """'event x: ' prefix so a message names its record even in a long list."""
    rid = data.get("id")
    return f"{scrub(rid)}: " if isinstance(rid, str) and rid else ""
