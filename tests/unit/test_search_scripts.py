"""Search across scripts, through the engine and through `csto-tui list --search`: Latin
data found by Cyrillic queries and Cyrillic data by Latin ones, word prefixes and phrases,
highlights on the original letters, and near-misses that stay apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from csto_tui.cli import main as cli_main
from csto_tui.loader import load_dataset
from csto_tui.query import QueryEngine, parse_terms
from csto_tui.query.index import search_fields

EVENTS = """\
events:
  - id: cyrillic-council
    date: 2025-06-30
    title: Заседание Совета в Бишкеке
    summary: Совет министров иностранных дел провёл заседание.
    kind: meeting
    location: {place: Чолпон-Ата, country: KG}
    people: [{name: Садыр Жапаров, role: Президент}]
    sources: [{title: Сообщение}]
  - id: latin-reception
    date: 2025-06-30
    title: President Sadyr Japarov receives the ministers, Cholpon-Ata
    summary: The reception was held in Cholpon-Ata on the shore of the lake.
    kind: reception
    location: {place: Cholpon-Ata, country: KG}
    sources: [{title: Press release}]
  - id: latin-zasedaniye
    date: 2024-05-01
    title: Zasedaniye in Bishkek
    summary: A session in the capital.
    kind: meeting
    sources: [{title: Report}]
  - id: stage-saratov
    date: 2018-05-01
    title: Stage in Saratov
    summary: A stage of the operation.
    kind: operation
    sources: [{title: Report}]
  - id: talks-sarajevo
    date: 2018-06-01
    title: Переговоры в Сараево
    summary: Встреча.
    kind: meeting
    sources: [{title: Report}]
  - id: taraz-visit
    date: 2019-01-01
    title: Visit to Taraz
    summary: A visit.
    kind: visit
    sources: [{title: Report}]
  - id: tartu-visit
    date: 2019-02-01
    title: Визит в Тарту
    summary: Визит.
    kind: visit
    sources: [{title: Report}]
  - id: osh-meeting
    date: 2020-01-01
    title: Meeting in Osh
    summary: A meeting.
    kind: meeting
    sources: [{title: Report}]
  - id: omsk-meeting
    date: 2020-02-01
    title: Встреча в Омске
    summary: Встреча.
    kind: meeting
    sources: [{title: Report}]
