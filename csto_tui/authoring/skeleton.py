"""A skeleton event for a curator: valid except for the fields they must fill.

Each field to fill is left as `~` with a `# TODO` comment, so `csto-tui check` reports it
at its line until it is filled; no placeholder text could ever pass the checks unnoticed.
The optional fields are listed in comments with their allowed values, from the schema's
own lists, so the skeleton never drifts from what `check` accepts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from csto_tui.model.countries import fold
from csto_tui.model.dates import EDTFError, parse_edtf
from csto_tui.model.records import KINDS, QUALIFIERS, RELATION_TYPES, ROLES, UNITS
from csto_tui.model.text import UNSAFE

MAX_ID = 80  # the schema's slug limit (`model.records.is_slug`)
TITLE_MIN, TITLE_MAX = 3, 120  # the schema's title limits
TODO = "# TODO"
ITEM_DASH, ITEM_KEYS = 2, 4  # `text` is indented as an item of `events:` ("  - id: ...")

# Russian, Ukrainian, Belarusian, Kazakh and Kyrgyz letters in plain ASCII (a simple
# BGN/PCGN-like scheme), so a Cyrillic title still gives a readable id; every other
# script that NFKD cannot fold to ASCII is dropped.
_CYRILLIC = str.maketrans(
    {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
     "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
     "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
     "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
     "я": "ya", "є": "ye", "і": "i", "ї": "yi", "ґ": "g", "ў": "u", "ә": "a", "ғ": "g",
     "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h"}
)  # fmt: skip
_APOSTROPHES = re.compile(r"['’ʼ`]")
_WORD = re.compile(r"[a-z0-9]+")
# What a title may not hold: what is unsafe on a terminal, and whatever would need an escape
# or end the line in a YAML double-quoted scalar.
_REFUSED_IN_TITLE = re.compile(f"{UNSAFE.pattern}|[\t\n\r\u2028\u2029\ufeff\ufffe\uffff]")


class SkeletonError(ValueError):
    """A value given for the skeleton is not one `check` would accept; `field` names it
    ('date', 'title' or 'kind') so a caller can point at its option or input box."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class Skeleton:
    """The event as text, and what a caller needs to place and announce it.

    `text` is one YAML list item indented as an item of `events:` (`  - id: ...`), with a
    final newline; `todo` are the 0-based line offsets, within `text`, of the fields left
    to fill (each one an error in `check` until filled).
    """

    text: str
    id: str
    todo: tuple[int, ...]

    def item(self, dash: int = ITEM_DASH, keys: int = ITEM_KEYS, newline: str = "\n") -> str:
        """The text re-indented for a list whose `-` stands at column `dash` and whose keys
        at column `keys` (0-based), with the file's line ending."""
        lines, keys = self.text.splitlines(), max(keys, dash + 2)
        out = [" " * dash + "-" + " " * (keys - dash - 1) + lines[0][ITEM_KEYS:]]
        out += [" " * keys + line[ITEM_KEYS:] for line in lines[1:]]
        return newline.join(out) + newline


def check_date(text: str) -> str:
    """The date as EDTF text, or SkeletonError with the parser's words."""
    try:
        parse_edtf(text)
    except EDTFError as exc:
        raise SkeletonError(f"date {text!r}: {exc.message}", "date") from None
    return text


def check_title(text: str) -> str:
    """The title without surrounding spaces: 3 to 120 characters on one line."""
    title = text.strip()
    bad = _REFUSED_IN_TITLE.search(title)
    if bad:
        raise SkeletonError(
            f"title {text!r}: U+{ord(bad.group()):04X} is not allowed (a title is one line "
            "of printable text)",
            "title",
        )
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        raise SkeletonError(
            f"title {text!r}: must have {TITLE_MIN} to {TITLE_MAX} characters, found {len(title)}",
            "title",
        )
    return title


def check_kind(text: str) -> str:
    """The kind in any case ('Meeting'), worded as `list --kind` words an unknown one."""
    from csto_tui.model.dataset import Dataset
    from csto_tui.query import QueryEngine, QueryError

    try:
        return QueryEngine(Dataset()).resolve_kind(text)
    except QueryError as exc:
        raise SkeletonError(str(exc), "kind") from None


def slug_words(text: str) -> list[str]:
    """'Japarov’s visit: Чолпон-Ата' → ['japarovs', 'visit', 'cholpon', 'ata']: lowercase
    ASCII words, accents folded, Cyrillic transliterated, other scripts dropped."""
    plain = fold(_APOSTROPHES.sub("", text.lower().translate(_CYRILLIC)))
    return _WORD.findall(plain)


