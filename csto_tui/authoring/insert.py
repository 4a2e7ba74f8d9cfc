"""Add an event to a dataset file by inserting its text, never by a YAML round trip.

A round trip would lose the curator's comments, quoting and layout; here every byte of the
file outside the inserted block stays as it was. The YAML nodes only say where the
`events:` list ends and how its items are indented, and the result is read back before it
is written: it must hold the same data plus the new event, or nothing is written.

Only the top of the document matters, so the file is read as PyYAML's event stream into
an outline of its first levels (`_outline`), four times faster than composing every node
(seconds at 10,000 events); the read-back uses the fast parser where the loader trusts it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from csto_tui.authoring.skeleton import Skeleton, skeleton
from csto_tui.export.atomic import write_atomic, write_error_words
from csto_tui.loader.dataset import decode_text
from csto_tui.loader.fast import risky
from csto_tui.loader.positions import Positions, YamlProblem
from csto_tui.loader.yamlnodes import Builder, Loader, compose
from csto_tui.model.diagnostics import Diagnostic, error

BOM = "\ufeff"
# The line breaks YAML (PyYAML and libyaml) counts lines by, so lines match `check`'s.
_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_NULLS = ("~", "null", "Null", "NULL")


class AppendError(Exception):
    """The event was not added; the message says why in one line."""


class FileRefused(AppendError):
    """The file's content leaves no safe place for the event (invalid YAML, `events:` not a
    block list...): one `FILE:LINE:COL: error:` line, like `check`'s (exit 1)."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


class FileUnwritable(AppendError):
    """The file cannot be read or written: words about the path as given (exit 2)."""


class _Lines:
    """The text's lines as YAML counts them: starts and contents without their breaks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in _BREAK.finditer(text))]

    def __len__(self) -> int:
        return len(self.starts)

    def start(self, i: int) -> int:
        return self.starts[i] if i < len(self.starts) else len(self.text)

    def content(self, i: int) -> str:
        if i >= len(self.starts):
            return ""
        return _BREAK.sub("", self.text[self.starts[i] : self.start(i + 1)])

    def number(self, offset: int) -> int:
        """The 1-based line of a character offset."""
        return len(_BREAK.findall(self.text, 0, offset)) + 1


def _newline(text: str) -> str:
    """The file's own line ending (its first), '\\n' for a file without one."""
    found = _BREAK.search(text)
    return found.group() if found and found.group() in ("\r\n", "\r") else "\n"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _comment(line: str) -> bool:
    return line.lstrip(" ").startswith("#")


def read_source(path: str | os.PathLike[str]) -> tuple[bool, str | None]:
    """(whether the file starts with a BOM, its text), or (False, None) when it does not
    exist. FileUnwritable when it cannot be read; FileRefused when it is not UTF-8."""
    name = os.fspath(path)
    try:
        data = Path(name).read_bytes()
    except FileNotFoundError:
        return False, None
    except OSError as exc:
        if exc.errno in (errno.EISDIR, errno.ENOTDIR):
            raise FileUnwritable(f"cannot add to {name}: {write_error_words(name, exc)}") from None
        reason = (exc.strerror or str(exc)).lower()
        raise FileUnwritable(f"cannot read {name}: {reason}") from None
    try:
        return data.startswith(BOM.encode()), decode_text(data)
    except YamlProblem as p:
        raise FileRefused(error(name, p.line, p.column, p.message)) from None


@dataclass(slots=True, eq=False)
class Node:
    """A node of the outline: where it starts and ends, its style, a scalar's text, and
    its children down to the keys of each record (deeper ones are not kept)."""

    kind: str  # "map", "seq", "scalar" or "alias"
    start_mark: Any
    end_mark: Any = None
    flow_style: bool = False
    value: str = ""  # a scalar's text as written (without quotes)
    null: bool = False  # a plain scalar YAML reads as null: '', '~', 'null'...
    items: list[Node] = field(default_factory=list)  # a mapping's keys and values in turn

    def pairs(self) -> list[tuple[Node, Node]]:
        return list(zip(self.items[0::2], self.items[1::2], strict=False))

    def get(self, key: str) -> list[Node]:
        """The values of every `key` of a mapping (more than one when it is repeated)."""
        return [v for k, v in self.pairs() if k.kind == "scalar" and k.value == key]


