"""Saved views: named sets of filters, as the user wrote them (headless; no Textual).

A view holds the words of the filters (`--country KG`, `--body CSTO`, `--from 2018`), not
the ids they resolve to, so it survives changes to the data and reads like the command
line. The views live in one JSON file, `views.json` in the user config directory
(`CSTO_TUI_VIEWS` names the file, `CSTO_TUI_CONFIG_DIR` the directory, for tests):

    {"version": 1,
     "views": {"kg-channel": {"countries": ["KG"], "search": "channel"}},
     "last": {"countries": ["KG"]}}

JSON because Python reads and writes it without another package (TOML it can only read)
and its errors carry a line and column. A file that cannot be read as views is one problem
line and counts as empty; it is never overwritten: a save moves it aside first
(`views.json.corrupt`) and says so.
"""

from __future__ import annotations

import difflib
import json
import os
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csto_tui.config.paths import config_dir
from csto_tui.export.atomic import write_atomic, write_error_words

if TYPE_CHECKING:
    from csto_tui.query.engine import QueryEngine
    from csto_tui.query.model import Query

VERSION = 1
FILE_ENV = "CSTO_TUI_VIEWS"  # the views file itself
FILE_NAME = "views.json"
NAME_MAX = 40
_LISTS = ("countries", "bodies", "kinds", "tags")
_TEXTS = ("date_from", "date_to", "search")
_FLAGS = ("reverse", "highlight")
# The command-line option of each field, in the order `words` writes them.
_OPTIONS = {"countries": "--country", "bodies": "--body", "kinds": "--kind", "tags": "--tag",
            "date_from": "--from", "date_to": "--to", "search": "--search"}  # fmt: skip


class ViewError(ValueError):
    """A view or a view's name refused, in words."""


class UnknownView(LookupError):
    """No view of that name; the message names the views there are, closest first."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "no such view"


class ViewsUnwritable(OSError):
    """The views file could not be written; the message says why, about its path."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "cannot write the views"


def views_path() -> Path:
    """$CSTO_TUI_VIEWS, else views.json in $CSTO_TUI_CONFIG_DIR, else in the platform's
    user config directory (e.g. ~/.config/csto-tui)."""
    override = os.environ.get(FILE_ENV)
    if override:
        return Path(override)
    return config_dir() / FILE_NAME


def name_problem(name: object) -> str | None:
    """Why `name` cannot name a view, or None: 1 to 40 characters, no control or invisible
    format characters, not only spaces."""
    if not isinstance(name, str):
        return f"a view's name is text, not {type(name).__name__}"
    if not name.strip():
        return "a view needs a name"
    if len(name) > NAME_MAX:
        return f"a view's name is at most {NAME_MAX} characters ({len(name)} given)"
    for char in name:
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            label = unicodedata.name(char, "a control character")
            return f"a view's name cannot hold U+{ord(char):04X} ({label})"
    return None


def check_name(name: str) -> str:
    """The name without surrounding spaces; ViewError when it cannot name a view."""
    why = name_problem(name)
    if why:
        raise ViewError(why)
    return name.strip()


def _key(name: str) -> str:
    return name.strip().casefold()


