"""The settings file: defaults, where it lives, one problem line per bad key (the others
kept), and `csto-tui config --path | --show | --edit`."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from csto_tui.cli import main
from csto_tui.config import Settings, config_path, load_settings, show_text, template
from csto_tui.config.load import key_positions

REPO = Path(__file__).resolve().parents[2]
PROBLEM = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): error: (?P<words>.+)$")


@pytest.fixture(autouse=True)
def no_user_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never the real ~/.config: every test's files live in its tmp_path."""
    monkeypatch.delenv("CSTO_TUI_CONFIG", raising=False)
    monkeypatch.setenv("CSTO_TUI_CONFIG_DIR", str(tmp_path / "cfg"))
    for name in ("VISUAL", "EDITOR"):
        monkeypatch.delenv(name, raising=False)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def only_problem(loaded: object) -> re.Match[str]:
    problems = loaded.problems  # type: ignore[attr-defined]
    assert len(problems) == 1, problems
    m = PROBLEM.match(problems[0])
    assert m, problems[0]
    return m


# --- defaults and where the file is -----------------------------------------------------


def test_defaults_without_a_file(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "none.toml")
    assert loaded.settings == Settings()
    assert loaded.problems == []
    assert not loaded.found
    assert set(loaded.sources.values()) == {"default"}
    s = loaded.settings
    assert (s.theme, s.keymap, s.data, s.watch, s.clipboard, s.editor) == (
        "textual-dark", {}, [], True, "osc52", None)  # fmt: skip
    assert (s.date_style, s.histogram, s.restore_last_view) == ("edtf", True, False)


def test_env_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert config_path() == tmp_path / "cfg" / "config.toml"  # the directory variable
    path = write(tmp_path, "watch = false\n")
    monkeypatch.setenv("CSTO_TUI_CONFIG", str(path))  # the file itself wins
    assert config_path() == path
    loaded = load_settings()
    assert loaded.path == path and loaded.settings.watch is False and loaded.found
    assert loaded.sources["watch"] == f"{path}:1"


def test_platform_dir_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_config_dir

    monkeypatch.delenv("CSTO_TUI_CONFIG_DIR")
    assert config_path() == Path(user_config_dir("csto-tui", appauthor=False)) / "config.toml"


def test_empty_file_is_the_defaults(tmp_path: Path) -> None:
    loaded = load_settings(write(tmp_path, "# nothing yet\n"))
    assert loaded.settings == Settings() and loaded.problems == [] and loaded.found


# --- each field, valid and invalid ------------------------------------------------------

VALID = [
    ('theme = "nord"', "theme", "nord"),
    ('data = ["events/", "more.yaml"]', "data", ["events/", "more.yaml"]),
    ("watch = false", "watch", False),
    ('clipboard = "off"', "clipboard", "off"),
    ('editor = "code --wait"', "editor", "code --wait"),
    ('date_style = "words"', "date_style", "words"),
    ("histogram = false", "histogram", False),
    ("restore_last_view = true", "restore_last_view", True),
]


@pytest.mark.parametrize(("line", "name", "value"), VALID)
def test_valid_value(tmp_path: Path, line: str, name: str, value: object) -> None:
    path = write(tmp_path, f"# settings\n\n{line}\n")
    loaded = load_settings(path)
    assert loaded.problems == []
    assert getattr(loaded.settings, name) == value
    assert loaded.sources[name] == f"{path}:3"


