"""Text a reader would misread: control, bidi and invisible characters inside record text.

YAML lets them through (written as they are, or as escapes such as "\\u202e" in a
double-quoted scalar), the schema has no reason to refuse them, and on screen they hide:
a right-to-left override shows a title in another order than it reads, a zero-width space
makes two ids that look the same differ. Each is a warning, at the character itself.

Cheap where nothing is found, which is nearly always: `may_mislead` scans a file's bytes
at memory speed and the records of a clean file are never looked at. The checks run with
the checks across records (`loader.dataset`), so their verdict is cached with theirs; a
record's positions are found only when it has something to report, from its own lines
(not a re-read of the whole file) when the file's text is at hand.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from csto_tui.loader.parsed import Parsed
from csto_tui.loader.positions import Path, Pos, Positions
from csto_tui.model.diagnostics import Diagnostic, warning
from csto_tui.model.records import Body, Event
from csto_tui.model.text import BIDI_CONTROLS, scrub

# Format characters (Unicode category Cf, as of Unicode 16), bidi controls included;
# test_check_ci holds this against the running Python's unicodedata.
FORMAT_CHARS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
# Controls but tab and line feed (which text may hold), line and paragraph separators,
# format characters.
SUSPECT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{FORMAT_CHARS}]")
_FORMAT = re.compile(f"[{FORMAT_CHARS}]")

_ESCAPE = re.compile(rb"\\[0abvfreNLPxuU]")  # an escape that can stand for a suspect
_BOM = b"\xef\xbb\xbf"
_PLAIN_BYTES = bytes(range(0x20, 0x7F)) + b"\t\n\r"  # printable ASCII, tab and line ends

WHY = {
    "control": "a control character: terminals and editors may hide it or act on it",
    "separator": "a line break to some programs, nothing to others",
    "bidi": "a bidi control: the text may display in a different order than it reads",
    "invisible": "invisible: the text looks the same without it, yet compares and searches "
    "differently",
}

# Controls have no character names, only aliases (the Unicode standard's, which
# `unicodedata.lookup` accepts too).
_C0 = (
    "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION",
    "ENQUIRY", "ACKNOWLEDGE", "ALERT", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED",
    "LINE TABULATION", "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN",
    "DATA LINK ESCAPE", "DEVICE CONTROL ONE", "DEVICE CONTROL TWO", "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE", "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
    "FILE SEPARATOR", "GROUP SEPARATOR", "RECORD SEPARATOR", "UNIT SEPARATOR",
)  # fmt: skip
_C1 = (
    "PADDING CHARACTER", "HIGH OCTET PRESET", "BREAK PERMITTED HERE", "NO BREAK HERE",
    "INDEX", "NEXT LINE", "START OF SELECTED AREA", "END OF SELECTED AREA",
    "CHARACTER TABULATION SET", "CHARACTER TABULATION WITH JUSTIFICATION",
    "LINE TABULATION SET", "PARTIAL LINE FORWARD", "PARTIAL LINE BACKWARD",
    "REVERSE LINE FEED", "SINGLE SHIFT TWO", "SINGLE SHIFT THREE", "DEVICE CONTROL STRING",
    "PRIVATE USE ONE", "PRIVATE USE TWO", "SET TRANSMIT STATE", "CANCEL CHARACTER",
    "MESSAGE WAITING", "START OF GUARDED AREA", "END OF GUARDED AREA", "START OF STRING",
    "SINGLE GRAPHIC CHARACTER INTRODUCER", "SINGLE CHARACTER INTRODUCER",
    "CONTROL SEQUENCE INTRODUCER", "STRING TERMINATOR", "OPERATING SYSTEM COMMAND",
    "PRIVACY MESSAGE", "APPLICATION PROGRAM COMMAND",
)  # fmt: skip
CONTROL_NAMES = {chr(i): name for i, name in enumerate(_C0)}
CONTROL_NAMES.update({"\x7f": "DELETE"} | {chr(0x80 + i): n for i, n in enumerate(_C1)})


def may_mislead(data: bytes) -> bool:
    """Whether a file's bytes (valid UTF-8) may hold a suspect character, literally or as an
    escape. False means its records hold none, so the per-field work can be skipped; a
    100 MB file takes a fraction of a second (bytes.translate and a search, all in C)."""
    rest = data.translate(None, _PLAIN_BYTES)  # controls, backslashes and non-ASCII
    if data.startswith(_BOM):
        rest = rest[len(_BOM) :]
    if b"\\" in data and _ESCAPE.search(data):
        return True
    # Removing ASCII bytes leaves every multi-byte character whole: `rest` is UTF-8 too.
    text = rest.decode("utf-8", "replace")
    return not text.isprintable() and SUSPECT.search(text) is not None


def kind_of(char: str) -> str:
    """'control', 'separator', 'bidi' or 'invisible': what WHY explains."""
    if char in BIDI_CONTROLS:
        return "bidi"
    if char in "\u2028\u2029":
        return "separator"
    return "invisible" if _FORMAT.match(char) else "control"


def describe(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE (a bidi control: ...)': what a message says of it."""
    name = CONTROL_NAMES.get(char) or unicodedata.name(char, "")
    code = f"U+{ord(char):04X} {name}".rstrip()
    return f"{code} ({WHY[kind_of(char)]})"