@dataclass(frozen=True, slots=True)
class View:
    """The filters of a view, as written: the keywords of `QueryEngine.parse` plus whether
    the search only highlights (a browser mode; `list` and `stats` filter by it)."""

    countries: tuple[str, ...] = ()
    bodies: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    search: str = ""
    reverse: bool = False
    highlight: bool = False

    # -- from and to the other forms -------------------------------------------------------

    @classmethod
    def from_query(cls, query: Query) -> View:
        """The view of a query: its values as the command line takes them (country codes,
        body ids, kinds, tags), its dates as typed (`from_text`, else the day), its search,
        order and search mode. The `since` marks belong to a session and are left out."""

        def bound(text: str, day: object) -> str | None:
            if text.strip():
                return text.strip()
            return day.isoformat() if day is not None else None  # type: ignore[attr-defined]

        return cls(
            countries=tuple(sorted(query.countries)),
            bodies=tuple(sorted(query.bodies)),
            kinds=tuple(sorted(query.kinds)),
            tags=tuple(sorted(query.tags)),
            date_from=bound(query.from_text, query.date_from),
            date_to=bound(query.to_text, query.date_to),
            search=query.text,
            reverse=query.reverse,
            highlight=query.highlight,
        )

    def to_query(self, engine: QueryEngine) -> Query:
        """The query the view stands for on `engine`'s data, its dates kept as written and
        its search mode; QueryError when a value names nothing there (a body, a tag)."""
        query = engine.parse(**self.to_filter_words())
        return replace(query, from_text=self.date_from or "", to_text=self.date_to or "",
                       highlight=self.highlight)  # fmt: skip

    def to_filter_words(self) -> dict[str, Any]:
        """The keyword arguments of `QueryEngine.parse` (and of the CLI's filter options)."""
        return {
            "countries": list(self.countries),
            "bodies": list(self.bodies),
            "kinds": list(self.kinds),
            "tags": list(self.tags),
            "date_from": self.date_from,
            "date_to": self.date_to,
            "search": self.search,
            "reverse": self.reverse,
        }

    def words(self) -> list[str]:
        """The command-line words the view stands for: ['--country', 'KG', '--search',
        'channel']; highlight has no option (see `describe`)."""
        out: list[str] = []
        for name, option in _OPTIONS.items():
            value = getattr(self, name)
            values = value if isinstance(value, tuple) else (value,) if value else ()
            for one in values:
                out += [option, one]
        if self.reverse:
            out.append("--reverse")
        return out

    def describe(self) -> str:
        """The words as one shell-quoted line, `(no filters)` when there are none, with
        `(search highlights)` when the search only marks its matches."""
        import shlex

        line = " ".join(shlex.quote(w) for w in self.words()) or "(no filters)"
        return f"{line} (search highlights)" if self.highlight and self.search else line

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, without the fields left at their default (a short, readable file)."""
        out: dict[str, Any] = {}
        for name in (*_LISTS, *_TEXTS, *_FLAGS):
            value = getattr(self, name)
            if value:
                out[name] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_dict(cls, data: object) -> View:
        """The view `to_dict` wrote; ViewError names the first field of the wrong type.
        Keys it does not know are left out (a newer version's)."""
        if not isinstance(data, Mapping):
            raise ViewError(f"a view is an object of filters, not {_json_type(data)}")
        values: dict[str, Any] = {}
        for name in _LISTS:
            value = data.get(name, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ViewError(f"{name!r} is a list of texts, not {_json_type(value)}")
            values[name] = tuple(value)
        for name in _TEXTS:
            value = data.get(name)
            if value is not None and not isinstance(value, str):
                raise ViewError(f"{name!r} is a text, not {_json_type(value)}")
            values[name] = value or ("" if name == "search" else None)
        for name in _FLAGS:
            value = data.get(name, False)
            if not isinstance(value, bool):
                raise ViewError(f"{name!r} is true or false, not {_json_type(value)}")
            values[name] = value
        return cls(**values)

    def merged(
        self,
        *,
        countries: Sequence[str] = (),
        bodies: Sequence[str] = (),
        kinds: Sequence[str] = (),
        tags: Sequence[str] = (),
        date_from: str | None = None,
        date_to: str | None = None,
        search: str = "",
        reverse: bool = False,
    ) -> dict[str, Any]:
        """The filter words of the view with explicit ones on top, as the command line
        does it: a repeated option (--country, --body, --kind, --tag) adds its values, a
        single-valued one (--from, --to, --search) replaces the view's, --reverse sets."""
        words = self.to_filter_words()
        for name, more in (("countries", countries), ("bodies", bodies), ("kinds", kinds),
                           ("tags", tags)):  # fmt: skip
            words[name] = list(dict.fromkeys([*words[name], *more]))
        for name, value in (("date_from", date_from), ("date_to", date_to), ("search", search)):
            if value:
                words[name] = value
        words["reverse"] = words["reverse"] or reverse
        return words


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a text", bool: "true or false",
             int: "a number", float: "a number", type(None): "null"}  # fmt: skip
    return names.get(type(value), type(value).__name__)


def closest_names(name: str, names: Sequence[str]) -> list[str]:
    """Every name, the closest to `name` first (compared without regard to case): those it
    begins or is part of, then by likeness, then alphabetically."""
    wanted = _key(name)

    def rank(other: str) -> tuple[int, float, str]:
        key = _key(other)
        part = 0 if key.startswith(wanted) else 1 if wanted in key else 2
        return part, -difflib.SequenceMatcher(None, wanted, key).ratio(), key

    return sorted(names, key=rank)


def unknown_view(name: str, names: Sequence[str]) -> UnknownView:
    """`no view 'kg'; views: kg-channel, 2018` (at most 12 named), or that none are saved."""
    if not names:
        return UnknownView(f"no view {name!r}; no views are saved")
    shown = closest_names(name, names)
    more = f" and {len(shown) - 12} more" if len(shown) > 12 else ""
    return UnknownView(f"no view {name!r}; views: {', '.join(shown[:12])}{more}")


class ViewStore:
    """The saved views in one JSON file (`views_path()` unless `path`), read afresh on each
    call so two browsers see each other's saves; every write is atomic."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else views_path()

    # -- reading -------------------------------------------------------------------------

    def _read(self) -> tuple[dict[str, View], View | None, str | None, bool]:
        """(views, last, problem, corrupt): `corrupt` when a file is there but unusable,
        so a save must move it aside; a missing file is no problem."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}, None, None, False
        except OSError as exc:
            words = (exc.strerror or str(exc)).lower()
            return {}, None, f"{self.path}: error: cannot read the views: {words}", False
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, col = _position(raw[: exc.start].decode("utf-8", "replace"))
            return {}, None, f"{self.path}:{line}:{col}: error: not UTF-8 text", True
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            msg = f"not valid JSON: {exc.msg[0].lower()}{exc.msg[1:]}"
            return {}, None, f"{self.path}:{exc.lineno}:{exc.colno}: error: {msg}", True
        try:
            views, last = _decode(data)
        except _Located as exc:
            line, col = _find(text, exc.name)
            return {}, None, f"{self.path}:{line}:{col}: error: {exc.message}", True
        return views, last, None, False

    def load(self) -> tuple[dict[str, View], str | None]:
        """The views by name as written, in the file's order, and the one problem line of a
        file that cannot be read as views (then no views), else None."""
        views, _last, problem, _corrupt = self._read()
        return views, problem

    def names(self) -> list[str]:
        return list(self.load()[0])

    def get(self, name: str) -> View:
        """The view named `name` in any case; UnknownView names the ones there are."""
        views, _problem = self.load()
        found = _lookup(views, name)
        if found is None:
            raise unknown_view(name, list(views))
        return views[found]

    @property
    def last(self) -> View | None:
        """The view the browser showed last (`set_last`), for `restore_last_view`."""
        return self._read()[1]

    # -- writing -------------------------------------------------------------------------

    def save(self, name: str, view: View) -> str | None:
        """Save `view` as `name`, replacing a view of that name in any case (the name as
        written now is kept). ViewError for a bad name, ViewsUnwritable when the file
        cannot be written; returns a note when a corrupt file was moved aside first."""
        name = check_name(name)
        views, last, note = self._for_writing()
        old = _lookup(views, name)
        if old is not None and old != name:
            views = {(name if k == old else k): v for k, v in views.items()}
        views[name] = view
        self._write(views, last)
        return note

    def delete(self, name: str) -> str | None:
        """Remove the view named `name` in any case; UnknownView when there is none."""
        views, last, note = self._for_writing()
        found = _lookup(views, name)
        if found is None:
            raise unknown_view(name, list(views))
        del views[found]
        self._write(views, last)
        return note

    def set_last(self, view: View | None) -> str | None:
        """Remember `view` as the last one shown (None forgets it); as `save` for errors."""
        views, _last, note = self._for_writing()
        self._write(views, view)
        return note

    def _for_writing(self) -> tuple[dict[str, View], View | None, str | None]:
        views, last, problem, corrupt = self._read()
        if problem and not corrupt:  # unreadable: writing over it would lose it
            raise ViewsUnwritable(problem.replace(": error: ", ": ", 1))
        note = None
        if corrupt:
            aside = self._aside()
            try:
                os.replace(self.path, aside)
            except OSError as exc:
                words = write_error_words(aside, exc)
                raise ViewsUnwritable(f"cannot move {self.path} aside: {words}") from None
            note = f"{problem}; moved it to {aside} and started a new file"
        return views, last, note

    def _aside(self) -> Path:
        aside = self.path.with_name(self.path.name + ".corrupt")
        n = 1
        while aside.exists():
            aside = self.path.with_name(f"{self.path.name}.corrupt.{n}")
            n += 1
        return aside

    def _write(self, views: dict[str, View], last: View | None) -> None:
        data: dict[str, Any] = {
            "version": VERSION,
            "views": {name: view.to_dict() for name, view in views.items()},
        }
        if last is not None:
            data["last"] = last.to_dict()
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, text)
        except OSError as exc:
            words = write_error_words(self.path, exc)
            raise ViewsUnwritable(f"cannot write {self.path}: {words}") from None


