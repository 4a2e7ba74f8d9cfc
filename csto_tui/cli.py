"""Command line: `csto-tui [PATH ...]` browses; `check`, `list` and `stats` are scriptable.

Exit codes: 0 success, 1 data errors, 2 usage errors. Only the browser imports Textual.
"""

from __future__ import annotations

import argparse
import codecs
import difflib
import os
import shutil
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from csto_tui import __version__

if TYPE_CHECKING:
    from collections.abc import Callable

    from csto_tui.config.load import LoadedSettings
    from csto_tui.config.settings import Settings
    from csto_tui.model.dataset import Dataset
    from csto_tui.query import Query, QueryEngine
    from csto_tui.ui.options import BrowseOptions

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
COMMANDS = (
    "check", "list", "stats", "diff", "browse", "cache", "new", "views", "config", "serve"
)  # fmt: skip


class UsageError(Exception):
    """Bad options or filter values: one line on stderr and exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 already; keep its one line
        _say(f"{self.prog}: error: {message}")
        self.exit(EXIT_USAGE)


def _paths(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="YAML files or directories (default: the bundled dataset)",
    )


def add_filter_options(parser: argparse.ArgumentParser) -> argparse._ArgumentGroup:
    """The event filters, shared by `list`, `stats` and the browser.

    They land in args.countries, .bodies, .kinds, .tags (lists), .date_from, .date_to,
    .search and .reverse: the keywords of `QueryEngine.parse` (see `query_from_args`).
    """
    group = parser.add_argument_group("filters (a repeated option matches any of its values)")
    group.add_argument(
        "--country",
        dest="countries",
        action="append",
        default=[],
        metavar="COUNTRY",
        help="ISO code or name, e.g. KG or Kyrgyzstan (participants and location)",
    )
    group.add_argument(
        "--body",
        dest="bodies",
        action="append",
        default=[],
        metavar="BODY",
        help="id, abbreviation or alias, e.g. CSTO (includes its sub-bodies)",
    )
    group.add_argument(
        "--from",
        dest="date_from",
        metavar="DATE",
        help="events not ending before DATE (2018, 2018-05, 2018-05-28)",
    )
    group.add_argument(
        "--to", dest="date_to", metavar="DATE", help="events not starting after DATE"
    )
    group.add_argument(
        "--kind", dest="kinds", action="append", default=[], metavar="KIND", help="e.g. meeting"
    )
    group.add_argument(
        "--tag",
        dest="tags",
        action="append",
        default=[],
        metavar="TAG",
        help="e.g. counter-narcotics",
    )
    group.add_argument("--search", default="", metavar="TEXT", help='words or "a phrase" to find')
    group.add_argument("--reverse", action="store_true", help="newest first")
    group.add_argument(
        "--view",
        metavar="NAME",
        help="a saved view's filters (`csto-tui views`); the options above add to them "
        "(--country, --body, --kind, --tag) or replace them (--from, --to, --search)",
    )
    return group


def apply_view(args: argparse.Namespace) -> argparse.Namespace:
    """`--view NAME`: the view's filters with the explicit filter options on top (a
    repeated option adds values, a single-valued one replaces the view's); UsageError for
    an unknown view, naming the views there are. Without --view, `args` as they are."""
    name = getattr(args, "view", None)
    if name is None:
        return args
    from csto_tui.config.views import UnknownView, ViewStore

    store = ViewStore()
    problem = store.load()[1]
    if problem:
        _say(problem)
    try:
        view = store.get(name)
    except UnknownView as exc:
        raise UsageError(str(exc)) from None
    words = view.merged(
        countries=args.countries, bodies=args.bodies, kinds=args.kinds, tags=args.tags,
        date_from=args.date_from, date_to=args.date_to, search=args.search,
        reverse=args.reverse,
    )  # fmt: skip
    return argparse.Namespace(**{**vars(args), **words, "highlight": view.highlight})


def query_from_args(engine: QueryEngine, args: argparse.Namespace) -> Query:
    """The query the filter options describe; UsageError names the closest valid values."""
    from csto_tui.query import QueryError

    try:
        return engine.parse(
            countries=args.countries,
            bodies=args.bodies,
            kinds=args.kinds,
            tags=args.tags,
            date_from=args.date_from,
            date_to=args.date_to,
            search=args.search,
            reverse=args.reverse,
        )
    except QueryError as exc:
        raise UsageError(str(exc)) from None


def _lenient(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lenient",
        action="store_true",
        help="with data errors, use the valid records (a warning on stderr) instead of exit 1",
    )


def _no_cache(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="read every file afresh, without the derived cache (`csto-tui cache --path`)",
    )


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {text!r}")
    return n


def _port(text: str) -> int:
    if not (text.isdigit() and 1 <= int(text) <= 65535):
        raise argparse.ArgumentTypeError(f"expected a port from 1 to 65535, not {text!r}")
    return int(text)


def browse_options(p: argparse.ArgumentParser) -> None:
    """The browser's paths and options, for `browse` and for the browsers `serve` starts
    (which passes on every option defined here)."""
    _paths(p)
    add_filter_options(p)
    _no_cache(p)
    p.add_argument(
        "--no-watch",
        action="store_true",
        help="do not reload when the files change (ctrl+r still does)",
    )
    p.add_argument(
        "--since",
        metavar="REV",
        help="mark the events new (+) or changed (!) since git revision REV, with a Since "
        "filter (the files' repository; REV resolved once, at the start)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="csto-tui", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"csto-tui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    check = sub.add_parser("check", help="validate dataset files and report problems")
    _paths(check)
    check.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text lines FILE:LINE:COL: error: MESSAGE (default), JSON, or github: GitHub "
        "Actions annotations (::error file=F,line=L,col=C,...::MESSAGE)",
    )
    check.add_argument("--quiet", "-q", action="store_true", help="only the summary line")
    check.add_argument(
        "--strict", action="store_true", help="warnings fail the check too (exit 1), for CI"
    )
    _no_cache(check)

    from csto_tui.export import FORMATS

    list_ = sub.add_parser("list", help="print the events that match filters, in a format")
    _paths(list_)
    add_filter_options(list_)
    list_.add_argument("--limit", type=_positive, metavar="N", help="at most N events")
    list_.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (default), csv, md, json, jsonl, yaml (loads back), ics (calendar) or "
        "timelinejs (TimelineJS 3 JSON)",
    )
    list_.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (atomically) instead of stdout"
    )
    _lenient(list_)
    _no_cache(list_)

    stats = sub.add_parser(
        "stats", help="count matching events per year, country, body, kind and tag"
    )
    _paths(stats)
    add_filter_options(stats)
    stats.add_argument(
        "--format", choices=("table", "json"), default="table", help="bar charts or JSON"
    )
    stats.add_argument(
        "--histogram", action=argparse.BooleanOptionalAction, default=None,
        help="the table starts with the events per year (per month over a short span) as "
             "one line of bars; default: on a terminal",
    )  # fmt: skip
    _lenient(stats)
    _no_cache(stats)

    browse = sub.add_parser("browse", help="open the browser (the default command)")
    browse_options(browse)

    serve = sub.add_parser(
        "serve", help="serve the browser as a web page (needs the web extra: textual-serve)"
    )
    browse_options(serve)
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    serve.add_argument("--port", type=_port, default=8000, help="port (default 8000)")

    diff = sub.add_parser(
        "diff",
        help="events added, removed and changed between git revisions (or the working tree)",
        usage="csto-tui diff [REV [REV2]] [PATH ...] [-- PATH ...] [--format F] [--exit-code]",
    )
    diff.add_argument(
        "words",
        nargs="*",
        metavar="REV|PATH",
        help="no REV: HEAD against the working tree; REV: it against the working tree; "
        "REV REV2: the two; PATH: YAML files or directories (default: the current directory)",
    )
    diff.add_argument(
        "--format", choices=("table", "json", "md"), default="table", help="table, json or md"
    )
    diff.add_argument(
        "--exit-code", action="store_true", help="exit 1 when anything changed (as git diff)"
    )

    cache = sub.add_parser("cache", help="where the derived cache lives, or clear it")
    action = cache.add_mutually_exclusive_group(required=True)
    action.add_argument("--path", action="store_true", help="print the cache directory")
    action.add_argument("--clear", action="store_true", help="remove every cached entry")

    views = sub.add_parser("views", help="list the saved views and the filters each stands for")
    views.add_argument(
        "--format", choices=("table", "json"), default="table", help="lines (default) or JSON"
    )

    config = sub.add_parser(
        "config", help="the settings file: where it is, what is in effect; edit it"
    )
    what = config.add_mutually_exclusive_group(required=True)
    what.add_argument("--path", action="store_true", help="print the settings file's path")
    what.add_argument("--show", action="store_true",
                      help="print the effective settings and where each comes from; exit 1 "
                      "when the file has problems (on stderr)")  # fmt: skip
    what.add_argument("--edit", action="store_true",
                      help="open it in $VISUAL, $EDITOR or vi (made first, every key "
                      "commented out), then check it: exit 1 when it has problems")  # fmt: skip

    new = sub.add_parser("new", help="a skeleton event to fill: printed, or added to a file")
    new.add_argument("--file", metavar="PATH", help="add it to PATH's events: list (atomically)")
    new.add_argument("--date", metavar="EDTF", help="e.g. 2025-06-30 (default: marked to fill)")
    new.add_argument("--title", metavar="TEXT", help="3 to 120 characters")
    new.add_argument("--kind", metavar="KIND", help="e.g. meeting")
    return parser


def _looks_like_path(text: str) -> bool:
    """A slash, a leading dot or tilde, or a YAML suffix: meant as a file, not a command."""
    return (
        "/" in text
        or os.sep in text
        or text.startswith((".", "~"))
        or text.lower().endswith((".yaml", ".yml"))
    )


def missing_path_words(text: str, *, commands: bool = True) -> str:
    """Why an argument that is no file is refused: where a command could stand (`commands`),
    a mistyped one gets its closest."""
    if not commands or _looks_like_path(text):
        return f"{text!r}: no such file or directory"
    close = difflib.get_close_matches(text.lower(), COMMANDS, n=1, cutoff=0.6)
    if close:
        return f"{text!r} is not a command or a file; did you mean {close[0]!r}?"
    return f"{text!r} is not a command or a file; commands: {', '.join(COMMANDS)}"


def check_paths(paths: Sequence[str], *, commands: bool = True) -> None:
    """UsageError for the first path that does not exist: a typo must not open an empty
    browser (or list nothing), so this runs before anything else, the terminal check
    included."""
    for path in paths:
        if not os.path.lexists(path):
            raise UsageError(missing_path_words(path, commands=commands))


def with_settings(
    args: argparse.Namespace,
) -> tuple[argparse.Namespace, LoadedSettings, list[str]]:
    """The user's settings, and `args` with the settings' `data` as the paths when none are
    given; the settings file's problems, one line each (a `data` path that does not exist
    is one: the bundled data is used instead). Relative `data` paths are read from the
    settings file's directory, `~` is the home directory."""
    from csto_tui.config.load import load_settings

    loaded = load_settings()
    problems = list(loaded.problems)
    if args.paths or not loaded.settings.data:
        return args, loaded, problems
    base = loaded.path.parent
    paths = [str(base / os.path.expanduser(p)) for p in loaded.settings.data]
    missing = [p for p, full in zip(loaded.settings.data, paths, strict=True)
               if not os.path.lexists(full)]  # fmt: skip
    if missing:
        where = loaded.at.get("data", str(loaded.path))
        problems.append(f"{where}: error: data: {missing[0]!r}: no such file or directory "
                        f"(from {base}); using the bundled data")  # fmt: skip
        return args, loaded, problems
    return argparse.Namespace(**{**vars(args), "paths": paths}), loaded, problems