INVALID = [
    ('theme = "nrod"', 'theme: unknown theme "nrod" (did you mean \'nord\'?); '
     'using "textual-dark"'),
    ("theme = 3", 'theme: expected text in quotes, not 3; using "textual-dark"'),
    ('data = "events/"', 'data: expected a list of paths in quotes, e.g. ["events/"], not '
     '"events/"; using []'),
    ('data = ["a", 3]', "data: item 2: expected a path in quotes, not 3; using []"),
    ('data = [""]', "data: an empty path in the list; using []"),
    ('watch = "yes"', 'watch: expected true or false, not "yes"; using true'),
    ("watch = 1", "watch: expected true or false, not 1; using true"),
    ('clipboard = "of"', "clipboard: expected \"osc52\" or \"off\", not \"of\" (did you "
     "mean 'off'?); using \"osc52\""),
    ("clipboard = false", 'clipboard: expected "osc52" or "off", not false; using "osc52"'),
    ('editor = ""', "editor: an empty command (leave it out for $VISUAL, $EDITOR or vi); "
     "using $VISUAL, $EDITOR or vi"),
    ("editor = \"vim '\"", "editor: \"vim '\" has an unbalanced quote; using $VISUAL, "
     "$EDITOR or vi"),
    ('date_style = "iso"', 'date_style: expected "edtf" or "words", not "iso"; using "edtf"'),
    ('histogram = "no"', 'histogram: expected true or false, not "no"; using true'),
    ("restore_last_view = []", "restore_last_view: expected true or false, not []; "
     "using false"),
    ('keymap = "x"', 'keymap: expected a table ([keymap] then lines like "browser.search" '
     '= "slash,ctrl+f"), not "x"; using no overrides'),
]  # fmt: skip


@pytest.mark.parametrize(("line", "words"), INVALID)
def test_invalid_value(tmp_path: Path, line: str, words: str) -> None:
    path = write(tmp_path, f"# settings\n\n{line}\n")
    loaded = load_settings(path)
    m = only_problem(loaded)
    assert (m["file"], m["line"], m["col"], m["words"]) == (str(path), "3", "1", words)
    assert loaded.settings == Settings()  # that key's default
    assert set(loaded.sources.values()) == {"default"}


def test_example_of_the_issue(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nord"\n\n\nwatch = "yes"\n')
    assert load_settings(path).problems == [
        f'{path}:4:1: error: watch: expected true or false, not "yes"; using true'
    ]


def test_a_bad_value_keeps_the_others(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nord"\nwatch = "yes"\nhistogram = false\n'
                           'date_style = "words"\nclipboard = "on"\n')  # fmt: skip
    loaded = load_settings(path)
    assert [p.split(": error: ")[0] for p in loaded.problems] == [f"{path}:2:1", f"{path}:5:1"]
    s = loaded.settings
    assert (s.theme, s.watch, s.histogram, s.date_style, s.clipboard) == (
        "nord", True, False, "words", "osc52")  # fmt: skip
    assert loaded.sources["theme"] == f"{path}:1"
    assert loaded.sources["watch"] == "default"


def test_unknown_key_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nord"\n  thme = "nord"\ncolour = 1\n')
    loaded = load_settings(path)
    assert loaded.problems == [
        f"{path}:2:3: error: unknown setting 'thme' (did you mean 'theme'?); ignored",
        f"{path}:3:1: error: unknown setting 'colour'; ignored",
    ]
    assert loaded.settings.theme == "nord"


def test_unknown_table(tmp_path: Path) -> None:
    path = write(tmp_path, 'watch = false\n\n[keymaps]\n"a.b" = "x"\n')
    m = only_problem(load_settings(path))
    assert (m["line"], m["words"]) == (
        "3",
        "unknown setting 'keymaps' (did you mean 'keymap'?); ignored",
    )


# --- the keymap -------------------------------------------------------------------------


def test_keymap_forms(tmp_path: Path) -> None:
    path = write(tmp_path, '[keymap]\n"browser.search" = "slash, ctrl+f"\n'
                           'timeline.next = "j,down"\n"app.help" = "?,f1"\n\n'
                           '[keymap.app]\nquit = "q,ctrl+q"\n')  # fmt: skip
    loaded = load_settings(path)
    assert loaded.problems == []
    assert loaded.settings.keymap == {
        "browser.search": "slash,ctrl+f",  # spaces after the commas dropped
        "timeline.next": "j,down",  # a bare dotted key is the same id
        "app.help": "?,f1",  # single characters are keys too
        "app.quit": "q,ctrl+q",  # and a [keymap.app] table names its screen
    }
    assert loaded.keymap_sources["browser.search"] == f"{path}:2"
    assert loaded.keymap_sources["timeline.next"] == f"{path}:3"
    assert loaded.keymap_sources["app.quit"] == f"{path}:7"
    assert loaded.sources["keymap"] == f"{path}:1"


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ('"browser" = "x"', "keymap: 'browser' is not a binding id (expected screen.action, "
         "e.g. 'browser.search'); ignored"),
        ('"Browser.Search" = "x"', "keymap: 'Browser.Search' is not a binding id (expected "
         "screen.action, e.g. 'browser.search'); ignored"),
        ('"a.b.c" = "x"', "keymap: 'a.b.c' is not a binding id (expected screen.action, "
         "e.g. 'browser.search'); ignored"),
        ('"app.quit" = ""', 'keymap."app.quit": no keys given (expected key names, '
         "comma-separated, e.g. 'slash,ctrl+f'); the binding keeps its default keys"),
        ('"app.quit" = "q,"', "keymap.\"app.quit\": an empty key in 'q,' (key names, "
         "comma-separated, no trailing comma; a comma itself is 'comma'); the binding keeps "
         "its default keys"),
        ('"app.quit" = "ctrl+"', "keymap.\"app.quit\": 'ctrl+' is not a key name (e.g. "
         "'slash', 'ctrl+f', 'f1', 'j'); the binding keeps its default keys"),
        ('"app.quit" = "cmd+q"', "keymap.\"app.quit\": 'cmd+q': unknown modifier 'cmd' "
         "(one of ctrl, shift, alt, meta, super, hyper); the binding keeps its default keys"),
        ('"app.quit" = "page down"', "keymap.\"app.quit\": 'page down' is not a key name "
         "(e.g. 'slash', 'ctrl+f', 'f1', 'j'); the binding keeps its default keys"),
        ('"app.quit" = 3', 'keymap."app.quit": expected keys in quotes, e.g. '
         '"slash,ctrl+f", not 3; the binding keeps its default keys'),
    ],
)  # fmt: skip
def test_bad_keymap_entry_drops_only_it(tmp_path: Path, entry: str, words: str) -> None:
    path = write(tmp_path, f'[keymap]\n"browser.search" = "slash"\n{entry}\n')
    loaded = load_settings(path)
    m = only_problem(loaded)
    assert (m["line"], m["words"]) == ("3", words)
    assert loaded.settings.keymap == {"browser.search": "slash"}


