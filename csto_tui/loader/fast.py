"""The fast path: a valid file read by yaml-rs (Rust), without positions.

The positional loader (`loader.positional`) is the reference: it keeps every scalar as the
text written and knows where each stood, at the price of composing PyYAML nodes in
Python. Most files are valid and never show a position, so they are first tried here, and
this path gives up (returns None) the moment anything could read differently: the caller
then reads the file positionally, which reports every problem at FILE:LINE:COL.

What makes the two agree (the differential tests hold both to it):
- before parsing, text that yaml-rs might read unlike libyaml sends the file to the
  reference: tags, anchors and aliases, complex keys, directives, tabs, control and
  line-separator characters;
- records are validated in pydantic's strict mode, so a boolean or number where the
  schema wants text is refused instead of converted;
- the only numbers accepted are figure values and year-only dates, and each is checked
  against the text it was read from (`_Tokens`): `value: 0o17`, `1_000`, `015` or
  `date: 02018` mean something else to each parser, so they go to the reference;
- each record's origin (the line and column of its first key, as the reference gives it)
  is found by scanning the section's list items, verified against the record's first key.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from csto_tui.model.dataset import Origin
from csto_tui.model.records import Body, Event

_PRINTABLE_ASCII = b"\n\r" + bytes(range(0x20, 0x7F))
_HIGH = bytes(range(0x80, 0x100))
# U+FEFF (inside the text), U+FFFE, U+FFFF, U+2028, U+2029 in UTF-8; C1 controls are
# U+0080..U+009F, i.e. 0xC2 followed by 0x80..0x9F.
_ODD_SEQUENCES = (
    b"\xef\xbb\xbf",
    b"\xef\xbf\xbe",
    b"\xef\xbf\xbf",
    b"\xe2\x80\xa8",
    b"\xe2\x80\xa9",
)
_NODE_MARKS = "!&*?"  # a tag, an anchor, an alias, a complex key: when they start a node
_BEFORE_NODE = frozenset(" \t\r\n[{,")
_AFTER_MARK = frozenset(" \t\r\n,[]{}")
_SECTION = re.compile(r"^(bodies|events)[ \t]*:[ \t]*(?:#[^\r\n]*)?\r?$", re.M)
_ITEM = re.compile(r"^( *)-(?: +|\r?$)", re.M)
_FIRST_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+|$)(.*)")
_NUMBER_KEYS = {
    key: re.compile(key + r"[ \t]*:\s*([^\s,\]}#]*)") for key in ("value", "date", "published")
}
_DECIMAL = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_YEAR = re.compile(r"[0-9]{4}")

PROGRESS_EVERY = 2000  # records between progress reports, as the positional loader
Validate = Callable[[dict[str, Any]], Any]


@dataclass(slots=True)
class FastFile:
    """A file that read the same on both paths: its records with their origins."""

    events: list[tuple[Event, Origin]]
    bodies: list[tuple[Body, Origin]]


class _GiveUp(Exception):
    """This file must be read by the reference loader."""


@functools.cache
def _parse_thread() -> ThreadPoolExecutor:
    """The one thread that calls yaml-rs, for the life of the process. yaml-rs 0.1.6 crashes
    (SIGSEGV inside its converter) in a process where parses ran in threads that have since
    ended (Textual's workers: one thread each) and another parse starts; parsing always on
    the same thread, which never ends, does not (docs/performance.md)."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="yaml-rs")


def read_fast(
    name: str,
    text: str,
    validate_event: Validate,
    validate_body: Validate,
    progress: Callable[[int, int, str], None] | None = None,
) -> FastFile | None:
    """The file's records when it is valid and reads the same on both paths, else None.

    Only for text that `risky` passed (the caller checks, so it can drop the file's bytes
    before the parse: at 100,000 events they are 100 MB of the peak).
    `validate_*` turn a raw mapping into a record in strict mode, raising on any problem;
    `progress(done, total, section)` hears about every few thousand records.
    """
    try:
        import yaml_rs
    except ImportError:  # pragma: no cover - a dependency; without it, the positional path
        return None
    try:
        doc = _parse_thread().submit(yaml_rs.loads, text, parse_datetime=False).result()
    except Exception:  # any complaint at all: the reference words it with a position
        return None
    if not isinstance(doc, dict) or not doc or not set(doc) <= {"bodies", "events"}:
        return None
    try:
        raw_events = _section(doc, "events")
        raw_bodies = _section(doc, "bodies")
        del doc
        # What reads the raw data runs first: validation then lets each mapping go as soon
        # as its record is made (the raw tree of 100,000 events is a gigabyte).
        _Tokens(text).check(raw_events)
        spans = _sections(text)
        body_origins = _origins(name, text, spans, "bodies", raw_bodies)
        event_origins = _origins(name, text, spans, "events", raw_events)
    except (_GiveUp, ValueError, TypeError, AttributeError, KeyError, IndexError):
        return None  # a shape the scans do not expect: the reference judges it
    # Outside any catch-all: an exception from `progress` (a browser quitting) must stop the
    # load, not send the file to the slower reader.
    bodies = _validate(raw_bodies, validate_body, progress, "bodies")
    events = None if bodies is None else _validate(raw_events, validate_event, progress, "events")
    if bodies is None or events is None:
        return None
    return FastFile(list(zip(events, event_origins, strict=True)),
                    list(zip(bodies, body_origins, strict=True)))  # fmt: skip


def risky(text: str, data: bytes) -> bool:
    """Whether the text holds anything the two parsers might read differently.

    `data` is the file's bytes (`text` decoded). Scans run at memory speed
    (bytes.translate, str.find); only the few marks found are looked at in Python."""
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    rest = body.translate(None, _PRINTABLE_ASCII)  # controls, tabs and non-ASCII bytes
    if rest.translate(None, _HIGH):
        return True  # a C0 control character, DEL or a tab
    if rest and (any(seq in body for seq in _ODD_SEQUENCES) or _c1_control(body)):
        return True
    if text.startswith("%") or "\n%" in text:
        return True  # a directive (%YAML 1.1 changes what scalars mean)
    for mark in _NODE_MARKS:
        at = text.find(mark)
        while at >= 0:
            before = text[at - 1] if at else "\n"
            after = text[at + 1 : at + 2] or "\n"
            if before in _BEFORE_NODE and ((after in _AFTER_MARK) == (mark == "?")):
                return True
            at = text.find(mark, at + 1)
    return False


def _c1_control(body: bytes) -> bool:
    at = body.find(b"\xc2")
    while at >= 0:
        if at + 1 < len(body) and 0x80 <= body[at + 1] <= 0x9F:
            return True
        at = body.find(b"\xc2", at + 1)
    return False


def _section(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise _GiveUp
    return value


def _validate(
    raw: list[dict[str, Any]],
    validate: Validate,
    progress: Callable[[int, int, str], None] | None,
    section: str,
) -> list[Any] | None:
    """The records, or None at the first that does not validate."""
    out = []
    for i, item in enumerate(raw):
        if progress and i % PROGRESS_EVERY == 0 and i:
            progress(i, len(raw), section)
        try:
            out.append(validate(item))
        except Exception:  # pydantic's, msgspec's, or a validator's own: the reference words it
            return None
        raw[i] = None  # type: ignore[call-overload]
    return out


class _Tokens:
    """The text after each `value:`, `date:` and `published:` key, in file order."""

    def __init__(self, text: str) -> None:
        self.found: dict[str, list[str]] = {}
        for key, pattern in _NUMBER_KEYS.items():
            found = self.found[key] = []
            for m in pattern.finditer(text):  # a literal first: fast; then its context
                at = m.start()
                if at == 0 or text[at - 1] in _BEFORE_NODE:
                    found.append(m.group(1))

    def check(self, events: list[dict[str, Any]]) -> None:
        """Each value read must be the one written: numbers as plain decimals, dates as
        text or a plain four-digit year. Each key keeps its own order in the text, so the
        values pair up with its tokens; a count that differs sends the file on."""
        figures = [f.get("value") for e in events for f in e.get("figures", ())]
        dates = [e.get("date") for e in events]
        published = [
            s["published"] for e in events for s in e.get("sources", ()) if "published" in s
        ]
        if [len(figures), len(dates), len(published)] != [len(v) for v in self.found.values()]:
            raise _GiveUp
        for value, token in zip(figures, self.found["value"], strict=True):
            if not (_DECIMAL.fullmatch(token) and float(token) == value):
                raise _GiveUp
        for value, token in zip(
            [*dates, *published], self.found["date"] + self.found["published"], strict=True
        ):
            if isinstance(value, str):
                if token[:1] not in ("'", '"') and token != value:
                    raise _GiveUp  # e.g. a plain date folded over two lines
            elif not (type(value) is int and _YEAR.fullmatch(token) and int(token) == value):
                raise _GiveUp


def _sections(text: str) -> dict[str, int]:
    """Where each top-level section's list begins (`events:` alone on its line)."""
    spans: dict[str, int] = {}
    for m in _SECTION.finditer(text):
        if m.group(1) in spans:
            raise _GiveUp  # a second `events:` at column 0: inside a scalar, not a key
        spans[m.group(1)] = m.end()
    return spans


def _origins(
    name: str, text: str, spans: dict[str, int], key: str, raw: list[dict[str, Any]]
) -> list[Origin]:
    """Where each record of a section starts, from its list items, each verified."""
    if not raw:
        return []
    start = spans.get(key)
    if start is None:
        raise _GiveUp
    ends = [end for end in spans.values() if end > start]
    end = min(ends) if ends else len(text)
    first = _ITEM.search(text, start, end)
    if first is None:
        raise _GiveUp
    indent = first.group(1)
    item = re.compile(rf"^{indent}-(?: +|\r?$)", re.M)
    origins: list[Origin] = []
    line = text.count("\n", 0, first.start()) + 1
    last = first.start()
    for n, m in enumerate(item.finditer(text, first.start(), end)):
        if n >= len(raw):
            raise _GiveUp
        line += text.count("\n", last, m.start())
        last = m.start()
        origins.append(_origin(name, text, m.end(), line, raw[n]))
    if len(origins) != len(raw):
        raise _GiveUp
    return origins


def _origin(name: str, text: str, at: int, line: int, record: dict[str, Any]) -> Origin:
    """The first key after `- ` (or on the next line), which must be one of the record's."""
    eol = text.find("\n", at)
    rest = text[at : eol if eol >= 0 else len(text)].rstrip("\r")
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    if not rest.strip():  # `-` alone: the mapping starts on the next line with text
        while True:
            if eol < 0:
                raise _GiveUp
            line += 1
            at = eol + 1
            eol = text.find("\n", at)
            rest = text[at : eol if eol >= 0 else len(text)].rstrip("\r")
            if rest.strip() and not rest.lstrip().startswith("#"):
                break
        column = len(rest) - len(rest.lstrip(" ")) + 1
        rest = rest.lstrip(" ")
    flow = rest.startswith("{")  # `- {id: x, ...}`: the mapping starts at its brace
    m = _FIRST_KEY.match(rest[1:].lstrip(" ") if flow else rest)
    if m is None or m.group(1) not in record:
        raise _GiveUp
    value = m.group(2).split(",")[0].rstrip("} ") if flow else m.group(2)
    if m.group(1) == "id" and value.strip().strip("'\"") != record["id"]:
        raise _GiveUp
    return Origin(name, line, column)