def _settings_said(args: argparse.Namespace) -> argparse.Namespace:
    """For the commands that print: the settings' paths, their problems on stderr."""
    args, _loaded, problems = with_settings(args)
    for problem in problems:
        _say(problem)
    return args


def _in_served_page() -> bool:
    """A browser `csto-tui serve` started for a web page: no terminal, and none needed
    (such a browser ends with its server)."""
    from csto_tui.web.serve import end_with_the_server, in_served_page

    if not in_served_page():
        return False
    end_with_the_server()
    return True


def run_browse(args: argparse.Namespace) -> int:
    """Check what can be checked without the data, then hand over to the Textual app."""
    from csto_tui.ui.run import run_browser

    def need_a_terminal() -> None:
        if not (sys.stdin.isatty() and sys.stdout.isatty()) and not _in_served_page():
            raise UsageError(
                "the browser needs a terminal; use `csto-tui list` in pipes and scripts"
            )

    options, settings, problems = browse_setup(args, need_a_terminal)
    # Read by Textual at import: a short Escape delay keeps Escape snappy over SSH.
    os.environ.setdefault("ESCDELAY", "50")
    return run_browser(options, settings, problems)


def browse_setup(
    args: argparse.Namespace, terminal_check: Callable[[], None] = lambda: None
) -> tuple[BrowseOptions, Settings, tuple[str, ...]]:
    """What the browser starts with: its options from the arguments, a saved view and the
    settings, the settings, and their problems (shown in the browser as notices).
    UsageError for what can be refused before the screen changes; `terminal_check` runs
    before the filter values are checked, as it always has."""
    from csto_tui.loader.bundled import bundled_data_path
    from csto_tui.model.dataset import Dataset
    from csto_tui.query import QueryEngine
    from csto_tui.ui.keys import keymap_problems
    from csto_tui.ui.options import BrowseOptions

    check_paths(args.paths)
    args, loaded, problems = with_settings(args)
    settings = loaded.settings
    if args.since is not None:  # as `diff` checks its words: before the screen changes
        from csto_tui.history.git import GitError
        from csto_tui.history.since import plan_since

        try:
            plan_since(args.since, args.paths)
        except GitError as exc:
            raise UsageError(str(exc)) from None
    args = apply_view(args)
    terminal_check()
    # Countries, kinds and dates need no data: refuse them before the screen changes, with
    # the same messages as `list`. Bodies and tags are checked once the data is loaded.
    probe = QueryEngine(Dataset())
    query_from_args(probe, argparse.Namespace(**{**vars(args), "bodies": [], "tags": []}))
    problems += keymap_problems(settings.keymap, loaded.keymap_at)
    options = BrowseOptions(
        paths=tuple(args.paths or [str(bundled_data_path())]),
        countries=tuple(args.countries), bodies=tuple(args.bodies), kinds=tuple(args.kinds),
        tags=tuple(args.tags), date_from=args.date_from, date_to=args.date_to,
        search=args.search, reverse=args.reverse, cache=not args.no_cache,
        # The bundled copy never changes; `watch = false` in the settings turns it off.
        watch=bool(args.paths) and settings.watch and not args.no_watch,
        since=args.since, highlight=getattr(args, "highlight", False),
        view=getattr(args, "view", None),
    )  # fmt: skip
    return options, settings, tuple(problems)


