"""`check` in CI: `--strict`, `--format github`, and the warnings about text a reader would
misread (control, bidi and invisible characters), end to end: exit codes, and the output
parsed back line by line."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from test_check_cli import BROKEN_ARG, DIAG_RE, assert_clean_stderr, csto, summary_of
from test_loader import event, events, write

from csto_tui.loader import dataset as dataset_module
from csto_tui.loader import load_dataset
from csto_tui.loader.bundled import bundled_data_path
from csto_tui.loader.cache import Cache
from csto_tui.loader.textcheck import (
    CONTROL_NAMES,
    FORMAT_CHARS,
    SUSPECT,
    describe,
    locate,
    may_mislead,
)
from csto_tui.model.diagnostics import Diagnostic, Severity, to_github

REPO = Path(__file__).resolve().parents[2]
MISLEADING_ARG = "tests/fixtures/misleading/events.yaml"
MISLEADING = REPO / MISLEADING_ARG
STRICT = " (strict: warnings count as errors)"
GITHUB_RE = re.compile(r"^::(?P<level>error|warning) (?P<props>[^:]*)::(?P<msg>.*)$")

# (line, column, message fragment, the file's text from that column): each suspect character
# of the fixture, at itself (an escape at its backslash), whatever the scalar's style.
TEXT_TABLE: list[tuple[int, int, str, str]] = [
    (5, 19, "shadow-staff: name contains U+FEFF ZERO WIDTH NO-BREAK SPACE (invisible", "\\ufeff"),
    (6, 13, "abbr contains U+2060 WORD JOINER", "\u2060S"),
    (7, 24, "aliases[1] contains U+2066 LEFT-TO-RIGHT ISOLATE (a bidi control", "\\u2066"),
    (7, 35, "aliases[1] contains U+2069 POP DIRECTIONAL ISOLATE", "\\u2069"),
    (11, 23, "reversed-title: title contains U+202E RIGHT-TO-LEFT OVERRIDE (a bidi control: "
     "the text may display in a different order than it reads)", "\u202etransit"),
    (11, 31, "title contains U+202C POP DIRECTIONAL FORMATTING", "\u202c routes"),
    (14, 9, "summary contains U+00AD SOFT HYPHEN (invisible: the text looks the same without "
     "it, yet compares and searches differently), 2 times: the first is here", "\u00adphen"),
    (16, 26, "location.place contains U+200E LEFT-TO-RIGHT MARK", "\u200eshkek"),
    (18, 18, "people[0].name contains U+200D ZERO WIDTH JOINER", "\u200dRam"),
    (19, 25, "people[0].role contains U+200C ZERO WIDTH NON-JOINER", "\u200cdeputy"),
    (22, 35, "figures[0].item contains U+00AD SOFT HYPHEN", "\u00adoin"),
    (24, 24, "sources[0].title contains U+001B ESCAPE (a control character: terminals and "
     "editors may hide it or act on it)", "\\e[31m"),
    (25, 35, "sources[0].url contains U+200B ZERO WIDTH SPACE", "\u200bb"),
    (26, 25, "sources[0].publisher contains U+007F DELETE", "\\x7f"),
    (26, 34, "sources[0].publisher contains U+009B CONTROL SEQUENCE INTRODUCER", "\\x9b"),
    (26, 43, "sources[0].publisher contains U+2028 LINE SEPARATOR", "\\L"),
    (31, 38, "plain-lines: summary contains U+E0001 LANGUAGE TAG", "\U000e0001 char"),
]  # fmt: skip
TEXT_SUMMARY = {"events": 2, "bodies": 1, "errors": 0, "warnings": len(TEXT_TABLE)}


def diag_lines(stdout: str) -> list[dict[str, str]]:
    """The FILE:LINE:COL lines before the summary, parsed (every one must parse)."""
    lines = stdout.rstrip("\n").splitlines()[:-1]
    parsed = [DIAG_RE.match(line) for line in lines]
    assert all(parsed), [line for line, m in zip(lines, parsed, strict=True) if not m]
    return [m.groupdict() for m in parsed if m]


def _unescape(text: str) -> str:
    for escaped, plain in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, plain)
    return text


def github_lines(stdout: str) -> tuple[list[dict[str, str]], str]:
    """The annotations parsed back (properties unescaped) and the plain summary line."""
    *lines, summary = stdout.rstrip("\n").split("\n")
    out = []
    for line in lines:
        m = GITHUB_RE.match(line)
        assert m, line
        props = dict(p.split("=", 1) for p in m["props"].split(","))
        out.append({"level": m["level"], "msg": _unescape(m["msg"]),
                    **{k: _unescape(v) for k, v in props.items()}})  # fmt: skip
    assert not summary.startswith("::"), summary
    return out, summary


# --- the text warnings ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def misleading() -> object:
    return csto("check", MISLEADING_ARG)


def test_every_suspect_character_is_a_warning_at_itself(misleading: object) -> None:
    proc = misleading
    assert proc.returncode == 0, proc.stdout  # type: ignore[attr-defined]
    assert_clean_stderr(proc)  # type: ignore[arg-type]
    got = {(int(d["line"]), int(d["col"])): d for d in diag_lines(proc.stdout)}  # type: ignore[attr-defined]
    assert sorted(got) == sorted((line, col) for line, col, _, _ in TEXT_TABLE)
    for line, col, fragment, _ in TEXT_TABLE:
        d = got[line, col]
        assert d["sev"] == "warning" and d["file"] == MISLEADING_ARG
        assert fragment in d["msg"], (line, col, d["msg"])
    assert summary_of(proc.stdout) == TEXT_SUMMARY  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("line", "col", "at"),
    [(line, col, at) for line, col, _, at in TEXT_TABLE],
    ids=[f"{line}:{col}" for line, col, _, _ in TEXT_TABLE],
)
def test_text_positions_point_at_the_character(line: int, col: int, at: str) -> None:
    row = MISLEADING.read_text(encoding="utf-8").split("\n")[line - 1]
    assert row[col - 1 :].startswith(at), (row, col, at)


def test_messages_are_inert(misleading: object) -> None:
    """The warnings name each character; they never hold one, nor the text around it."""
    out = misleading.stdout  # type: ignore[attr-defined]
    assert SUSPECT.search(out) is None


def test_the_fixture_takes_the_fast_path_and_positions_need_no_reread(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A record with a warning is parsed alone for its positions: re-reading a whole file
    with the positional loader takes a minute at 100,000 events."""

    def no_reread(*_: object) -> None:
        raise AssertionError("the whole file was re-read for positions")

    monkeypatch.setattr(dataset_module, "_positions_of", no_reread)
    ds = load_dataset([MISLEADING], store=Cache(tmp_path / "c"))
    got = sorted((d.line, d.column) for d in ds.warnings)
    assert got == sorted((line, col) for line, col, _, _ in TEXT_TABLE)


