"""Load a dataset (files or directories of YAML) into validated records with diagnostics.

All problems of all files are collected in one pass; a record with an error is left out of
`Dataset.events`, so a browser can still show the valid ones beside a banner.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel, ValidationError

from csto_tui.loader.checks import cross_check
from csto_tui.loader.errors import explain_all
from csto_tui.loader.parsed import Parsed
from csto_tui.loader.yamlnodes import Builder, Positions, YamlProblem, compose, unsafe_tag
from csto_tui.model.dataset import Dataset, Origin
from csto_tui.model.diagnostics import Diagnostic, error
from csto_tui.model.records import Body, Event
from csto_tui.model.registry import BodyRegistry
from csto_tui.model.text import plural, scrub

MAX_FILE_BYTES = 256 * 1024 * 1024
PROGRESS_EVERY = 2000  # records between progress reports

Progress = Callable[[str], None]
"""Called with a short status line ('events.yaml: 4,000 of 100,000 records') while loading."""
TOP_KEYS = ("bodies", "events")


def find_files(paths: Iterable[str | os.PathLike[str]], diags: list[Diagnostic]) -> list[FsPath]:
    """Files as given, and *.yaml / *.yml found recursively (sorted) in directories."""
    found: list[FsPath] = []
    for raw in paths:
        path = FsPath(raw)
        if path.is_dir():
            inside = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in (".yaml", ".yml")
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not inside:
                diags.append(error(str(path), 0, 0, "no .yaml or .yml files in this directory"))
            found.extend(inside)
        elif path.exists():
            found.append(path)
        else:
            diags.append(error(str(path), 0, 0, "no such file or directory"))
    return list(dict.fromkeys(found))


def read_text(path: FsPath) -> str:
    """UTF-8 text (a BOM is allowed); YamlProblem naming the first bad byte otherwise."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise YamlProblem(0, 0, f"file larger than {MAX_FILE_BYTES // 2**20} MiB: refused")
        data = path.read_bytes()
    except OSError as exc:
        raise YamlProblem(0, 0, f"cannot read: {exc.strerror or exc}") from None
    data = data.removeprefix(b"\xef\xbb\xbf")  # not "utf-8-sig": its error offsets skip the BOM
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        # Columns count characters, as YAML positions do (the prefix is valid UTF-8).
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        raise YamlProblem(line, column, f"not UTF-8 text (byte 0x{data[exc.start]:02x})") from None


class FileReader:
    """Reads one file's records, reporting into a shared diagnostics list."""

    def __init__(
        self, path: FsPath, diags: list[Diagnostic], progress: Progress | None = None
    ) -> None:
        self.progress = progress
        self.name = str(path)
        self.path = path
        self.diags = diags
        self.events: list[Parsed] = []
        self.bodies: list[Parsed] = []

    def err(self, line: int, column: int, message: str) -> None:
        self.diags.append(error(self.name, line, column, message))

    def read(self) -> None:
        try:
            text = read_text(self.path)
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
            for key, model, into in (("bodies", Body, self.bodies), ("events", Event, self.events)):
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
        self, node: Any, key: str, model: type[BaseModel], into: list[Parsed], builder: Builder
    ) -> None:
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        if node.tag == "tag:yaml.org,2002:null":
            return
        if node.tag != "tag:yaml.org,2002:seq":
            self.err(line, col, f"'{key}' must be a list of records")
            return
        total = len(node.value)
        for n, item in enumerate(node.value):
            if self.progress and n % PROGRESS_EVERY == 0 and total > PROGRESS_EVERY:
                self.progress(f"{self.path.name}: {n:,} of {total:,} {key}")
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
                record = model.model_validate(data)
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


def load_dataset(
    paths: Sequence[str | os.PathLike[str]], progress: Progress | None = None
) -> Dataset:
    """Read, validate and cross-check every file; never raises for bad data.

    `progress` hears about each file and every few thousand records, for a browser's
    loading line; it is called from the loading thread.
    """
    diags: list[Diagnostic] = []
    files = find_files(paths, diags)
    readers = [FileReader(p, diags, progress) for p in files]
    for i, reader in enumerate(readers, 1):
        if progress:
            progress(f"reading {reader.path.name} ({i} of {plural(len(readers), 'file')})")
        reader.read()
    if progress:
        progress("checking references")
    events = [p for r in readers for p in r.events]
    bodies = [p for r in readers for p in r.bodies]
    dataset = Dataset(files=[str(f) for f in files])
    good_events, good_bodies = cross_check(events, bodies, diags)
    dataset.registry = BodyRegistry.build(p.record for p in good_bodies)  # type: ignore[misc]
    # Earliest start first, then earliest end, then id (the date's text plays no part).
    ordered = sorted(good_events, key=lambda p: (*p.record.date.sort_key[:2], p.record.id))
    dataset.events = [p.record for p in ordered]  # type: ignore[misc]
    dataset.origins = {p.record.id: p.origin for p in ordered}
    dataset.diagnostics = sorted(diags, key=lambda d: d.sort_key)
    return dataset