def run_serve(args: argparse.Namespace) -> int:
    """`csto-tui serve` (csto_tui.web): the browser's own checks (`browse_setup`: exit 2,
    the same messages), bodies and tags against the data too (a page could not show the
    browser's refusal), then serve until stopped: exit 0 after Ctrl+C (SIGINT) or
    SIGTERM."""
    from csto_tui.query import QueryEngine
    from csto_tui.web import serve as web

    check_paths(args.paths)
    try:
        web.server_class()  # before the data is read: say it at once
        options, _settings, problems = browse_setup(args)
        for problem in problems:  # the served browsers show them as notices too
            _say(problem)
        data = _read(argparse.Namespace(paths=list(options.paths), no_cache=not options.cache))
        query_from_args(QueryEngine(data), argparse.Namespace(
            countries=list(options.countries), bodies=list(options.bodies),
            kinds=list(options.kinds), tags=list(options.tags), date_from=options.date_from,
            date_to=options.date_to, search=options.search, reverse=options.reverse,
        ))  # fmt: skip
        warning = web.exposure_warning(args.host)
        if warning:
            _say(warning)
        # The browsers get the options as given: each reads the settings and the view.
        command = web.served_command(web.browse_argv(args, browse_options))
        web.serve(args.host, args.port, command, lambda line: print(line, flush=True))
    except web.ServeError as exc:
        raise UsageError(str(exc)) from None
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    """Every diagnostic, then the summary; exit 1 on errors (on warnings too with --strict)."""
    from csto_tui.model.diagnostics import to_github, to_json

    args = _settings_said(args)  # a missing path is a diagnostic of check's own
    dataset = _read(args)
    failed = bool(dataset.errors or (args.strict and dataset.warnings))
    if args.format == "json":  # for tools: the original text, as UTF-8
        summary = {**dataset.summary(), **({"strict": True} if args.strict else {})}
        _write_stdout(to_json(dataset.diagnostics, summary) + "\n", utf8=True)
        return EXIT_DATA if failed else EXIT_OK
    strict = " (strict: warnings count as errors)" if args.strict else ""
    if args.format == "github":  # workflow commands; file names must stay as they are
        lines = [to_github(diag, strict=args.strict) for diag in dataset.diagnostics]
    else:
        lines = [str(diag) for diag in dataset.diagnostics]
    # The summary is a plain line: the log's last word, and no annotation of its own.
    lines = [*([] if args.quiet else lines), dataset.summary_line() + strict]
    _write_stdout("\n".join(lines) + "\n", utf8=args.format == "github")
    return EXIT_DATA if failed else EXIT_OK