def test_list_and_stats_still_run_with_text_warnings() -> None:
    listed = csto("list", MISLEADING_ARG, "--format", "csv")
    assert listed.returncode == 0 and listed.stderr == ""
    rows = list(csv.reader(io.StringIO(listed.stdout, newline="")))
    assert [row[0] for row in rows] == ["id", "reversed-title", "plain-lines"]
    assert csto("stats", MISLEADING_ARG).returncode == 0


def test_invalid_record_id_with_an_invisible_character(tmp_path: Path) -> None:
    """An id refused as no slug, for a character nobody sees: the warning says which."""
    path = write(tmp_path / "id.yaml", events(event('"ev\\u200b2"')))
    proc = csto("check", str(path))
    assert proc.returncode == 1
    diags = diag_lines(proc.stdout)
    assert [d["sev"] for d in diags] == ["error", "warning"]
    assert "is not a slug" in diags[0]["msg"]
    warn = diags[1]
    assert warn["msg"].startswith("ev\ufffd2: id contains U+200B ZERO WIDTH SPACE")
    row = path.read_text(encoding="utf-8").split("\n")[int(warn["line"]) - 1]
    assert row[int(warn["col"]) - 1 :].startswith("\\u200b")


def test_positional_path_reads_the_same(tmp_path: Path) -> None:
    """A literal U+FEFF inside the text sends the file to the positional loader: same
    warning, at the character."""
    path = write(tmp_path / "bom.yaml", events(event("ev", title="A \ufefftitle")))
    proc = csto("check", str(path))
    (d,) = diag_lines(proc.stdout)
    assert "title contains U+FEFF ZERO WIDTH NO-BREAK SPACE" in d["msg"]
    row = path.read_text(encoding="utf-8").split("\n")[int(d["line"]) - 1]
    assert row[int(d["col"]) - 1] == "\ufeff"


