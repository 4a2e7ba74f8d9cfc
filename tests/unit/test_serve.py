"""`csto-tui serve` before it serves: the same checks and messages as the browser, the
missing extra in one line, the warning off loopback, the browser's options passed on whole,
and the terminal check that only a served page passes. tests/e2e/test_serve.py runs it."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from csto_tui.cli import browse_options, build_parser, main
from csto_tui.web.serve import (
    SERVED_ENV,
    WEB_DRIVER,
    browse_argv,
    exposure_warning,
    in_served_page,
    served_command,
)


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_without_textual_serve_it_says_what_to_install() -> None:
    """textual-serve made unimportable, as when the web extra is not installed."""
    probe = ("import sys; sys.modules['textual_serve'] = None\n"
             "from csto_tui.cli import main; sys.exit(main(['serve']))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "csto-tui: error: serve needs textual-serve: pip install 'csto-tui[web]'\n"
    )


@pytest.mark.parametrize(
    "args",
    [["/nonexistent"], ["--country", "XX"], ["--kind", "party"], ["--body", "NOPE"],
     ["--tag", "no-such-tag"], ["--from", "2018-13"], ["--view", "nope"]],
    ids=["path", "country", "kind", "body", "tag", "date", "view"],
)  # fmt: skip
def test_paths_and_filters_are_refused_as_list_refuses_them(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    """Bodies and tags too: a page could not show the browser's refusal."""
    expected = run_main(capsys, "list", *args)
    code, out, err = run_main(capsys, "serve", *args)
    assert (code, out) == (2, "")
    assert err == expected[2] and err.startswith("csto-tui: error: ")
    assert "Serving" not in out


def test_since_outside_a_repository_is_refused_as_the_browser_refuses_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "events.yaml"
    data.write_text("events: []\n", encoding="utf-8")
    expected = run_main(capsys, str(data), "--since", "HEAD")
    code, out, err = run_main(capsys, "serve", str(data), "--since", "HEAD")
    assert (code, out) == (2, "")
    assert err == expected[2] and "needs a terminal" not in err


@pytest.mark.parametrize("port", ["0", "65536", "http", "-1"])
def test_a_port_outside_1_to_65535_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], port: str
) -> None:
    with pytest.raises(SystemExit) as exited:  # argparse's own exit
        main(["serve", f"--port={port}"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert f"expected a port from 1 to 65535, not {port!r}" in err


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.1", "::1", "[::1]", "localhost"])
def test_loopback_needs_no_warning(host: str) -> None:
    assert exposure_warning(host) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.7", "name.invalid"])
def test_any_other_address_is_warned_about(host: str) -> None:
    warning = exposure_warning(host)
    assert warning is not None
    assert warning.startswith(f"csto-tui: warning: serving on {host}, not only on this machine")
    assert "anyone who can reach that address can read the data" in warning


def test_the_served_browser_gets_every_option_given_to_serve() -> None:
    """What serve parses, browse parses back the same (values that start with a dash, a
    path that does too, repeated options), without --host and --port."""
    given = ["--country", "KG", "--country", "Armenia", "--search=-opium", "--from", "2018",
             "--reverse", "--no-watch", "--no-cache", "--view", "kg", "--since", "HEAD~1",
             "--host", "0.0.0.0", "--port", "9000", "--", "data/", "-odd.yaml"]  # fmt: skip
    served = build_parser().parse_args(["serve", *given])
    words = browse_argv(served, browse_options)
    assert words[0] == "browse" and "--host" not in " ".join(words)
    browsed = build_parser().parse_args(words)
    assert {k: v for k, v in vars(browsed).items() if k != "command"} == {
        k: v for k, v in vars(served).items() if k not in ("command", "host", "port")
    }
    # The defaults add nothing: the browser reads its settings as `csto-tui` would.
    bare = browse_argv(build_parser().parse_args(["serve"]), browse_options)
    assert bare == ["browse", "--"]


def test_the_served_command_is_this_interpreter_running_csto_tui() -> None:
    words = shlex.split(served_command(["browse", "--search=it's", "--", "a b.yaml"]))
    assert words == ["exec", sys.executable, "-m", "csto_tui", "browse", "--search=it's",
                     "--", "a b.yaml"]  # fmt: skip


@pytest.mark.parametrize(
    ("env", "served"),
    [({}, False), ({SERVED_ENV: "1"}, False), ({"TEXTUAL_DRIVER": WEB_DRIVER}, False),
     ({SERVED_ENV: "1", "TEXTUAL_DRIVER": WEB_DRIVER}, True),
     ({SERVED_ENV: "0", "TEXTUAL_DRIVER": WEB_DRIVER}, False)],
)  # fmt: skip
def test_only_a_page_serve_started_passes_for_a_terminal(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], served: bool
) -> None:
    for name in (SERVED_ENV, "TEXTUAL_DRIVER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert in_served_page() is served


@pytest.mark.parametrize("env", [{SERVED_ENV: "1"}, {"TEXTUAL_DRIVER": WEB_DRIVER}])
def test_half_of_a_served_page_still_needs_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], env: dict[str, str]
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code, _out, err = run_main(capsys)
    assert code == 2
    assert "the browser needs a terminal" in err


def test_a_plain_pipe_still_refuses_the_browser() -> None:
    """`csto-tui </dev/null | cat`, the real binary: as before serve existed."""
    done = subprocess.run([sys.executable, "-m", "csto_tui"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith("csto-tui: error: the browser needs a terminal")


def test_serve_is_a_command_with_its_options_in_the_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    text = capsys.readouterr().out
    for option in ("--host", "--port", "--country", "--no-watch", "--since"):
        assert option in text