def _utf8(stream: object) -> bool:
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def ascii_terminal(stream: object) -> bool:
    """Whether the app's own text on `stream` must be ASCII: under LANG=C and other
    non-UTF-8 locales, by the browser's rule (`unicode_ok`: Python's UTF-8 mode makes the
    stream say utf-8 there), or when the stream's encoding cannot take UTF-8."""
    from csto_tui.model.text import unicode_ok

    return not unicode_ok() or not _utf8(stream)


def _say(text: str) -> None:
    """One human line on stderr (diagnostic, warning, error), ASCII where it must be."""
    from csto_tui.model.text import to_ascii

    stream = sys.stderr
    print(to_ascii(text) if ascii_terminal(stream) else text, file=stream)


def _read(args: argparse.Namespace) -> Dataset:
    """Load the paths (the bundled data by default) through the cache unless --no-cache,
    with progress on a terminal's stderr; a cache that cannot be written is one warning."""
    from csto_tui.loader import load_dataset
    from csto_tui.loader.bundled import bundled_data_path
    from csto_tui.loader.cache import Cache
    from csto_tui.loader.progress import TerminalProgress

    progress = TerminalProgress(sys.stderr, ascii=ascii_terminal(sys.stderr))
    try:
        dataset = load_dataset(args.paths or [bundled_data_path()], progress=progress,
                               store=Cache(enabled=not args.no_cache))  # fmt: skip
    finally:
        progress.done()
    if dataset.cache_note:
        _say(f"csto-tui: warning: {dataset.cache_note}; loading will not be faster next time")
    return dataset