def test_a_leading_bom_is_no_warning(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + events(event("ev")).encode("utf-8"))
    assert not may_mislead(path.read_bytes())
    proc = csto("check", "--strict", str(path))
    assert proc.returncode == 0, proc.stdout


def test_bundled_and_generated_data_are_clean_and_skip_the_walk() -> None:
    assert not may_mislead(bundled_data_path().read_bytes())
    assert not may_mislead('title: "a \\"quoted\\" word", x: é — “q” \u00a0\n'.encode())
    assert may_mislead(b't: "\\u202e"') and may_mislead("t: a\u00adb".encode())
    assert may_mislead(b't: "\\e"') and may_mislead(b"t: a\x7fb")


@pytest.mark.parametrize(
    ("written", "value", "index", "at"),
    [
        ("a\u200bb c", "a\u200bb c", 1, "\u200bb"),
        ("'it''s \u200b'", "it's \u200b", 5, "\u200b'"),
        ('"x \\u200b \\"q\\" \u200b"', 'x \u200b "q" \u200b', 8, '\u200b"'),
        ('"tab\\there\\x85"', "tab\there\x85", 8, "\\x85"),
        (">-\n  one two\n  three\u00ad four", "one two three\u00ad four", 13, "\u00ad four"),
        ("| # not \u00ad this\n  one\n  x\u00ady\n", "one\nx\u00ady\n", 5, "\u00ady"),
        ('"over \\\n  lines \u200b"', "over lines \u200b", 11, '\u200b"'),
    ],
)
def test_locate_undoes_each_style(written: str, value: str, index: int, at: str) -> None:
    text = f"key: {written}\nnext: x\n"
    found = locate(text, 5, value, index)
    assert found is not None and text[found:].startswith(at)


def test_locate_refuses_a_scalar_that_is_not_the_value() -> None:
    assert locate('k: "other \\u200b"\n', 3, "value \u200b", 6) is None
    assert locate("k: 'a\u200b' more'\n", 3, "a\u200b", 1) is not None
    assert locate('k: "a\u200b b"\n', 3, "a\u200b", 1) is None  # more in the quotes


def test_character_classes_match_unicode() -> None:
    """Every format character (Cf) of this Python's Unicode is suspect; the list may name
    some this Python does not know yet (assigned later), never anything else."""
    suspect = re.compile(f"[{FORMAT_CHARS}]")
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        cat = unicodedata.category(c)
        if cat == "Cf":
            assert suspect.match(c), f"U+{cp:04X}"
        elif suspect.match(c):
            assert cat == "Cn", f"U+{cp:04X} is {cat}"
    for c, name in CONTROL_NAMES.items():
        assert unicodedata.lookup(name) == c
    assert not SUSPECT.search("\t\n plain é Ч “q” — \u00a0")


def test_describe_names_the_character() -> None:
    assert describe("\u202e") == (
        "U+202E RIGHT-TO-LEFT OVERRIDE "
        "(a bidi control: the text may display in a different order than it reads)"
    )
    assert describe("\x1b").startswith("U+001B ESCAPE (a control character")
    assert describe("\u2029").startswith("U+2029 PARAGRAPH SEPARATOR (a line break")


