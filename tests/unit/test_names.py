"""Names in both scripts: bodies' and people's names in other languages (validated at their
positions), `--body` and `--country` by a Russian or a Latin name, suggestions from the
closest names in either script, and the bundled bodies' Russian names."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from csto_tui.loader import load_dataset
from csto_tui.loader.bundled import bundled_data_path
from csto_tui.query import QueryEngine, QueryError

REPO = Path(__file__).resolve().parents[2]
NAMES = REPO / "tests" / "fixtures" / "names"
CYRILLIC_EVENT = "2025-06-30-vstrecha-v-cholpon-ate"


def run(*args: str, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_CTYPE", "COLUMNS")}
    env["LANG"] = lang
    return subprocess.run([sys.executable, "-m", "csto_tui", *args], cwd=REPO,
                          capture_output=True, env=env, timeout=60, encoding="utf-8")  # fmt: skip


def engine(path: Path = NAMES) -> QueryEngine:
    dataset = load_dataset([path])
    assert not dataset.errors, dataset.diagnostics
    return QueryEngine(dataset)


def ids(engine: QueryEngine, **filters: list[str]) -> set[str]:
    return {e.id for e in engine.run(engine.parse(**filters)).events}


def error_of(engine: QueryEngine, **filters: list[str]) -> str:
    with pytest.raises(QueryError) as info:
        engine.parse(**filters)
    return str(info.value)


# --- the data format --------------------------------------------------------------------


def check(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "names.yaml"
    path.write_text(text, encoding="utf-8")
    return [str(d).replace(str(path), "names.yaml") for d in load_dataset([path]).diagnostics]


BODY = "bodies:\n  - id: csto\n    name: Collective Security Treaty Organization\n"
EVENT = (
    "events:\n  - id: e1\n    date: '2025'\n    title: Title\n    summary: S.\n"
    "    kind: meeting\n    sources: [{title: T}]\n"
)


def test_a_body_and_a_person_carry_names_in_other_languages(tmp_path: Path) -> None:
    text = (
        BODY + "    names:\n      ru: {name: Организация, abbr: ОДКБ}\n"
        "  - id: sec\n    name: Secretariat\n    names: {ru: Секретариат ОДКБ}\n"
        + EVENT + "    people: [{name: Sadyr Japarov, names: {ru: Садыр Жапаров}}]\n"
    )  # fmt: skip
    path = tmp_path / "ok.yaml"
    path.write_text(text, encoding="utf-8")
    dataset = load_dataset([path])
    assert dataset.diagnostics == []
    csto, sec = dataset.registry.get("csto"), dataset.registry.get("sec")
    assert csto and sec
    assert (csto.names["ru"].name, csto.names["ru"].abbr) == ("Организация", "ОДКБ")
    assert (sec.names["ru"].name, sec.names["ru"].abbr) == ("Секретариат ОДКБ", None)
    assert dataset.events[0].people[0].names == {"ru": "Садыр Жапаров"}


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ("    names:\n      russian: {name: Организация}\n",
         "names.yaml:5:7: error: csto: names.russian: 'russian' is not a language code"),
        ("    names:\n      RU: Организация\n",
         "names.yaml:5:7: error: csto: names.RU: 'RU' is not a language code"),
        ("    names:\n      ru: {name: '', abbr: ОДКБ}\n",
         "names.yaml:5:18: error: csto: names.ru.name: must not be empty"),
        ("    names: [ОДКБ]\n",
         "names.yaml:4:12: error: csto: names: expected a mapping, found a list"),
        ("    names:\n      ru: {abbr: ОДКБ}\n",
         "names.yaml:5:11: error: csto: missing required field 'names.ru.name'"),
        ("    names:\n      ru: {name: Организация, short: ОДКБ}\n",
         "names.yaml:5:31: error: csto: unknown field 'names.ru.short'"),
    ],
)  # fmt: skip
def test_a_bad_body_name_is_one_line_at_its_position(
    tmp_path: Path, names: str, expected: str
) -> None:
    got = check(tmp_path, BODY + names)
    assert len(got) == 1 and got[0].startswith(expected), got


def test_a_bad_person_name_is_one_line_at_its_key(tmp_path: Path) -> None:
    got = check(tmp_path, EVENT + "    people:\n      - name: Sadyr Japarov\n"
                "        names: {Russian: Садыр Жапаров}\n")  # fmt: skip
    assert got == [
        "names.yaml:10:17: error: e1: people[0].names.Russian: 'Russian' is not a language "
        "code: two or three lowercase letters (ISO 639, such as ru, kk, ky)"
    ]


def test_names_survive_the_yaml_export_and_load_back(tmp_path: Path) -> None:
    proc = run("list", str(NAMES), "--format", "yaml")
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "back.yaml"
    out.write_text(proc.stdout, encoding="utf-8")
    back = load_dataset([out])
    assert back.diagnostics == []
    assert back.registry.get("csto").names["ru"].abbr == "ОДКБ"  # type: ignore[union-attr]
    person = back.event(CYRILLIC_EVENT).people[0]  # type: ignore[union-attr]
    assert person.names == {"ru": "Садыр Жапаров"}


# --- bodies by name in either script ------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["ОДКБ", "одкб", "ODKB", "odkb", "CSTO", "Организация Договора о коллективной безопасности"],
)
def test_body_by_its_russian_name_or_abbreviation(name: str) -> None:
    names = engine()
    assert names.parse(bodies=[name]).bodies == {"csto"}
    assert ids(names, bodies=[name]) == {CYRILLIC_EVENT}  # through its Secretariat


def test_a_body_s_russian_name_without_abbreviation() -> None:
    assert engine().parse(bodies=["секретариат одкб"]).bodies == {"csto-secretariat"}


def test_an_unknown_body_suggests_the_closest_name_in_its_script() -> None:
    assert error_of(engine(), bodies=["ОДКВ"]) == "unknown body 'ОДКВ'; closest: ОДКБ"


def test_bundled_body_odkb_is_the_csto() -> None:
    bundled = engine(bundled_data_path())
    assert bundled.parse(bodies=["ОДКБ"]).bodies == {"csto"}
    assert ids(bundled, bodies=["ОДКБ"]) == ids(bundled, bodies=["CSTO"])
    assert bundled.parse(bodies=["УНП ООН"]).bodies == {"unodc"}
    assert bundled.parse(bodies=["СМИД"]).bodies == {"csto-cfm"}


def test_list_body_odkb_prints_the_csto_events() -> None:
    by_ru, by_en = (run("list", "--body", b, "--format", "json") for b in ("ОДКБ", "CSTO"))
    assert by_ru.returncode == 0, by_ru.stderr
    assert json.loads(by_ru.stdout) == json.loads(by_en.stdout) != []


def test_every_russian_name_in_the_bundled_data_is_marked_context() -> None:
    """The source text gives no Russian names: each `names:` says it is added context."""
    lines = bundled_data_path().read_text(encoding="utf-8").splitlines()
    at = [i for i, line in enumerate(lines) if re.match(r"\s+names:", line)]
    assert len(at) >= 5
    for i in at:
        assert lines[i - 1].strip().startswith("# context:"), lines[i - 1 : i + 1]
    raw = yaml.safe_load("\n".join(lines))
    assert all(set(b.get("names", {})) <= {"ru"} for b in raw["bodies"])


def test_the_bundled_header_cites_the_source_by_title_and_date() -> None:
    head = bundled_data_path().read_text(encoding="utf-8").split("\nbodies:")[0]
    assert "UNODC participated as an observer of the operation" in head
    assert "02.06.2018" in head
    assert "/" not in head.replace("02.06.2018", "")  # no path names the source


# --- countries by their Russian names -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [("Казахстан", "KZ"), ("Кыргызстан", "KG"), ("Киргизия", "KG"), ("Kirgiziya", "KG"),
     ("Белоруссия", "BY"), ("Беларусь", "BY"), ("Россия", "RU"), ("Российская Федерация", "RU"),
     ("Таджикистан", "TJ"), ("Армения", "AM"), ("Узбекистан", "UZ"), ("Азербайджан", "AZ"),
     ("Грузия", "GE"), ("Афганистан", "AF"), ("Китай", "CN"), ("Туркмения", "TM"),
     ("кыргызская республика", "KG")],
)  # fmt: skip
def test_country_by_its_russian_name(name: str, code: str) -> None:
    bundled = engine(bundled_data_path())
    assert bundled.parse(countries=[name]).countries == {code}


def test_a_russian_country_name_selects_what_its_code_does() -> None:
    names = engine()
    both = {"2024-05-01-latin-event-in-astana", CYRILLIC_EVENT}
    assert ids(names, countries=["Казахстан"]) == ids(names, countries=["KZ"]) == both


@pytest.mark.parametrize(
    ("typo", "closest"),
    [("Казахстн", "Казахстан (KZ)"), ("Kazakstan", "Kazakhstan (KZ)"),
     ("Кыргистан", "Кыргызстан (KG)"), ("Tadjikistan", "Tajikistan (TJ)")],
)  # fmt: skip
def test_an_unknown_country_suggests_the_closest_names_in_either_script(
    typo: str, closest: str
) -> None:
    message = error_of(engine(), countries=[typo])
    assert message.startswith(f"unknown country {typo!r}; closest: ")
    assert closest == message.split("closest: ")[1].split(", ")[0]
    assert "valid: AD" not in message


def test_list_country_by_russian_name_and_its_typo() -> None:
    ok = run("list", str(NAMES), "--country", "Кыргызстан", "--format", "json")
    assert ok.returncode == 0, ok.stderr
    assert [e["id"] for e in json.loads(ok.stdout)] == [CYRILLIC_EVENT]
    typo = run("list", str(NAMES), "--country", "Казахстн")
    assert typo.returncode == 2
    assert typo.stderr.startswith("csto-tui: error: unknown country 'Казахстн'; closest: "
                                  "Казахстан (KZ)")  # fmt: skip


def test_a_saved_view_names_a_country_in_russian(tmp_path: Path) -> None:
    views = tmp_path / "views.json"
    views.write_text(json.dumps({"version": 1, "views": {"kg": {"countries": ["Киргизия"]}}}),
                     encoding="utf-8")  # fmt: skip
    env = {**os.environ, "LANG": "C.UTF-8", "CSTO_TUI_VIEWS": str(views)}
    proc = subprocess.run([sys.executable, "-m", "csto_tui", "list", str(NAMES), "--view", "kg",
                           "--format", "json"], cwd=REPO, capture_output=True, env=env,
                          timeout=60, encoding="utf-8")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert [e["id"] for e in json.loads(proc.stdout)] == [CYRILLIC_EVENT]


@pytest.mark.parametrize(
    ("names", "line", "column"),
    [("    names:\n      ru: {name: \"Секре\\u202eтариат\"}\n", 5, 24),
     ("    names: {ru: \"Секре\\u202eтариат\"}\n", 4, 23)],
)  # fmt: skip
def test_a_hidden_character_in_a_name_is_a_warning_at_it(
    tmp_path: Path, names: str, line: int, column: int
) -> None:
    """At the escape's backslash, in either shape of `names`."""
    got = check(tmp_path, BODY + names)
    assert len(got) == 1, got
    assert got[0].startswith(f"names.yaml:{line}:{column}: warning: csto: names.ru.name contains "
                             "U+202E RIGHT-TO-LEFT OVERRIDE")  # fmt: skip


def test_a_country_written_by_its_russian_name_in_the_data_suggests_its_code(
    tmp_path: Path,
) -> None:
    got = check(tmp_path, EVENT + "    countries: [Казахстан]\n")
    assert got == [
        "names.yaml:8:17: error: e1: countries[0]: unknown country code 'Казахстан' "
        "(ISO 3166-1 alpha-2 expected); did you mean 'KZ'?"
    ]