def test_settings_model_refuses_what_the_file_would() -> None:
    from pydantic import ValidationError

    for bad in ({"keymap": {"x": "a"}}, {"watch": "yes"}, {"colour": 1}, {"theme": "nope"}):
        with pytest.raises(ValidationError):
            Settings.model_validate(bad)
    assert Settings(keymap={"app.quit": "q , ctrl+q"}).keymap == {"app.quit": "q,ctrl+q"}


def test_themes_are_textuals_and_ours() -> None:
    from textual.theme import BUILTIN_THEMES

    from csto_tui.config import THEMES
    from csto_tui.ui.themes import THEMES as OURS

    assert set(THEMES) == set(BUILTIN_THEMES) | {t.name for t in OURS}
    assert not {t.name for t in OURS} & set(BUILTIN_THEMES)


# --- files that are no settings ---------------------------------------------------------


def test_toml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nord"\nwatch = yes\n')
    loaded = load_settings(path)
    assert loaded.problems == [
        f"{path}:2:9: error: not valid TOML: invalid value; using the defaults"
    ]
    assert loaded.settings == Settings()  # nothing of it kept


def test_toml_error_at_the_end(tmp_path: Path) -> None:
    path = write(tmp_path, 'watch = true\ntheme = "nord')  # no newline: "at end of document"
    m = only_problem(load_settings(path))
    assert (m["line"], m["col"]) == ("2", "14")
    assert m["words"] == "not valid TOML: unterminated string; using the defaults"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'watch = true\ntheme = "\xff"\n')
    m = only_problem(load_settings(path))
    assert (m["line"], m["col"]) == ("2", "10")
    assert m["words"] == "not UTF-8 text (byte 0xff); using the defaults"