class _Located(ViewError):
    """A problem in the file's structure, and the view name (or key) it is about."""

    def __init__(self, message: str, name: str | None = None) -> None:
        super().__init__(message)
        self.message, self.name = message, name


def _decode(data: object) -> tuple[dict[str, View], View | None]:
    if not isinstance(data, dict):
        raise _Located(f"expected an object with 'views', not {_json_type(data)}")
    version = data.get("version", VERSION)
    if version != VERSION:
        raise _Located(f"views file version {version!r}; this program reads {VERSION}", "version")
    found = data.get("views", {})
    if not isinstance(found, dict):
        raise _Located(f"'views' is an object of named views, not {_json_type(found)}", "views")
    views: dict[str, View] = {}
    seen: dict[str, str] = {}
    for name, body in found.items():
        why = name_problem(name)
        if why:
            raise _Located(f"view {name!r}: {why}", name)
        if _key(name) in seen:
            raise _Located(f"view {name!r} is named twice (also {seen[_key(name)]!r})", name)
        seen[_key(name)] = name
        try:
            views[name.strip()] = View.from_dict(body)
        except ViewError as exc:
            raise _Located(f"view {name!r}: {exc}", name) from None
    last = data.get("last")
    try:
        last_view = None if last is None else View.from_dict(last)
    except ViewError as exc:
        raise _Located(f"'last': {exc}", "last") from None
    return views, last_view


def _lookup(views: Mapping[str, View], name: str) -> str | None:
    """The stored spelling of `name`, compared without regard to case."""
    if not isinstance(name, str):
        return None
    wanted = _key(name)
    return next((k for k in views if _key(k) == wanted), None)


def _position(before: str) -> tuple[int, int]:
    """Line and column (1-based) of the end of `before`."""
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


def _find(text: str, name: str | None) -> tuple[int, int]:
    """Where the key `name` is written in the JSON text (its opening quote), else 1:1."""
    if name is not None:
        at = text.find(json.dumps(name, ensure_ascii=False))
        if at < 0:
            at = text.find(json.dumps(name))
        if at >= 0:
            return _position(text[:at])
    return 1, 1