"""

JAPAROV = {"cyrillic-council", "latin-reception"}
BISHKEK = {"cyrillic-council", "latin-zasedaniye"}


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scripts") / "events.yaml"
    path.write_text(EVENTS, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def engine(data: Path) -> QueryEngine:
    dataset = load_dataset([data])
    assert not dataset.diagnostics, [str(d) for d in dataset.diagnostics]
    return QueryEngine(dataset)


def found(engine: QueryEngine, text: str) -> set[str]:
    return {e.id for e in engine.run(engine.parse(search=text)).events}


@pytest.mark.parametrize("text", ["Жапаров", "Japarov", "Zhaparov", "Žaparov", "ЖАПАРОВ"])
def test_a_name_in_any_script_finds_both_spellings(engine: QueryEngine, text: str) -> None:
    assert found(engine, text) == JAPAROV


@pytest.mark.parametrize("text", ["Бишкек", "Bishkek", "BIŠKEK"])
def test_bishkek_in_either_script(engine: QueryEngine, text: str) -> None:
    assert found(engine, text) == BISHKEK


@pytest.mark.parametrize("text", ["Заседание", "zasedanie", "zasedaniye", "заседани"])
def test_zasedanie_in_every_spelling(engine: QueryEngine, text: str) -> None:
    assert found(engine, text) == {"cyrillic-council", "latin-zasedaniye"}


@pytest.mark.parametrize("text", ["Жап", "Zhap", "Jap", "ja", "Ж", "Zh", "J"])
def test_word_prefixes_across_scripts(engine: QueryEngine, text: str) -> None:
    assert found(engine, text) == JAPAROV


@pytest.mark.parametrize("text", ["Чолпон", "Cholpon", "Čolpon", "чолп"])
def test_cholpon_ata_in_either_script(engine: QueryEngine, text: str) -> None:
    assert found(engine, text) == JAPAROV


@pytest.mark.parametrize("text", ['"Cholpon Ata"', '"Чолпон-Ата"', '"cholpon-at', '"Чолпон Ат'])
def test_phrases_across_scripts(engine: QueryEngine, text: str) -> None:
    assert found(engine, text) == JAPAROV


def test_a_phrase_still_needs_its_words_in_order(engine: QueryEngine) -> None:
    assert found(engine, '"Ата Чолпон"') == set()
    assert found(engine, '"Sadyr Japarov"') == JAPAROV
    assert found(engine, '"Japarov Sadyr"') == set()
    assert found(engine, '"Совета в Bishkeke"') == {"cyrillic-council"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Saratov", {"stage-saratov"}),
        ("Саратов", {"stage-saratov"}),
        ("Сараево", {"talks-sarajevo"}),
        ("Taraz", {"taraz-visit"}),
        ("Тараз", {"taraz-visit"}),
        ("Тарту", {"tartu-visit"}),
        ("Tartu", {"tartu-visit"}),
        ("Ош", {"osh-meeting"}),
        ("Osh", {"osh-meeting"}),
        ("Омск", {"omsk-meeting"}),
        ("Omsk", {"omsk-meeting"}),
    ],
)
def test_near_misses_find_only_themselves(
    engine: QueryEngine, text: str, expected: set[str]
) -> None:
    assert found(engine, text) == expected


def highlighted(engine: QueryEngine, event_id: str, text: str) -> dict[str, list[str]]:
    ev = engine.dataset.event(event_id)
    assert ev is not None
    fields = search_fields(ev, engine.dataset.registry)
    return {
        name: [fields[name][a:b] for a, b in spans]
        for name, spans in engine.match(ev, parse_terms(text)).items()
    }


def test_highlights_cover_the_matched_letters_in_the_original_script(
    engine: QueryEngine,
) -> None:
    assert highlighted(engine, "latin-reception", "japa") == {
        "title": ["Japa"],
    }
    assert highlighted(engine, "cyrillic-council", "zhap") == {"people": ["Жап"]}
    assert highlighted(engine, "cyrillic-council", "Жап") == {"people": ["Жап"]}
    assert highlighted(engine, "latin-reception", "Жапаров") == {"title": ["Japarov"]}
    assert highlighted(engine, "cyrillic-council", "bishkek") == {"title": ["Бишкек"]}
    assert highlighted(engine, "cyrillic-council", "zasedaniye") == {
        "title": ["Заседание"],
        "summary": ["заседание"],
    }
    assert highlighted(engine, "latin-zasedaniye", "заседание") == {
        "title": ["Zasedaniye"],
        "id": ["zasedaniye"],
    }
    assert highlighted(engine, "latin-reception", '"Чолпон-Ат"') == {
        "title": ["Cholpon", "At"],
        "summary": ["Cholpon", "At"],
        "location": ["Cholpon", "At"],
    }


def test_highlight_of_a_digraph_spelling() -> None:
    from csto_tui.query import spans

    text = "President Zhaparov"
    assert [text[a:b] for a, b in spans(text, parse_terms("japa"))] == ["Zhapa"]
    text = "Президент Жапаров"
    assert [text[a:b] for a, b in spans(text, parse_terms("zhap"))] == ["Жап"]


# --- csto-tui list --search ---------------------------------------------------------------


def listed(data: Path, search: str, capsys: pytest.CaptureFixture[str]) -> set[str]:
    rc = cli_main(["list", str(data), "--no-cache", "--search", search, "--format", "jsonl"])
    out = capsys.readouterr().out
    assert rc == 0
    return {json.loads(line)["id"] for line in out.splitlines() if line}


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("Жапаров", JAPAROV),  # Latin data, Cyrillic query (and the Cyrillic event)
        ("Japarov", JAPAROV),  # and the reverse
        ("Zhaparov", JAPAROV),
        ("Bishkek", BISHKEK),
        ("Бишкек", BISHKEK),
        ("zasedaniye", {"cyrillic-council", "latin-zasedaniye"}),
        ("Jap", JAPAROV),
        ('"Cholpon Ata"', JAPAROV),
        ('"Чолпон-Ата"', JAPAROV),
        ("Саратов", {"stage-saratov"}),
        ("Сараево", {"talks-sarajevo"}),
    ],
)
def test_list_search_across_scripts(
    data: Path, search: str, expected: set[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert listed(data, search, capsys) == expected


def test_a_bodys_russian_name_and_abbreviation_are_searched() -> None:
    """`ОДКБ` and the Russian name of the CSTO find its events, as `CSTO` does."""
    from csto_tui.loader import load_dataset
    from csto_tui.loader.bundled import bundled_data_path
    from csto_tui.query import QueryEngine
    from csto_tui.query.view import build_view

    engine = QueryEngine(load_dataset([bundled_data_path()]))

    def found(text: str) -> set[str]:
        view = build_view(engine, engine.parse(search=text))
        return {e.id for e in view.events}

    csto = {e.id for e in engine.events if any(b.id == "csto" for b in e.bodies)}
    assert len(csto) >= 5
    assert found("ОДКБ") == found("odkb") and found("ОДКБ") >= csto
    assert found('"Организация Договора"') >= csto