def test_a_folder_is_one_problem(tmp_path: Path) -> None:
    folder = tmp_path / "config.toml"
    folder.mkdir()
    m = only_problem(load_settings(folder))
    assert m["words"].startswith("cannot read it (") and m["words"].endswith("using the defaults")


def test_key_positions_skip_strings_and_arrays() -> None:
    text = 'data = [\n  "watch = 1",\n]\ntheme = """\nwatch = 2\n"""\n  watch = true\n'
    assert key_positions(text)[("watch",)] == (7, 3)


# --- the template -----------------------------------------------------------------------


def test_template_is_valid_toml_that_loads_without_problems(tmp_path: Path) -> None:
    text = template()
    assert tomllib.loads(text) == {}
    loaded = load_settings(write(tmp_path, text))
    assert loaded.problems == [] and loaded.settings == Settings()
    for name in Settings.model_fields:
        assert re.search(rf"^# (\[)?{name}\b", text, re.M), name


def test_template_uncommented_loads_as_the_defaults(tmp_path: Path) -> None:
    """Every commented setting, uncommented, is valid: the template shows real values."""
    text = re.sub(r"^# (\w+ = .*|\[keymap\]|\".*)$", r"\1", template(), flags=re.M)
    loaded = load_settings(write(tmp_path, text))
    assert loaded.problems == []
    defaults = Settings().model_dump(exclude={"editor", "keymap"})
    assert loaded.settings.model_dump(exclude={"editor", "keymap"}) == defaults


# --- the command line -------------------------------------------------------------------


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run_main(capsys, "config", "--path") == (0, f"{tmp_path / 'cfg' / 'config.toml'}\n", "")
    assert not (tmp_path / "cfg").exists()  # printing the path makes nothing


def test_cli_needs_one_action(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["config"])
    out, err = capsys.readouterr()
    assert (exit_.value.code, out) == (2, "")
    assert "one of the arguments --path --show --edit is required" in err


def test_cli_show_parses_back(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = write(tmp_path, 'theme = "nord"\ndata = ["ev/"]\n[keymap]\n"app.quit" = "q"\n')
    monkeypatch.setenv("CSTO_TUI_CONFIG", str(path))
    code, out, err = run_main(capsys, "config", "--show")
    assert (code, err) == (0, "")
    back = tomllib.loads(out)
    assert back == load_settings(path).settings.model_dump(exclude={"editor"})
    assert out.splitlines()[0] == f"# {path}"
    assert 'theme = "nord"  # from config.toml:1' in out.splitlines()
    assert "watch = true  # default" in out.splitlines()
    assert '"app.quit" = "q"  # from config.toml:4' in out.splitlines()


def test_cli_show_without_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run_main(capsys, "config", "--show")
    assert (code, err) == (0, "")
    assert "(not found: every value is the default)" in out.splitlines()[0]
    assert Settings.model_validate(tomllib.loads(out)) == Settings()


def test_cli_show_with_problems_exits_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = write(tmp_path, 'watch = "yes"\nhistogram = false\n')
    monkeypatch.setenv("CSTO_TUI_CONFIG", str(path))
    code, out, err = run_main(capsys, "config", "--show")
    assert code == 1
    assert err == f'{path}:1:1: error: watch: expected true or false, not "yes"; using true\n'
    assert tomllib.loads(out)["histogram"] is False  # the good key still shown, in effect


def fake_editor(tmp_path: Path, line: str) -> str:
    script = tmp_path / "fake editor.sh"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' '{line}' >> \"$1\"\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return f"'{script}'"  # quoted, as a shell would need it (the path has a space)


def test_cli_edit_creates_the_template_then_checks(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "watch = false"))
    path = tmp_path / "cfg" / "config.toml"
    code, out, err = run_main(capsys, "config", "--edit")
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        f"created {path}: every setting commented out, with its default",
        f"{path}: no problems",
    ]
    assert path.read_text(encoding="utf-8").startswith(template())
    assert load_settings(path).settings.watch is False