_KEPT_DEPTH = 3  # the root's values, the events, the events' keys and values
_START = {yaml.MappingStartEvent: "map", yaml.SequenceStartEvent: "seq"}


def _outline(text: str) -> Node | None:
    """The document's first levels (None without a document); yaml.YAMLError on invalid
    YAML, ValueError on a second document."""
    root: Node | None = None
    stack: list[Node] = []
    documents = 0
    for event in yaml.parse(text, Loader=Loader):
        kind = type(event)
        if kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise ValueError("a second document")
            continue
        if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            stack.pop().end_mark = event.end_mark
            continue
        if kind in _START:
            node = Node(_START[kind], event.start_mark, flow_style=bool(event.flow_style))
        elif kind is yaml.ScalarEvent:
            null = event.tag is None and event.implicit[0] and event.value in ("", *_NULLS)
            node = Node("scalar", event.start_mark, event.end_mark, value=event.value, null=null)
        elif kind is yaml.AliasEvent:
            node = Node("alias", event.start_mark, event.end_mark)
        else:  # stream start and end, document end
            continue
        if not stack:
            root = node
        elif len(stack) <= _KEPT_DEPTH:
            stack[-1].items.append(node)
        if kind in _START:
            stack.append(node)
    return root


def outline_source(name: str, text: str) -> Node | None:
    """The outline of a file (None without a document), or FileRefused with the loader's
    own `FILE:LINE:COL: error:` line: invalid YAML is never guessed at."""
    try:
        return _outline(text)
    except (yaml.YAMLError, ValueError, RecursionError):
        pass
    try:  # the loader's reading, for its words and position
        _, second = compose(text)
    except YamlProblem as p:
        raise FileRefused(error(name, p.line, p.column, p.message)) from None
    if second is not None:
        raise FileRefused(error(name, second.line, second.column, second.message))
    raise FileRefused(error(name, 1, 1, "invalid YAML"))  # pragma: no cover - both read it


def event_ids(root: Node | None) -> list[str]:
    """The ids written in the `events:` list of an outline, valid records or not (an
    invalid record's id still counts for duplicates in `check`)."""
    if root is None or root.kind != "map":
        return []
    return [
        value.value
        for events in root.get("events")
        if events.kind == "seq"
        for item in events.items
        if item.kind == "map"
        for value in item.get("id")
        if value.kind == "scalar"
    ]


def dataset_ids(path: str | os.PathLike[str] | None = None) -> set[str]:
    """The event ids a new event's id must not repeat: those of `path` and of the other
    YAML files in its folder (the dataset it most likely belongs to); the bundled
    dataset's without a path. Files that cannot be read or parsed are passed over: `check`
    reports them."""
    if path is None:
        from csto_tui.loader.bundled import bundled_data_path

        path = bundled_data_path()
    target = Path(path)
    files = [target]
    with contextlib.suppress(OSError):  # an unreadable folder: the file alone
        files += sorted(
            p
            for p in target.parent.iterdir()
            if p.suffix in (".yaml", ".yml") and not p.name.startswith(".") and p != target
        )
    ids: set[str] = set()
    for file in files:
        try:
            _, text = read_source(file)
            if text is None:
                continue
            quick = _quick_ids(text)
            ids.update(quick if quick is not None else event_ids(outline_source(str(file), text)))
        except (AppendError, OSError):
            continue
    return ids


def _quick_ids(text: str) -> list[str] | None:
    """The events' ids by the fast parser (yaml-rs), or None when it cannot say."""
    try:
        import yaml_rs

        data = yaml_rs.loads(text, parse_datetime=False)
        if data is None:
            return []
        return [str(e["id"]) for e in data.get("events") or () if isinstance(e, dict) and "id" in e]
    except Exception:  # any complaint: the outline reads it (or says why not)
        return None


def _refuse(name: str, node: Any, message: str) -> FileRefused:
    mark = node.start_mark if node is not None else None
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return FileRefused(error(name, line, col, message))