# --- --strict ------------------------------------------------------------------------------------


def test_strict_fails_on_warnings_only(misleading: object) -> None:
    proc = csto("check", "--strict", MISLEADING_ARG)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines[:-1] == misleading.stdout.splitlines()[:-1]  # type: ignore[attr-defined]
    summary = lines[-1]
    assert summary.endswith(STRICT)
    assert summary_of(summary.removesuffix(STRICT)) == TEXT_SUMMARY


def test_strict_on_clean_data_passes() -> None:
    proc = csto("check", "--strict")
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.splitlines()[-1].endswith("0 errors, 0 warnings" + STRICT)
    assert csto("check", "--strict", "--quiet", "--format", "github").returncode == 0


def test_strict_with_errors_fails_as_without() -> None:
    assert csto("check", BROKEN_ARG).returncode == 1
    proc = csto("check", "--strict", "--quiet", BROKEN_ARG)
    assert proc.returncode == 1
    assert proc.stdout == "4 events, 1 body, 39 errors, 1 warning" + STRICT + "\n"


def test_strict_json() -> None:
    proc = csto("check", "--strict", "--format", "json", MISLEADING_ARG)
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["summary"] == {**TEXT_SUMMARY, "strict": True}
    assert {d["severity"] for d in doc["diagnostics"]} == {"warning"}
    plain = json.loads(csto("check", "--format", "json", MISLEADING_ARG).stdout)
    assert "strict" not in plain["summary"] and plain["diagnostics"] == doc["diagnostics"]


# --- --format github -----------------------------------------------------------------------------


@pytest.mark.parametrize("strict", [False, True], ids=["plain", "strict"])
def test_github_lines_say_what_the_text_lines_say(strict: bool) -> None:
    """The broken fixture, the text one and a missing path (a diagnostic without a line):
    one annotation per diagnostic, in the same order, then the same summary."""
    args = [BROKEN_ARG, MISLEADING_ARG, "no/such.yaml"] + (["--strict"] if strict else [])
    text = csto("check", *args)
    github = csto("check", "--format", "github", *args)
    assert github.returncode == text.returncode == 1
    assert_clean_stderr(github)
    annotations, summary = github_lines(github.stdout)
    assert summary == text.stdout.splitlines()[-1]
    *rows, _ = text.stdout.rstrip("\n").split("\n")
    assert len(annotations) == len(rows) > 50
    for a, row in zip(annotations, rows, strict=True):
        assert a["title"] == "csto-tui"
        m = DIAG_RE.match(row)
        if m is None:  # no position: FILE: severity: message
            file, sev, msg = re.match(r"^(.+?): (error|warning): (.*)$", row).groups()  # type: ignore[union-attr]
            assert "line" not in a and "col" not in a
        else:
            file, sev, msg = m["file"], m["sev"], m["msg"]
            assert (a["line"], a["col"]) == (m["line"], m["col"])
        assert (a["file"], a["msg"]) == (file, msg)
        assert a["level"] == ("error" if strict else sev)
    levels = {a["level"] for a in annotations}
    assert levels == ({"error"} if strict else {"error", "warning"})


def test_github_escapes_file_names_and_messages(tmp_path: Path) -> None:
    """',' and ':' in a file name, '%' and LF in a message: escaped, one line each."""
    folder = tmp_path / "a,b:c%d"
    path = write(folder / "x,y:z.yaml", events(event('"50%\\nx\\ry"'), event("ok")))
    proc = csto("check", "--format", "github", str(path))
    assert proc.returncode == 1
    raw = proc.stdout.rstrip("\n").split("\n")
    annotations, summary = github_lines(proc.stdout)
    assert summary == "1 event, 0 bodies, 1 error, 1 warning"  # the warning: CR, a control
    first, second = annotations
    assert len(raw) == 3 and second["level"] == "warning"
    assert second["msg"].startswith("50%\ufffdx\ufffdy: id contains U+000D CARRIAGE RETURN")
    escaped_file = str(path).replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    assert raw[0].startswith(f"::error file={escaped_file},line=2,col=9,title=csto-tui::")
    assert "::50%25%0Ax\ufffdy: id: '50%25\\nx\\ry' is not a slug" in raw[0]  # CR: scrubbed
    assert first["file"] == str(path)
    assert first["msg"].startswith("50%\nx\ufffdy: id: '50%\\nx\\ry' is not a slug")