def test_cli_edit_reports_problems(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = write(tmp_path, "histogram = false\n")
    monkeypatch.setenv("CSTO_TUI_CONFIG", str(path))
    monkeypatch.setenv("VISUAL", fake_editor(tmp_path, 'clipboard = "on"'))
    monkeypatch.setenv("EDITOR", "false")  # VISUAL comes first
    code, out, err = run_main(capsys, "config", "--edit")
    assert (code, out) == (1, "")
    assert err == (f'{path}:2:1: error: clipboard: expected "osc52" or "off", not "on"; '
                   'using "osc52"\n')  # fmt: skip
    assert path.read_text(encoding="utf-8") == 'histogram = false\nclipboard = "on"\n'


def test_cli_edit_without_an_editor(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("EDITOR", "no-such-editor-here --wait")
    code, out, err = run_main(capsys, "config", "--edit")
    assert (code, out) == (2, "")
    assert err == "csto-tui: error: no editor 'no-such-editor-here': set $VISUAL or $EDITOR\n"
    assert not (tmp_path / "cfg").exists()


def test_cli_edit_editor_failing_is_a_warning(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = write(tmp_path, "watch = true\n")
    monkeypatch.setenv("CSTO_TUI_CONFIG", str(path))
    monkeypatch.setenv("EDITOR", "false")
    code, _, err = run_main(capsys, "config", "--edit")
    assert code == 0
    assert err.splitlines() == [
        "csto-tui: warning: the editor exited with status 1",
        f"{path}: no problems",
    ]


def test_cli_edit_cannot_write(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("CSTO_TUI_CONFIG", str(blocker / "config.toml"))
    monkeypatch.setenv("EDITOR", "true")
    code, _, err = run_main(capsys, "config", "--edit")
    assert code == 2
    assert err.startswith(f"csto-tui: error: cannot write {blocker / 'config.toml'}: ")
    assert "Traceback" not in err


# --- in a real process: no traceback, ASCII under LANG=C, headless -----------------------

LOCALE_VARS = ("LANG", "LC_ALL", "LC_CTYPE", "PYTHONUTF8", "PYTHONIOENCODING")


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    clean = {k: v for k, v in os.environ.items() if k not in LOCALE_VARS}
    clean.update({"LANG": "C", "LC_ALL": "C", "CSTO_TUI_CONFIG_DIR": str(tmp_path / "cfg")})
    clean.pop("CSTO_TUI_CONFIG", None)
    clean.update(env)
    return subprocess.run([sys.executable, "-m", "csto_tui", *args], cwd=REPO,
                          capture_output=True, env=clean, timeout=60)  # fmt: skip


def test_lang_c_messages_are_ascii_and_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nörd"\neditor = "“vim”"\nwatch = "ja"\n"thème" = 1\n',
                    encoding="utf-8")  # fmt: skip
    done = run(tmp_path, "config", "--show", CSTO_TUI_CONFIG=str(path))
    assert done.returncode == 1
    for stream in (done.stdout, done.stderr):
        assert not [b for b in stream if b >= 128], stream
        assert b"Traceback" not in stream
    assert len(done.stderr.decode().splitlines()) == 3  # theme, watch, the unknown key
    syntax = tmp_path / "bad.toml"
    syntax.write_text("[[[\n", encoding="utf-8")
    done = run(tmp_path, "config", "--show", CSTO_TUI_CONFIG=str(syntax))
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert done.stderr.decode().startswith(f"{syntax}:1:")


def test_config_package_is_headless() -> None:
    code = ("import sys, csto_tui.config as c; c.load_settings(); c.show_text(c.load_settings());"
            "c.template(); print('textual' in sys.modules)")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60).stdout  # fmt: skip
    assert out.strip() == "False"


def test_show_text_of_a_loaded_file_is_toml(tmp_path: Path) -> None:
    path = write(tmp_path, 'editor = "nvim"\n[keymap]\nbrowser.search = "slash"\n')
    text = show_text(load_settings(path))
    assert tomllib.loads(text)["editor"] == "nvim"
    assert tomllib.loads(text)["keymap"] == {"browser.search": "slash"}