def _new_section(text: str, column: int, skeleton: Skeleton) -> tuple[str, int]:
    """An `events:` key with the item, at the end of the file (one blank line after what
    is there, the file's line ending; a missing final newline is added first)."""
    nl = _newline(text)
    head = text
    if head and not _BREAK.search(head[-1:]):
        head += nl
    ends = _Lines(head)
    if len(ends) > 1 and ends.content(len(ends) - 2).strip():
        head += nl  # set apart from what comes before
    block = " " * column + "events:" + nl + skeleton.item(column + 2, column + 4, nl)
    return head + block, len(_BREAK.findall(head)) + 2


def _fill_empty(text: str, key: Any, value: Any, skeleton: Skeleton) -> tuple[str, int]:
    """`events:`, `events: ~` or `events: []`: the value (when written) taken off the key's
    line, the item put on the lines after it, indented two more than the key."""
    lines, nl = _Lines(text), _newline(text)
    row = key.start_mark.line
    line = lines.content(row)
    if not (value.null and value.value == ""):  # written: `~`, `[]`...
        start, end = value.start_mark, value.end_mark
        if start.line != row or end.line != row:
            raise ValueError("the value is not on the key's line")
        written = line[start.column : end.column]
        if not (written in _NULLS or re.fullmatch(r"\[\s*\]", written)):
            raise ValueError(f"unexpected value text {written!r}")
        rest = line[end.column :]
        line = line[: start.column].rstrip(" ") + (rest if rest.strip() else "")
    after = lines.start(row + 1)
    tail = text[lines.start(row) + len(lines.content(row)) : after] or nl
    head = text[: lines.start(row)] + line + tail
    column = key.start_mark.column
    return head + skeleton.item(column + 2, column + 4, nl) + text[after:], row + 2


def _after_items(text: str, items: Any, skeleton: Skeleton) -> tuple[str, int]:
    """After the last item of a block list: past its own deeper-indented comments, before
    blank lines, comments at the list's own indentation and whatever key follows; indented
    as the items are, with a blank line before it when the last item has one."""
    lines, nl = _Lines(text), _newline(text)
    dash = items.start_mark.column
    keys = dash + 2
    for item in items.items:
        if item.kind == "map" and not item.flow_style:
            if item.start_mark.column > dash:
                keys = item.start_mark.column
            break
    last = items.items[-1]
    row, col = last.end_mark.line, last.end_mark.column
    # The end mark is on the item's last line, or at the start of a later one (a block
    # scalar takes the line breaks after it): back over blank lines and shallow comments,
    # which no value of the item can hold.
    base = row + 1 if col > 0 and lines.content(row)[:col].strip() else row
    first = last.start_mark.line
    while base - 1 > first and (
        not lines.content(base - 1).strip()
        or (_comment(lines.content(base - 1)) and _indent(lines.content(base - 1)) <= dash)
    ):
        base -= 1
    while (
        base < len(lines) and _comment(lines.content(base)) and _indent(lines.content(base)) > dash
    ):
        base += 1  # the last item's own comments
    offset = lines.start(base)
    head = text[:offset]
    if offset == len(text) and text and not _BREAK.search(text[-1:]):
        head += nl
    if first > 0 and not lines.content(first - 1).strip():
        head += nl  # the items are set apart by blank lines
    block = skeleton.item(dash, max(keys, dash + 2), nl)
    return head + block + text[offset:], len(_BREAK.findall(head)) + 1


def _insertion(name: str, text: str, root: Node | None, skeleton: Skeleton) -> tuple[str, int]:
    """The new text and the 1-based line where the item starts; FileRefused when the
    file's shape leaves no place that is certain."""
    if root is None:  # empty, or only comments
        return _new_section(text, 0, skeleton)
    if root.kind != "map" or root.flow_style:
        raise _refuse(name, root, "the top level must be a block mapping with 'events:'")
    found = [(k, v) for k, v in root.pairs() if k.kind == "scalar" and k.value == "events"]
    if len(found) > 1:
        raise _refuse(name, found[1][0], "duplicate key 'events': fix it before adding one")
    if not found:
        return _new_section(text, root.start_mark.column, skeleton)
    key, value = found[0]
    try:
        if value.kind == "seq" and value.items and not value.flow_style:
            return _after_items(text, value, skeleton)
        if (value.kind == "seq" and not value.items) or value.null:
            return _fill_empty(text, key, value, skeleton)
    except ValueError:
        pass
    raise _refuse(name, value, "'events' must be a block list ('- id: ...' lines) to add to")


