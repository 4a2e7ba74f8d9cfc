"""A count meets its noun in one helper (`plural`): never '1 valid events' or '1 files'."""

from __future__ import annotations

import contextlib
import importlib.util
import io
from pathlib import Path

import pytest
from pydantic import BaseModel, Field, ValidationError

from csto_tui.cli import main
from csto_tui.export import render
from csto_tui.loader import Dataset, load_dataset
from csto_tui.loader.errors import explain_all
from csto_tui.model.records import Event
from csto_tui.model.schema import parse_event
from csto_tui.model.text import plural

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
GOOD = "  - {id: good-%d, date: '2020', title: Good event, summary: S., kind: visit, " + (
    "sources: [{title: T}]}\n"
)
BAD = "  - {id: bad-%d, date: '2020', title: Bad event, summary: S., kind: vist, " + (
    "sources: [{title: T}]}\n"
)


@pytest.mark.parametrize(
    ("n", "word", "words", "expected"),
    [(0, "event", "", "0 events"), (1, "event", "", "1 event"), (2, "body", "bodies", "2 bodies"),
     (1, "body", "bodies", "1 body")],
)  # fmt: skip
def test_plural(n: int, word: str, words: str, expected: str) -> None:
    assert plural(n, word, words) == expected


def test_plural_grouped() -> None:
    assert plural(4100, "event", grouped=True) == "4,100 events"
    assert plural(1, "event", grouped=True) == "1 event"


@pytest.mark.parametrize(("good", "bad"), [(1, 1), (2, 3)])
def test_lenient_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], good: int, bad: int
) -> None:
    path = tmp_path / "mixed.yaml"
    rows = "".join(GOOD % i for i in range(good)) + "".join(BAD % i for i in range(bad))
    path.write_text("events:\n" + rows, encoding="utf-8")
    assert main(["list", str(path), "--lenient", "--format", "json"]) == 0
    (line,) = capsys.readouterr().err.splitlines()
    errors = "1 data error" if bad == 1 else f"{bad} data errors"
    events = "the 1 valid event" if good == 1 else f"the {good} valid events"
    assert line == f"csto-tui: warning: {errors} (see `csto-tui check`); using {events}"


class _Short(BaseModel):
    code: str = Field(max_length=1)
    pair: list[int] = Field(min_length=2)


def test_length_limits_name_their_unit_in_the_right_number() -> None:
    with pytest.raises(ValidationError) as info:
        _Short.model_validate({"code": "ab", "pair": [1]})
    messages = [message for _, _, message in explain_all(info.value, _Short)]
    assert messages == ["code: must have at most 1 character", "pair: must have at least 2 items"]


def _linked(eid: str, *targets: str) -> Event:
    return parse_event(
        {"id": eid, "date": "2020", "title": "Linked", "summary": "S.", "kind": "visit",
         "sources": [{"title": "T"}], "related": [{"id": t, "type": "see-also"} for t in targets]}
    )  # fmt: skip


def test_yaml_export_counts_its_dropped_links() -> None:
    one = _linked("one", "elsewhere")
    two = _linked("two", "elsewhere", "far-away")
    assert render("yaml", [one], Dataset(events=[one])).startswith(
        "# left out: 1 related link pointing outside this export\n"
    )
    assert render("yaml", [one, two], Dataset(events=[one, two])).startswith(
        "# left out: 3 related links pointing outside this export\n"
    )


def test_progress_counts_files(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text("events: []\n", encoding="utf-8")
    seen: list[str] = []
    load_dataset([tmp_path / "a.yaml"], progress=lambda step: seen.append(str(step)))
    assert seen[0] == "reading a.yaml (1 of 1 file)"
    seen.clear()
    load_dataset([tmp_path], progress=lambda step: seen.append(str(step)))
    reading = [line for line in seen if line.startswith("reading")]
    assert reading == ["reading a.yaml (1 of 2 files)", "reading b.yaml (2 of 2 files)"]


def test_generate_says_1_event(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("script_generate", SCRIPTS / "generate.py")
    assert spec and spec.loader
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    out, err = tmp_path / "one.yaml", io.StringIO()
    with contextlib.redirect_stderr(err):
        assert generate.main(["1", str(out)]) == 0
    assert err.getvalue().startswith(f"wrote 1 event to {out}, ")
    assert out.read_text(encoding="utf-8").startswith("# Synthetic csto-tui dataset: 1 event,")
    assert generate.header(2000, 7)[0].startswith("# Synthetic csto-tui dataset: 2,000 events,")