def _load(args: argparse.Namespace) -> Dataset | None:
    """The dataset, or None after printing its diagnostics when it has errors and the user
    did not ask for --lenient (then one warning line instead)."""
    from csto_tui.model.text import plural

    check_paths(args.paths, commands=False)  # a typo is a usage error, not bad data
    dataset = _read(args)
    errors = len(dataset.errors)
    if not errors:
        return dataset
    if not args.lenient:
        for diag in dataset.diagnostics:
            _say(str(diag))
        _say(dataset.summary_line())
        return None
    _say(
        f"csto-tui: warning: {plural(errors, 'data error')} (see `csto-tui check`); "
        f"using the {plural(len(dataset.events), 'valid event')}"
    )
    return dataset


def _write_stdout(text: str, *, utf8: bool) -> None:
    """`utf8` formats (csv, json, yaml, ics...) go out as UTF-8 bytes whatever the locale,
    with the original text; human text in the terminal's encoding, as ASCII on an ASCII
    terminal ('->' for '→', '?' for what it cannot show)."""
    from csto_tui.model.text import to_ascii

    if not utf8 and ascii_terminal(sys.stdout):
        text = to_ascii(text)
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # replaced by a StringIO (tests)
        sys.stdout.write(text)
        return
    encoding = "utf-8" if utf8 else (getattr(sys.stdout, "encoding", None) or "utf-8")
    buffer.write(text.encode(encoding, errors="replace"))
    buffer.flush()