def date_words(date: str) -> list[str]:
    """The words of the start's text ('2018-05-28/2018-06-01' → 2018, 05, 28), or of the
    end's when the start is open or unknown; qualifiers dropped, a decade's X lowercased."""
    parsed = parse_edtf(date)
    point = parsed.first or parsed.second
    return slug_words(point.text) if point else []


def _fit(words: list[str], limit: int) -> str:
    """Whole words joined by '-' within `limit` characters (a first word too long is cut)."""
    out = ""
    for word in words:
        joined = f"{out}-{word}" if out else word
        if len(joined) > limit:
            return out or word[:limit]
        out = joined
    return out


def fresh_id(date: str | None, title: str | None, existing: Iterable[str]) -> str:
    """The dataset's id style (date, then title words), unique against `existing`: `-2`,
    `-3`... on a clash, cutting words so the id stays within 80 characters."""
    words = (date_words(date) if date else []) + (slug_words(title) if title else [])
    words = words or ["new", "event"]
    taken = set(existing)
    candidate = _fit(words, MAX_ID)
    n = 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = _fit(words, MAX_ID - len(suffix)) + suffix
    return candidate


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (checked text holds no control characters or breaks)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def skeleton(
    date: str | None = None,
    title: str | None = None,
    kind: str | None = None,
    existing_ids: Iterable[str] = (),
) -> Skeleton:
    """The skeleton of a new event; what is not given is marked to fill.

    SkeletonError when a value given would not pass `check` (an EDTF date, a title of 3 to
    120 characters, one of the kinds). The id is derived from what is given, unique
    against `existing_ids`; without a date or a title it says it is provisional.
    """
    date = check_date(date) if date is not None else None
    title = check_title(title) if title is not None else None
    kind = check_kind(kind) if kind is not None else None
    event_id = fresh_id(date, title, existing_ids)
    pad = " " * ITEM_KEYS
    lines: list[tuple[str, bool]] = []  # (line, whether it is a field to fill)

    def add(text: str, todo: bool = False) -> None:
        lines.append((pad + text, todo))

    note = "" if date and title else "  # provisional: rename it once the date and title are in"
    lines.append((" " * ITEM_DASH + "- id: " + event_id + note, False))
    if date:
        add(f"date: {_quoted(date)}")
    else:
        add(f'date: ~  {TODO}: EDTF in quotes: "2025-06-30", "2018-05", "2018", "2018/2019"', True)
    if title:
        add(f"title: {_quoted(title)}")
    else:
        add(f"title: ~  {TODO}: {TITLE_MIN} to {TITLE_MAX} characters, in quotes", True)
    add(f"summary: ~  {TODO}: what happened, in plain words; say what is context", True)
    if kind:
        add(f"kind: {kind}")
    else:
        add(f"kind: ~  {TODO}: one of the kinds below", True)
    add(f"# kinds: {' '.join(KINDS)}")
    add("sources:  # at least one, each with a title or a publisher")
    add(f"  - title: ~  {TODO}: the source's title (or a publisher: instead)", True)
    add('    # also: publisher: TEXT, url: TEXT, published: "EDTF"')
    add("# optional fields, as the source says:")
    add("#   location: {place: TEXT, region: TEXT, country: CODE}  (ISO 3166-1 alpha-2)")
    add("#   countries: [CODE, CODE]  (the participants, unique)")
    add("#   bodies: [{id: BODY-ID, role: ROLE}]  (a bare BODY-ID: a participant)")
    add(f"#     role: {' '.join(ROLES)}")
    add("#   people: [{name: TEXT, role: TEXT, body: BODY-ID, country: CODE}]")
    add("#   figures: [{metric: TEXT, item: TEXT, value: NUMBER, unit: UNIT, qualifier: Q}]")
    add(f"#     unit: {' '.join(UNITS)}")
    add(f"#     qualifier: {' '.join(QUALIFIERS)}")
    add("#   tags: [slug, slug]")
    add("#   related: [{id: EVENT-ID, type: TYPE}]")
    add(f"#     type: {' '.join(RELATION_TYPES)}")
    text = "".join(line + "\n" for line, _ in lines)
    return Skeleton(text, event_id, tuple(i for i, (_, todo) in enumerate(lines) if todo))