def visible(text: str) -> str:
    """`text` fit for a one-line message: every suspect, unsafe or line-breaking character
    replaced."""
    return scrub(SUSPECT.sub("\ufffd", text)).replace("\n", "\ufffd")


def field_path(path: Path) -> str:
    """('people', 0, 'name') → 'people[0].name'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


# --- which texts of a record ----------------------------------------------------------------


def _event_texts(e: Event) -> Iterator[tuple[Path, str | None]]:
    """Every free text of an event; ids, tags, codes and dates are validated, so safe."""
    yield ("title",), e.title
    yield ("summary",), e.summary
    if e.location is not None:
        yield ("location", "place"), e.location.place
        yield ("location", "region"), e.location.region
    for i, p in enumerate(e.people):
        yield ("people", i, "name"), p.name
        yield ("people", i, "role"), p.role
        for lang, name in p.names.items():
            yield ("people", i, "names", lang), name
    for i, f in enumerate(e.figures):
        yield ("figures", i, "metric"), f.metric
        yield ("figures", i, "item"), f.item
    for i, s in enumerate(e.sources):
        yield ("sources", i, "publisher"), s.publisher
        yield ("sources", i, "title"), s.title
        yield ("sources", i, "url"), s.url


def _printable(e: Event) -> bool:
    """Whether every free text of an event is printable (then none holds a suspect): the
    test `_event_texts` would make, without its tuples; a walk of 100,000 events from the
    cache is a third faster."""
    if not (e.title.isprintable() and e.summary.isprintable()):
        return False
    loc = e.location
    if loc is not None and not (
        (loc.place or "").isprintable() and (loc.region or "").isprintable()
    ):
        return False
    for q in e.people:
        if not (q.name.isprintable() and (q.role or "").isprintable()):
            return False
        if q.names and not "".join(q.names.values()).isprintable():
            return False
    for f in e.figures:
        if not (f.metric.isprintable() and (f.item or "").isprintable()):
            return False
    for s in e.sources:
        if not ((s.publisher or "") + (s.title or "") + (s.url or "")).isprintable():
            return False
    return True


def _body_texts(b: Body) -> Iterator[tuple[Path, str | None]]:
    yield ("name",), b.name
    yield ("abbr",), b.abbr
    for i, alias in enumerate(b.aliases):
        yield ("aliases", i), alias
    for lang, other in b.names.items():
        yield ("names", lang, "name"), other.name
        yield ("names", lang, "abbr"), other.abbr


def _raw_texts(data: Any, path: Path = ()) -> Iterator[tuple[Path, str | None]]:
    """Every text of a record that failed validation, ids included: an id refused as no
    slug may be refused for a character nobody can see."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _raw_texts(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _raw_texts(value, (*path, i))


def suspects(p: Parsed) -> list[tuple[Path, str]]:
    """The record's texts that hold a suspect character (`isprintable` first: in C, and
    true of nearly every text)."""
    rec = p.record
    if isinstance(rec, Event):
        if _printable(rec):
            return []
        texts = _event_texts(rec)
    elif isinstance(rec, Body):
        texts = _body_texts(rec)
    else:
        texts = _raw_texts(p.data)
    return [
        (path, value)
        for path, value in texts
        if value is not None and not value.isprintable() and SUSPECT.search(value)
    ]


# --- where a character stands -----------------------------------------------------------------