_NOT_READ = object()


def _read_back(text: str) -> Any:
    """The text's data, by the fast parser where the loader trusts it, else by the loader's
    own nodes (`risky`: tags, anchors, odd characters...); {} for no document."""
    data: Any = _NOT_READ
    if not risky(text, text.encode("utf-8")):
        import yaml_rs

        with contextlib.suppress(Exception):  # e.g. a repeated key: the loader's nodes then
            data = yaml_rs.loads(text, parse_datetime=False)
    if data is _NOT_READ:
        root, second = compose(text)
        if second is not None:
            raise ValueError("a second document")
        data = Builder(budget=100_000 + len(text)).build(root, Positions()) if root else None
    return {} if data is None else data


def _verify(name: str, root: Node | None, text: str, new_text: str, line: int,
            sk: Skeleton) -> None:  # fmt: skip
    """The new text must read as the old data plus the event, whose item starts at `line`."""
    try:
        before, after = _read_back(text), _read_back(new_text)
        added = _read_back("events:\n" + sk.text)["events"][0]
        expected = {**before, "events": [*(before.get("events") or []), added]}
        first = _Lines(new_text).content(line - 1).lstrip(" ")
        good = after == expected and first.startswith("-") and f"id: {sk.id}" in first
    except Exception:  # whatever the reason, the result is not the certain one
        good = False
    if not good:
        raise _refuse(name, root, "cannot find where to add the event without changing the "
                      "rest of the file; add it by hand (`csto-tui new` prints it)")  # fmt: skip


def _identity(name: str) -> tuple[int, int, int, int] | None:
    """What tells one version of a file from the next without reading it."""
    try:
        st = os.stat(name)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _writable(name: str) -> None:
    """Refuse a read-only file: the atomic write replaces the file through its folder, so
    it would not be stopped by the file's own permission bits."""
    try:
        mode = os.stat(name).st_mode
    except OSError:
        return
    if not mode & 0o222 or not os.access(name, os.W_OK):
        raise FileUnwritable(f"cannot write {name}: the file is read-only")


def append_event(path: str | os.PathLike[str], skeleton: Skeleton) -> int:
    """Add the skeleton at the end of the file's `events:` list, atomically; returns the
    1-based line where its item starts (for an editor's `+LINE`).

    The file keeps every byte outside the inserted block; a file that does not exist is
    created with an `events:` list, one without `events:` (or with `events: []`) gets one.
    FileRefused (invalid YAML, a shape with no certain place, the id already in the file)
    or FileUnwritable (cannot read or write, in words about `path`): nothing is written.
    """
    name = os.fspath(path)
    before = _identity(name)
    bom, text = read_source(name)
    if text is not None:
        _writable(name)
    source = text or ""
    root = outline_source(name, source)
    if skeleton.id in event_ids(root):
        raise FileRefused(error(name, 1, 1, f"event id {skeleton.id!r} is already in the file"))
    new_text, line = _insertion(name, source, root, skeleton)
    _verify(name, root, source, new_text, line, skeleton)
    if _identity(name) != before:  # saved by someone else meanwhile: theirs must not go
        raise FileRefused(error(name, 0, 0, "the file changed while the event was being "
                                "added; nothing was written, try again"))  # fmt: skip
    try:
        write_atomic(name, (BOM if bom else "") + new_text)
    except OSError as exc:
        raise FileUnwritable(f"cannot write {name}: {write_error_words(name, exc)}") from None
    return line


def add_event(
    path: str | os.PathLike[str],
    date: str | None = None,
    title: str | None = None,
    kind: str | None = None,
) -> tuple[Skeleton, int]:
    """What `csto-tui new --file` does: the values checked before any file is read, an id
    unique in the file's folder (`dataset_ids`), then `append_event`. Returns the skeleton
    added and the 1-based line where it starts; raises as those do."""
    skeleton(date, title, kind)
    made = skeleton(date, title, kind, dataset_ids(path))
    return made, append_event(path, made)