def _terminal_width() -> int | None:
    """The terminal's columns to fit human output to; None in a pipe or a file, where
    nothing is cut (`csto-tui list | grep` must see every title and place whole)."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size((80, 24)).columns


def _matching(args: argparse.Namespace) -> tuple[QueryEngine, Query] | None:
    """The engine over the dataset and the query the filter options describe; None when
    the data has errors."""
    from csto_tui.query import QueryEngine

    check_paths(args.paths, commands=False)  # first, as in `_load`
    args = _settings_said(args)
    args = apply_view(args)  # before the data is read: an unknown view is a usage error
    dataset = _load(args)
    if dataset is None:
        return None
    engine = QueryEngine(dataset)
    return engine, query_from_args(engine, args)


def run_list(args: argparse.Namespace) -> int:
    from csto_tui.export import UTF8_FORMATS, render

    found = _matching(args)
    if found is None:
        return EXIT_DATA
    engine, query = found
    dataset, events = engine.dataset, engine.run(query).events
    if args.limit:
        events = events[: args.limit]
    if args.output:  # a file: nothing cut, UTF-8
        text = render(args.format, events, dataset)
    else:
        ascii = ascii_terminal(sys.stdout)
        text = render(args.format, events, dataset, width=_terminal_width(), ascii=ascii)
    if not events and args.format == "table":
        _say("no events match")
    elif not args.output and args.format in ("table", "md") and ascii_terminal(sys.stdout):
        from csto_tui.export.tabular import transliterates

        if transliterates(events):  # the reader is told it is not the original text
            _say("csto-tui: note: Cyrillic is written in Latin letters (transliterated): this "
                 "terminal cannot show it; --format csv or json keeps the original")  # fmt: skip
    if args.output:
        from csto_tui.export.atomic import write_atomic, write_error_words

        try:
            write_atomic(args.output, text)
        except OSError as exc:  # in words about the user's path, never our temporary file
            words = write_error_words(args.output, exc)
            raise UsageError(f"cannot write {args.output}: {words}") from None
    elif text:
        _write_stdout(text, utf8=args.format in UTF8_FORMATS)
    return EXIT_OK


def run_stats(args: argparse.Namespace) -> int:
    from csto_tui.export.stats import stats_data, stats_json, stats_text

    found = _matching(args)
    if found is None:
        return EXIT_DATA
    engine, query = found
    dataset = engine.dataset
    stats = stats_data(engine.mask(query).bit_count(), engine.counts(query), dataset.registry)
    if args.format == "json":
        _write_stdout(stats_json(stats), utf8=True)
    else:
        ascii = ascii_terminal(sys.stdout)
        width = _terminal_width()
        text = stats_text(stats, dataset.registry, width=width, ascii=ascii)
        if args.histogram or (args.histogram is None and width is not None):
            from csto_tui.query.histogram import counts_of, histogram_lines
            from csto_tui.query.index import bit_list

            counts = counts_of(engine.index.runs, bit_list(engine.mask(query)))
            total, rest = text.split("\n", 1)
            drawn = "\n".join(histogram_lines(counts, width or 80, ascii=ascii))
            text = f"{total}\n\n{drawn}\n{rest}"
        _write_stdout(text, utf8=False)
    return EXIT_OK


def run_diff(parser: argparse.ArgumentParser, words: list[str]) -> int:
    """`diff`: split at `--` before argparse (which would drop it), then hand over to
    history.git (the comparison) and export.changes (the output)."""
    from csto_tui.export.changes import render_changes
    from csto_tui.history.git import GitError, plan

    cut = words.index("--") if "--" in words else None
    before, after = (words, None) if cut is None else (words[:cut], words[cut + 1 :])
    args = parser.parse_args(["diff", *before])
    try:
        comparison = plan(args.words, after)
        changes = comparison.changes()
    except GitError as exc:
        raise UsageError(str(exc)) from None
    ascii = ascii_terminal(sys.stdout)
    width = _terminal_width() if args.format == "table" else None
    text = render_changes(args.format, changes, comparison.old, comparison.new,
                          comparison.paths, width=width, ascii=ascii)  # fmt: skip
    _write_stdout(text, utf8=args.format == "json")
    return EXIT_DATA if args.exit_code and not changes.empty else EXIT_OK


def run_cache(args: argparse.Namespace) -> int:
    from csto_tui.loader.cache import cache_dir, clear

    if args.path:
        _write_stdout(f"{cache_dir()}\n", utf8=False)
        return EXIT_OK
    try:
        removed = clear()
    except OSError as exc:
        raise UsageError(f"cannot clear {cache_dir()}: {exc.strerror or exc}") from None
    from csto_tui.model.text import plural

    _say(f"removed {plural(removed, 'cache file')} from {cache_dir()}")
    return EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    """Print a skeleton event, or add it to --file and say at which line it starts."""
    import csto_tui.authoring as authoring

    try:
        if args.file is None:  # its id unique in the bundled dataset
            made = authoring.skeleton(args.date, args.title, args.kind, authoring.dataset_ids())
            _write_stdout(made.text, utf8=True)
            return EXIT_OK
        made, line = authoring.add_event(args.file, args.date, args.title, args.kind)
    except authoring.SkeletonError as exc:  # `--date '2018-13': ...`, as `list --from` says
        raise UsageError(f"--{exc}" if exc.field != "kind" else str(exc)) from None
    except authoring.FileUnwritable as exc:
        raise UsageError(str(exc)) from None
    except authoring.FileRefused as exc:
        _say(str(exc))
        return EXIT_DATA
    todo = ", ".join(str(line + i) for i in made.todo)
    _say(f"added {made.id} to {args.file} at line {line}; fill in the lines marked TODO: {todo}")
    return EXIT_OK


def run_views(args: argparse.Namespace) -> int:
    """The saved views, one a line: the name, then the command-line words it stands for;
    a views file that cannot be read is its one problem line on stderr and exit 1."""
    import json

    from csto_tui.config.views import ViewStore

    store = ViewStore()
    views, problem = store.load()
    if problem:
        _say(problem)
    ordered = sorted(views.items(), key=lambda item: item[0].casefold())
    if args.format == "json":
        listing = [{"name": name, "words": view.words(), "filters": view.to_dict()}
                   for name, view in ordered]  # fmt: skip
        data = {"path": str(store.path), "views": listing, "problem": problem}
        _write_stdout(json.dumps(data, ensure_ascii=False, indent=2) + "\n", utf8=True)
    elif ordered:
        width = max(len(name) for name, _ in ordered)
        lines = [f"{name.ljust(width)}  {view.describe()}" for name, view in ordered]
        _write_stdout("\n".join(lines) + "\n", utf8=False)
    elif not problem:
        _say(f"no saved views (in {store.path})")
    return EXIT_DATA if problem else EXIT_OK


def run_config(args: argparse.Namespace) -> int:
    """`config --path`, `--show` or `--edit` (csto_tui.config has the logic)."""
    from csto_tui.config.load import config_path, load_settings
    from csto_tui.config.text import show_text, template

    path = config_path()
    if args.path:
        _write_stdout(f"{path}\n", utf8=False)
        return EXIT_OK
    if args.edit:
        from csto_tui.export.atomic import write_atomic, write_error_words
        from csto_tui.ui.editor import editor_env, editor_words, run_editor

        words = editor_words(editor_env(load_settings(path).settings.editor))
        if shutil.which(words[0]) is None:
            raise UsageError(f"no editor {words[0]!r}: set $VISUAL or $EDITOR")
        if not path.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(path, template())
            except OSError as exc:
                raise UsageError(f"cannot write {path}: {write_error_words(path, exc)}") from None
            _say(f"created {path}: every setting commented out, with its default")
        why = run_editor([*words, str(path)])
        if why:
            _say(f"csto-tui: warning: {why}")
    loaded = load_settings(path)
    from csto_tui.ui.keys import keymap_problems  # the binding ids are the browser's

    problems = [*loaded.problems, *keymap_problems(loaded.settings.keymap, loaded.keymap_at)]
    if args.show:
        _write_stdout(show_text(loaded), utf8=False)
    for problem in problems:
        _say(problem)
    if args.edit and not problems:
        _say(f"{path}: no problems")
    return EXIT_DATA if problems else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help", "--version"):
        argv = ["browse", *argv]
    try:
        if len(argv) > 1 and argv[0] == "browse" and not argv[1].startswith("-"):
            # Before argparse: `csto-tui lsit --format json` is about 'lsit', not --format.
            check_paths(argv[1:2])
        if argv[0] == "diff":
            return run_diff(parser, argv[1:])
        args = parser.parse_args(argv)
        if args.command == "check":
            return run_check(args)
        if args.command == "list":
            return run_list(args)
        if args.command == "stats":
            return run_stats(args)
        if args.command == "cache":
            return run_cache(args)
        if args.command == "new":
            return run_new(args)
        if args.command == "views":
            return run_views(args)
        if args.command == "config":
            return run_config(args)
        if args.command == "serve":
            return run_serve(args)
        return run_browse(args)
    except UsageError as exc:
        _say(f"csto-tui: error: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `csto-tui check | head`: not an error worth a traceback
        sys.stderr.close()
        return EXIT_OK
    return EXIT_OK