class _Text:
    """A file's text with the offset of a line found on demand: from the nearest line found
    before, by whole chunks counted in C, so a warning near the end of a 100 MB file costs
    milliseconds, and the next one near it less."""

    CHUNK = 1 << 20

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines, self._starts = [1], [0]  # lines found, ascending, and where they start

    def offset(self, line: int, column: int) -> int | None:
        """The offset of a 1-based (line, column), or None when there is no such place."""
        text = self.text
        k = bisect_right(self._lines, line) - 1
        cur, at = self._lines[k], self._starts[k]
        while cur < line:
            end = at + self.CHUNK
            n = text.count("\n", at, end)
            if n and cur + n < line:
                cur, at = cur + n, text.rfind("\n", at, end) + 1
                continue
            nl = text.find("\n", at)
            if nl < 0:
                return None
            cur, at = cur + 1, nl + 1
        if self._lines[k] != cur:
            self._lines.insert(k + 1, cur)
            self._starts.insert(k + 1, at)
        eol = text.find("\n", at)
        if column < 1 or at + column - 1 > (len(text) if eol < 0 else eol):
            return None
        return at + column - 1

    def position(self, offset: int, start: int, start_pos: Pos) -> Pos:
        """(line, column) of `offset`, counted from a known position before it."""
        line = start_pos[0] + self.text.count("\n", start, offset)
        return line, offset - (self.text.rfind("\n", 0, offset) + 1) + 1


_BREAKS = "\n\r\x85\u2028\u2029"  # line breaks, to YAML 1.1
_SPACE = " \t" + _BREAKS
_ESCAPED = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_HEX_DIGITS = {"x": 2, "u": 4, "U": 8}
_HEX = re.compile(r"[0-9A-Fa-f]+")


def _written(text: str, start: int) -> Iterator[tuple[str, int, bool]]:
    """The characters a scalar starting at `start` stands for, in order, each with its
    offset and whether an escape wrote it: the scalar's text with its quoting undone.
    Spaces and line breaks come as written (YAML folds them: callers skip them); a plain or
    block scalar runs on to the end of the text (callers stop)."""
    style, i, n = text[start], start, len(text)
    if style in "|>":  # the content starts on the next line: skip the header and its comment
        i = text.find("\n", start) + 1
        if i == 0:
            return
    elif style in "'\"":
        i += 1
    while i < n:
        c = text[i]
        if style == "'" and c == "'":
            if not text.startswith("'", i + 1):
                return
            i += 1  # '' stands for '
        elif style == '"' and c == '"':
            return
        elif style == '"' and c == "\\":
            e = text[i + 1 : i + 2]
            if e in _ESCAPED:
                yield _ESCAPED[e], i, True
                i += 2
                continue
            if e in "\r\n" and e:  # an escaped line break stands for nothing
                i += 2
                continue
            digits = text[i + 2 : i + 2 + _HEX_DIGITS.get(e, 0)]
            if not digits or len(digits) != _HEX_DIGITS[e] or not _HEX.fullmatch(digits):
                return
            yield chr(int(digits, 16)), i, True
            i += 2 + len(digits)
            continue
        yield c, i, False
        i += 1


def _scan(text: str, start: int, value: str, want: str, before: int) -> tuple[bool, int | None]:
    """Whether the scalar starting at `start` is written as `value` (quoting undone, spaces
    aside), and where the occurrence of `want` after `before` others is written."""
    expect = [c for c in value if c not in _SPACE]
    bounded = text[start] in "'\""  # a quoted scalar ends at its quote, others run on
    done, seen, found = 0, 0, None
    for c, at, escaped in _written(text, start):
        if c == want and (escaped or c not in _BREAKS):  # a literal break is folded
            if seen == before:
                found = at
            seen += 1
        if c in _SPACE:
            continue
        if done == len(expect):
            if bounded:
                return False, None  # more text in the quotes than in the value
            break
        if c != expect[done]:
            return False, None
        done += 1
    return done == len(expect), found


def locate(text: str, start: int, value: str, index: int) -> int | None:
    """The offset in `text` where `value[index]` is written (its escape's backslash when an
    escape wrote it), `value` being the scalar that starts at `start`; None unless the
    scalar's text, quoting undone and spaces aside, is the value's."""
    want = value[index]
    ok, found = _scan(text, start, value, want, value.count(want, 0, index))
    return found if ok else None