def test_to_github_leaves_out_unknown_positions() -> None:
    d = Diagnostic("f.yaml", 0, 0, Severity.ERROR, "no such file or directory")
    assert to_github(d) == "::error file=f.yaml,title=csto-tui::no such file or directory"
    w = Diagnostic("d/f.yaml", 3, 0, Severity.WARNING, "100% sure: a, b")
    assert to_github(w) == "::warning file=d/f.yaml,line=3,title=csto-tui::100%25 sure: a, b"
    assert to_github(w, strict=True).startswith("::error file=d/f.yaml,line=3,")
    odd = Diagnostic("a,b:c%.yaml", 1, 2, Severity.ERROR, "x\r\ny: 5%, a:b")
    assert to_github(odd) == (
        "::error file=a%2Cb%3Ac%25.yaml,line=1,col=2,title=csto-tui::x%0D%0Ay: 5%25, a:b"
    )


def test_github_quiet_prints_the_summary_only() -> None:
    proc = csto("check", "--format", "github", "--quiet", MISLEADING_ARG)
    assert proc.returncode == 0
    assert proc.stdout == "2 events, 1 body, 0 errors, 17 warnings\n"


def test_every_free_text_of_a_record_is_looked_at() -> None:
    """Each text of an event and a body, alone holding a suspect, is the one reported."""
    from msgspec.structs import replace

    from csto_tui.loader.parsed import Parsed
    from csto_tui.loader.positions import Positions
    from csto_tui.loader.textcheck import suspects
    from csto_tui.model.dataset import Origin
    from csto_tui.model.records import Body, Figure, Location, Person, Source
    from csto_tui.model.schema import parse_event

    bad = "x\u200by"
    base = parse_event({"id": "ev", "date": "2018", "title": "Title", "summary": "s",
                        "kind": "meeting", "sources": [{"title": "T"}]})  # fmt: skip
    where = Origin("f.yaml", 1, 1)
    cases = {
        ("title",): replace(base, title=bad),
        ("summary",): replace(base, summary=bad),
        ("location", "place"): replace(base, location=Location(place=bad)),
        ("location", "region"): replace(base, location=Location(region=bad)),
        ("people", 1, "name"): replace(base, people=[Person(name="A"), Person(name=bad)]),
        ("people", 0, "role"): replace(base, people=[Person(name="A", role=bad)]),
        ("figures", 0, "metric"): replace(base, figures=[
            Figure(metric=bad, value=1, unit="kg", qualifier="exact")]),
        ("figures", 0, "item"): replace(base, figures=[
            Figure(metric="m", item=bad, value=1, unit="kg", qualifier="exact")]),
        ("sources", 0, "publisher"): replace(base, sources=[Source(publisher=bad)]),
        ("sources", 1, "title"): replace(base, sources=[Source(title="T"), Source(title=bad)]),
        ("sources", 0, "url"): replace(base, sources=[Source(title="T", url=bad)]),
        ("name",): Body(id="b", name=bad),
        ("abbr",): Body(id="b", name="B", abbr=bad),
        ("aliases", 1): Body(id="b", name="B", aliases=["a", bad]),
    }  # fmt: skip
    for path, record in cases.items():
        assert suspects(Parsed(record, where, Positions())) == [(path, bad)], path
    assert suspects(Parsed(base, where, Positions())) == []
    raw = {"id": bad, "tags": ["ok", bad], "kind": {"x": bad}}
    found = suspects(Parsed(None, where, Positions(), valid=False, data=raw))
    assert found == [(("id",), bad), (("tags", 1), bad), (("kind", "x"), bad)]