def _record_positions(p: Parsed, source: _Text | None, ends: Sequence[int]) -> Positions | None:
    """A record's positions from its own lines (from its origin to the next record's), when
    its positions were not kept (fast path, cache): re-reading the whole file for them takes
    the positional loader a minute at 100,000 events. None when the lines do not parse
    alone (the caller then asks the record's lazy positions)."""
    if source is None:
        return None
    line = p.origin.line
    after = bisect_right(ends, line)
    start = source.offset(line, 1)
    if start is None or after - bisect_left(ends, line) > 1:
        return None  # two records start on one line (flow style): not apart
    end = source.offset(ends[after], 1) if after < len(ends) else None
    piece = source.text[start:end]
    top = re.compile(r"^[^\s#]", re.M).search(piece, piece.find("\n") + 1 or len(piece))
    if top:  # a top-level key (the next section) or a document marker ends it too
        piece = piece[: top.start()]
    from csto_tui.loader.yamlnodes import Builder, YamlProblem, compose

    try:
        root, _ = compose(piece)
        node = root.value[0] if root is not None and root.tag.endswith(":seq") else root
        if node is None or not node.tag.endswith(":map"):
            return None
        found, builder = Positions(), Builder(budget=10_000 + len(piece))
        builder.build(node, found)
    except (YamlProblem, AttributeError, IndexError, TypeError):
        return None
    if builder.problems:
        return None
    shift = line - 1
    return Positions(
        {path: (ln + shift, col) for path, (ln, col) in found.values.items()},
        {path: (ln + shift, col) for path, (ln, col) in found.keys.items()},
    )


def check_text(
    records: Sequence[Parsed],
    source: Callable[[], str | None],
    diags: list[Diagnostic],
) -> None:
    """Warn about each suspect character of the records of one file: one warning per text
    and character, at its first occurrence, saying how many there are.

    `source` gives the file's text (None when it is gone), asked only when something is
    found: for the column of the character itself, and for positions not kept.
    """
    found = [(p, path, value) for p in records for path, value in suspects(p)]
    if not found:
        return
    raw = source()
    text = _Text(raw) if raw is not None else None
    ends = sorted(p.origin.line for p in records)
    own: dict[int, Positions | None] = {}
    for p, path, value in found:
        positions: Positions | Any = p.positions
        if not isinstance(positions, Positions):
            if id(p) not in own:
                mine = _record_positions(p, text, ends)
                if mine is not None and not _agrees(mine, p, text):
                    mine = None
                own[id(p)] = mine
            positions = own[id(p)] or positions
        start_pos = positions.at(path)
        label = _label(p)
        firsts: dict[str, tuple[int, int]] = {}
        for m in SUSPECT.finditer(value):
            index, count = firsts.get(m.group(), (m.start(), 0))
            firsts[m.group()] = (index, count + 1)
        for char, (index, count) in firsts.items():
            line, col = _where(text, start_pos, value, index)
            times = f", {count} times: the first is here" if count > 1 else ""
            message = f"{label}{field_path(path)} contains {describe(char)}{times}"
            diags.append(warning(p.origin.file, line, col, message))


def _agrees(mine: Positions, p: Parsed, text: _Text | None) -> bool:
    """Whether positions read from a record's own lines are that record's: each of its
    suspect texts stands at its path there, as the whole file's parse has it."""
    if text is None:
        return False
    for path, value in suspects(p):
        # A body's `names: {ru: Text}` is the name itself: its value stands one level up.
        pos = mine.values.get(path) or mine.values.get(path[:-1])
        start = text.offset(*pos) if pos else None
        if start is None or not _scan(text.text, start, value, "", 0)[0]:
            return False
    return True


def _where(text: _Text | None, start_pos: Pos, value: str, index: int) -> Pos:
    """The character's own (line, column), else its scalar's start."""
    if text is None or not start_pos[0]:
        return start_pos
    start = text.offset(*start_pos)
    if start is None:
        return start_pos
    at = locate(text.text, start, value, index)
    return start_pos if at is None else text.position(at, start, start_pos)


def _label(p: Parsed) -> str:
    """'id: ' to start a message with, as the other checks do."""
    rid = p.record.id if p.record is not None else (p.data or {}).get("id")
    return f"{visible(rid)}: " if isinstance(rid, str) and rid else ""
