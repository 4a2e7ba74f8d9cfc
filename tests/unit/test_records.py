"""Record rules: one focused test per field rule of events and bodies, with message and position.

Each case writes one small YAML file, loads it, and checks the single diagnostic: its message
fragment, and that its line/column is where the offending text stands in the file (found by
searching the YAML text for the token, so the expectation cannot drift from the input).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from csto_tui.loader import Dataset, load_dataset
from csto_tui.model.countries import (
    country_name,
    fold,
    is_country,
    resolve_country,
    suggest_countries,
)
from csto_tui.model.records import KINDS, QUALIFIERS, RELATION_TYPES, ROLES, UNITS, Body, Event
from csto_tui.model.registry import BodyRegistry
from csto_tui.model.schema import parse_event

# --- helpers ----------------------------------------------------------------------------------

BASE_EVENT = {
    "id": "ev-base",
    "date": "2020-05-01",
    "title": "Fictional base event",
    "summary": "Base summary.",
    "kind": "meeting",
    "sources": "[{publisher: Example Gazette}]",
}


def event_yaml(**fields: str | None) -> str:
    """One event in block style, one `key: value` line per field (None drops a field)."""
    merged = {**BASE_EVENT, **fields}
    lines = ["events:"]
    for i, (key, value) in enumerate((k, v) for k, v in merged.items() if v is not None):
        lines.append(f"{'  - ' if i == 0 else '    '}{key}: {value}")
    return "\n".join(lines) + "\n"


def load(tmp_path: Path, text: str, name: str = "data.yaml") -> Dataset:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_dataset([path])


def locate(text: str, token: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the nth occurrence of token in text."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(token, at + 1)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def only_error(ds: Dataset) -> tuple[int, int, str]:
    assert len(ds.diagnostics) == 1, [str(d) for d in ds.diagnostics]
    (d,) = ds.diagnostics
    assert d.severity == "error"
    return d.line, d.column, d.message


def assert_one_error_at(
    tmp_path: Path, text: str, token: str, fragment: str, nth: int = 0, kept: tuple[str, ...] = ()
) -> str:
    ds = load(tmp_path, text)
    line, col, message = only_error(ds)
    assert fragment in message
    assert (line, col) == locate(text, token, nth), (message, text)
    assert [e.id for e in ds.events] == list(kept), "a record with an error is left out"
    return message


# --- the valid baseline -----------------------------------------------------------------------


def test_base_event_is_valid(tmp_path: Path) -> None:
    ds = load(tmp_path, event_yaml())
    assert ds.diagnostics == []
    (ev,) = ds.events
    assert ev.id == "ev-base"
    assert str(ev.date) == "2020-05-01"
    assert ev.kind == "meeting"
    assert ev.sources[0].publisher == "Example Gazette"
    assert (ev.location, ev.countries, ev.bodies, ev.people) == (None, [], [], [])
    assert (ev.figures, ev.tags, ev.related) == ([], [], [])


def test_every_optional_field_together_is_valid(tmp_path: Path) -> None:
    text = "bodies:\n  - {id: b-one, name: Body One}\n" + event_yaml(
        location="{place: Sampletown, region: North, country: KG}",
        countries="[KZ, RU]",
        bodies="[b-one]",
        people="[{name: A. Person, role: chair, body: b-one, country: KZ}]",
        figures="[{metric: seized, item: powder, value: 4753, unit: kg, qualifier: exact}]",
        sources="[{publisher: P, title: T, url: 'https://example.invalid', published: 2020-05-02}]",
        tags="[one, two-words, x2]",
    )
    ds = load(tmp_path, text)
    assert ds.diagnostics == []
    (ev,) = ds.events
    assert ev.people[0].body == "b-one"
    assert ev.figures[0].value == 4753
    assert ev.tags == ["one", "two-words", "x2"]


# --- event field rules: one error each, at the offending node ---------------------------------

LONG_ID = "a" * 81

FIELD_CASES = [
    # id: slug, at most 80 characters
    ("id-not-slug", {"id": "Ev_One"}, "Ev_One", "'Ev_One' is not a slug"),
    ("id-leading-dash", {"id": "-ev"}, "-ev", "is not a slug"),
    ("id-double-dash", {"id": "ev--one"}, "ev--one", "is not a slug"),
    ("id-trailing-dash", {"id": "ev-"}, "ev-", "is not a slug"),
    ("id-non-ascii", {"id": "évent"}, "évent", "is not a slug"),
    ("id-too-long", {"id": LONG_ID}, LONG_ID, "id: must have at most 80 characters"),
    ("id-missing", {"id": None, "date": "2020"}, "date", "missing required field 'id'"),
    # date: EDTF
    ("date-bad-month", {"date": "2020-13"}, "2020-13", "month 13 is out of range"),
    ("date-bad-day", {"date": "2019-02-29"}, "2019-02-29", "day 29 does not exist in February"),
    ("date-words", {"date": "soon"}, "soon", "unexpected 's'"),
    ("date-time", {"date": "'2020-05-01T10:00'"}, "'2020", "a time of day is not supported"),
    ("date-list", {"date": "[2020]"}, "[2020]", "a date must be an EDTF string"),
    ("date-reversed", {"date": "2021/2020"}, "2021/2020", "interval end 2020 is before"),
    ("date-missing", {"date": None}, "id: ev-base", "missing required field 'date'"),
    # title: 3-120 characters
    ("title-short", {"title": "ab"}, "ab", "title: must have at least 3 characters"),
    ("title-long", {"title": "x" * 121}, "x" * 121, "title: must have at most 120 characters"),
    ("title-list", {"title": "[a, b]"}, "[a, b]", "title: expected text, found a list"),
    # summary: non-empty
    ("summary-empty", {"summary": "''"}, "''", "summary: must not be empty"),
    ("summary-missing", {"summary": None}, "id: ev-base", "missing required field 'summary'"),
    # kind: one of KINDS
    ("kind-typo", {"kind": "meting"}, "meting", "(did you mean 'meeting'?)"),
    ("kind-capital", {"kind": "Meeting"}, "Meeting", "'Meeting' is not one of meeting"),
    ("kind-unknown", {"kind": "party"}, "party", "'party' is not one of meeting, reception"),
    # location {place?, region?, country?}
    ("location-field", {"location": "{place: P, city: Q}"}, "city", "field 'location.city'"),
    ("location-text", {"location": "Bishkek"}, "Bishkek", "location: expected a mapping"),
    ("location-country", {"location": "{country: Kyrgyzstan}"}, "Kyrgyzstan", "did you mean 'KG'?"),
    # countries: ISO alpha-2, unique
    ("countries-lower", {"countries": "[KG, kz]"}, "kz", "unknown country code 'kz'"),
    ("countries-name", {"countries": "[Kyrgyzstan]"}, "Kyrgyzstan", "did you mean 'KG'?"),
    ("countries-unknown", {"countries": "[XX]"}, "XX", "unknown country code 'XX' (ISO 3166-1"),
    ("countries-text", {"countries": "KG"}, "KG", "countries: expected a list, found text"),
    # bodies: {id, role?} or a bare id
    ("bodies-role", {"bodies": "[{id: b, role: boss}]"}, "boss", "'boss' is not one of organiser"),
    ("bodies-no-id", {"bodies": "[{role: host}]"}, "{role", "required field 'bodies[0].id'"),
    ("bodies-bad-id", {"bodies": "[Bad_Body]"}, "Bad_Body", "'Bad_Body' is not a slug"),
    ("bodies-field", {"bodies": "[{id: b, rank: 1}]"}, "rank", "unknown field 'bodies[0].rank'"),
    # people: {name, role?, body?, country?}
    ("people-no-name", {"people": "[{role: speaker}]"}, "{role", "field 'people[0].name'"),
    ("people-country", {"people": "[{name: A, country: Russia}]"}, "Russia", "'RU'"),
    ("people-body", {"people": "[{name: A, body: Bad_Body}]"}, "Bad_Body", "is not a slug"),
    ("people-field", {"people": "[{name: A, rank: 2}]"}, "rank", "unknown field 'people[0].rank'"),
    # figures: metric, item?, value >= 0, unit, qualifier
    ("figure-negative", {"figures": "[{metric: m, value: -3, unit: kg, qualifier: exact}]"},
     "-3", "figures[0].value: must be at least 0, found '-3'"),
    ("figure-nan", {"figures": "[{metric: m, value: .nan, unit: kg, qualifier: exact}]"},
     ".nan", "figures[0].value: expected a number"),
    ("figure-inf", {"figures": "[{metric: m, value: .inf, unit: kg, qualifier: exact}]"},
     ".inf", "figures[0].value: expected a number, found '.inf'"),
    ("figure-huge", {"figures": "[{metric: m, value: 1e400, unit: kg, qualifier: exact}]"},
     "1e400", "figures[0].value: Input should be a finite number"),
    ("figure-words", {"figures": "[{metric: m, value: lots, unit: kg, qualifier: exact}]"},
     "lots", "figures[0].value: expected a number, found 'lots'"),
    ("figure-unit", {"figures": "[{metric: m, value: 1, unit: tonnes, qualifier: exact}]"},
     "tonnes", "figures[0].unit: 'tonnes' is not one of kg, t, g, items, persons, cases"),
    ("figure-qualifier", {"figures": "[{metric: m, value: 1, unit: kg, qualifier: about}]"},
     "about", "'about' is not one of exact, approx, at-least, at-most"),
    ("figure-no-metric", {"figures": "[{value: 1, unit: kg, qualifier: exact}]"},
     "{value", "missing required field 'figures[0].metric'"),
    # sources: at least one, each with a publisher or a title
    ("sources-empty", {"sources": "[]"}, "[]", "sources: must not be empty"),
    ("sources-missing", {"sources": None}, "id: ev-base", "missing required field 'sources'"),
    ("source-unnamed", {"sources": "[{url: 'https://example.invalid'}]"}, "{url",
     "sources[0]: a source needs a publisher or a title"),
    ("source-published", {"sources": "[{title: T, published: 2020-99}]"}, "2020-99",
     "sources[0].published: month 99 is out of range"),
    ("source-field", {"sources": "[{title: T, date: 2020}]"}, "date: 2020}",
     "unknown field 'sources[0].date'"),
    # tags: unique slugs
    ("tags-not-slug", {"tags": "[ok, Not_Ok]"}, "Not_Ok", "tags[1]: 'Not_Ok' is not a slug"),
    ("tags-text", {"tags": "one"}, "one", "tags: expected a list, found text"),
    # related: {id, type}
    ("related-type", {"related": "[{id: other, type: child-of}]"}, "child-of",
     "'child-of' is not one of part-of, follows, precedes, see-also"),
    ("related-no-type", {"related": "[{id: other}]"}, "{id: other",
     "missing required field 'related[0].type'"),
    # unknown fields, with a hint for near misses
    ("unknown-field", {"colour": "red"}, "colour", "unknown field 'colour'"),
    ("unknown-near-miss", {"summery": "x"}, "summery", "(did you mean 'summary'?)"),
]  # fmt: skip


REFERRED_BODY = "bodies:\n  - {id: b, name: Body B}\n"
REFERRED_EVENT = (
    "  - {id: other, date: '2019', title: Other event, summary: Other., kind: visit,\n"
    "     sources: [{publisher: P}]}\n"
)


@pytest.mark.parametrize(
    ("fields", "token", "fragment"),
    [c[1:] for c in FIELD_CASES],
    ids=[c[0] for c in FIELD_CASES],
)
def test_event_field_rule(tmp_path: Path, fields: dict, token: str, fragment: str) -> None:
    # The body and the event the cases refer to exist: a record that fails its own
    # validation still has its well-formed references checked, so they must resolve here.
    text = REFERRED_BODY + event_yaml(**fields) + REFERRED_EVENT
    message = assert_one_error_at(tmp_path, text, token, fragment, kept=("other",))
    record_id = fields.get("id", "ev-base")
    if record_id:  # messages name their record, so one can be found in a long list
        assert message.startswith(f"{record_id}: ")


def test_summary_null_points_after_the_colon(tmp_path: Path) -> None:
    text = event_yaml(summary="")
    line, col, message = only_error(load(tmp_path, text))
    assert "summary: expected text, found nothing" in message
    # `summary:` with nothing after it: the (empty) value node stands after the colon.
    assert text.splitlines()[line - 1][: col - 1].rstrip() == "    summary:"


@pytest.mark.parametrize(
    ("field", "value", "token"),
    [("countries", "[KG, KZ, KG]", "KG"), ("tags", "[alpha, beta, alpha]", "alpha")],
)
def test_repeated_list_item_points_at_the_repeat(
    tmp_path: Path, field: str, value: str, token: str
) -> None:
    text = event_yaml(**{field: value})
    message = assert_one_error_at(tmp_path, text, token, "is listed twice (items 1 and 3)", nth=1)
    assert message.startswith(f"ev-base: {field}: {token!r} is listed twice")


def test_id_of_exactly_80_characters_is_valid(tmp_path: Path) -> None:
    ds = load(tmp_path, event_yaml(id="a" * 80))
    assert ds.diagnostics == []


@pytest.mark.parametrize("title", ["abc", "x" * 120])
def test_title_length_bounds_are_inclusive(tmp_path: Path, title: str) -> None:
    assert load(tmp_path, event_yaml(title=title)).diagnostics == []


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_accepted(tmp_path: Path, kind: str) -> None:
    ds = load(tmp_path, event_yaml(kind=kind))
    assert ds.diagnostics == []
    assert ds.events[0].kind == kind


def test_enumerations_match_the_spec() -> None:
    assert KINDS == (
        "meeting", "reception", "visit", "conference", "operation",
        "exercise", "agreement", "statement", "institutional",
    )  # fmt: skip
    assert ROLES == ("organiser", "host", "chair", "participant", "observer", "signatory")
    assert UNITS == ("kg", "t", "g", "items", "persons", "cases", "operations")
    assert QUALIFIERS == ("exact", "approx", "at-least", "at-most")
    assert RELATION_TYPES == ("part-of", "follows", "precedes", "see-also")


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("qualifier", QUALIFIERS)
def test_every_unit_and_qualifier_is_accepted(tmp_path: Path, unit: str, qualifier: str) -> None:
    fig = f"[{{metric: m, value: 0, unit: {unit}, qualifier: {qualifier}}}]"
    ds = load(tmp_path, event_yaml(figures=fig))
    assert ds.diagnostics == []
    assert (ds.events[0].figures[0].unit, ds.events[0].figures[0].qualifier) == (unit, qualifier)


def test_several_faults_of_one_record_are_all_reported(tmp_path: Path) -> None:
    text = event_yaml(title="ab", kind="meting", countries="[XX]", colour="red")
    ds = load(tmp_path, text)
    got = sorted((d.line, d.column) for d in ds.errors)
    want = sorted(locate(text, t) for t in ("ab", "meting", "XX", "colour"))
    assert got == want
    assert ds.summary()["errors"] == 4


# --- YAML scalars: dates and numbers arrive as the same text; yes/NO stay text ----------------


@pytest.mark.parametrize(
    ("plain", "quoted"),
    [("2025-06-30", "'2025-06-30'"), ("2018", '"2018"'), ("2018-05", "'2018-05'")],
)
def test_yaml_dates_and_ints_equal_their_quoted_form(
    tmp_path: Path, plain: str, quoted: str
) -> None:
    a = load(tmp_path, event_yaml(date=plain), "a.yaml")
    b = load(tmp_path, event_yaml(date=quoted), "b.yaml")
    assert a.diagnostics == b.diagnostics == []
    assert str(a.events[0].date) == plain
    assert a.events[0] == b.events[0]


def test_source_published_as_a_yaml_date(tmp_path: Path) -> None:
    ds = load(tmp_path, event_yaml(sources="[{title: T, published: 2020-05-02}]"))
    assert ds.diagnostics == []
    assert ds.events[0].sources[0].published.lower == date(2020, 5, 2)


@pytest.mark.parametrize(
    ("field", "raw", "text"),
    [
        ("summary", "yes", "yes"),
        ("title", "NO way", "NO way"),
        ("summary", "NO", "NO"),
        ("summary", "off", "off"),
        ("summary", "1e3", "1e3"),
        ("summary", "0o17", "0o17"),
        ("summary", "2020-01-01", "2020-01-01"),
        ("title", "true story", "true story"),
    ],
)
def test_yaml_booleans_and_numbers_stay_text(
    tmp_path: Path, field: str, raw: str, text: str
) -> None:
    ds = load(tmp_path, event_yaml(**{field: raw}))
    assert ds.diagnostics == []
    assert getattr(ds.events[0], field) == text


def test_tags_yes_no_stay_text(tmp_path: Path) -> None:
    ds = load(tmp_path, event_yaml(tags="[yes, no, on, 'off']"))
    assert ds.diagnostics == []
    assert ds.events[0].tags == ["yes", "no", "on", "off"]


def test_figure_value_written_as_a_yaml_int(tmp_path: Path) -> None:
    ds = load(
        tmp_path, event_yaml(figures="[{metric: m, value: 4753, unit: kg, qualifier: exact}]")
    )
    fig = ds.events[0].figures[0]
    assert fig.value == 4753.0
    assert fig.value_text == "4,753"


@pytest.mark.parametrize(("value", "text"), [(0.5, "0.5"), (1234.5, "1,234.5"), (0, "0")])
def test_figure_value_text(value: float, text: str) -> None:
    from csto_tui.model.records import Figure

    assert Figure(metric="m", value=value, unit="kg", qualifier="exact").value_text == text


# --- bodies on events: shorthand and default role ---------------------------------------------


def test_bodies_shorthand_and_default_role(tmp_path: Path) -> None:
    text = "bodies:\n  - {id: alpha, name: Alpha}\n  - {id: beta, name: Beta}\n" + event_yaml(
        bodies="[alpha, {id: beta}, {id: alpha, role: host}]"
    )
    ds = load(tmp_path, text)
    # The repeat of alpha is the only problem: shorthand and mapping forms are the same body.
    line, col, message = only_error(ds)
    assert "body 'alpha' is listed twice (items 1 and 3)" in message
    assert (line, col) == locate(text, "alpha, role")


@pytest.mark.parametrize("role", ROLES)
def test_body_roles(tmp_path: Path, role: str) -> None:
    text = "bodies:\n  - {id: alpha, name: Alpha}\n" + event_yaml(
        bodies=f"[{{id: alpha, role: {role}}}]"
    )
    ds = load(tmp_path, text)
    assert ds.diagnostics == []
    assert ds.events[0].bodies[0].role == role


def test_body_ref_shorthand_on_the_model() -> None:
    ev = parse_event(
        {
            "id": "e",
            "date": "2020",
            "title": "Title",
            "summary": "s",
            "kind": "meeting",
            "sources": [{"title": "t"}],
            "bodies": ["alpha", {"id": "beta"}, {"id": "gamma", "role": "chair"}],
        }
    )
    assert [(b.id, b.role) for b in ev.bodies] == [
        ("alpha", "participant"),
        ("beta", "participant"),
        ("gamma", "chair"),
    ]


# --- derived values ---------------------------------------------------------------------------


def _event(**kw: object) -> Event:
    data = {"id": "e", "date": "2020", "title": "Title", "summary": "s", "kind": "meeting"}
    return parse_event({**data, "sources": [{"title": "t"}], **kw})


@pytest.mark.parametrize(
    ("countries", "location", "expected"),
    [
        (["KZ", "RU"], {"country": "KG"}, ("KZ", "RU", "KG")),
        (["KG", "RU"], {"country": "KG"}, ("KG", "RU")),
        ([], {"country": "TJ"}, ("TJ",)),
        (["AM"], {"place": "Somewhere"}, ("AM",)),
        (["AM"], None, ("AM",)),
        ([], None, ()),
    ],
)
def test_all_countries_adds_the_location_country(
    countries: list[str], location: dict | None, expected: tuple[str, ...]
) -> None:
    assert _event(countries=countries, location=location).all_countries == expected


def test_records_are_frozen() -> None:
    ev = _event()
    with pytest.raises(AttributeError):
        ev.title = "Changed"  # type: ignore[misc]


def test_date_serialises_as_its_text() -> None:
    assert str(_event(date="2018-05/2018-06").date) == "2018-05/2018-06"


# --- the body registry: record rules ----------------------------------------------------------

BODY_CASES = [
    ("body-id-not-slug", "{id: Bad_Body, name: B}", "Bad_Body", "'Bad_Body' is not a slug"),
    ("body-no-name", "{id: b}", "{id", "missing required field 'name'"),
    ("body-empty-name", "{id: b, name: ''}", "''", "name: must not be empty"),
    ("body-field", "{id: b, name: B, nam: x}", "nam:", "unknown field 'nam'"),
    ("body-field-hint", "{id: b, name: B, alias: [x]}", "alias", "(did you mean 'aliases'?)"),
    ("body-aliases-text", "{id: b, name: B, aliases: x}", "x}", "aliases: expected a list"),
    ("body-aliases-twice", "{id: b, name: B, aliases: [x, y, x]}", "x]", "listed twice"),
    ("body-parent-slug", "{id: b, name: B, parent: Not_Slug}", "Not_Slug", "is not a slug"),
    ("body-not-mapping", "just-a-name", "just-a-name", "each of 'bodies' must be a mapping"),
]


@pytest.mark.parametrize(
    ("record", "token", "fragment"), [c[1:] for c in BODY_CASES], ids=[c[0] for c in BODY_CASES]
)
def test_body_record_rule(tmp_path: Path, record: str, token: str, fragment: str) -> None:
    text = f"bodies:\n  - {record}\nevents: []\n"
    ds = load(tmp_path, text)
    line, col, message = only_error(ds)
    assert fragment in message
    assert (line, col) == locate(text, token)
    assert len(ds.registry) == 0


def test_body_record_fields() -> None:
    body = Body(id="csto", name="Collective Security Treaty Organization", abbr="CSTO")
    assert body.label == "CSTO"
    assert Body(id="x", name="Long Name").label == "Long Name"
    assert Body(id="x", name="X").aliases == []


# --- registry: a tree with lookups ------------------------------------------------------------


@pytest.fixture
def registry() -> BodyRegistry:
    return BodyRegistry.build(
        [
            Body(id="csto", name="Collective Security Treaty Organization", abbr="CSTO"),
            Body(id="csto-secretariat", name="CSTO Secretariat", parent="csto"),
            Body(
                id="csto-sec-dept",
                name="Department of the Secretariat",
                aliases=["Département Spécial"],
                parent="csto-secretariat",
            ),
            Body(id="csto-cfm", name="Council of Foreign Ministers", abbr="CFM", parent="csto"),
            Body(id="unodc", name="United Nations Office on Drugs and Crime", abbr="UNODC"),
        ]
    )


def test_registry_lookups(registry: BodyRegistry) -> None:
    assert len(registry) == 5
    assert "csto" in registry and "nope" not in registry
    assert registry.get("unodc").abbr == "UNODC"
    assert registry.name("csto-cfm") == "Council of Foreign Ministers"
    assert registry.name("unknown-id") == "unknown-id"


@pytest.mark.parametrize(
    ("text", "body_id"),
    [
        ("csto", "csto"),
        ("CSTO", "csto"),
        ("cfm", "csto-cfm"),
        ("council of foreign ministers", "csto-cfm"),
        ("  UNODC ", "unodc"),
        ("departement special", "csto-sec-dept"),
        ("nothing like it", None),
    ],
)
def test_registry_resolve(registry: BodyRegistry, text: str, body_id: str | None) -> None:
    assert registry.resolve(text) == body_id


def test_registry_tree(registry: BodyRegistry) -> None:
    assert registry.descendants("csto") == {"csto", "csto-secretariat", "csto-sec-dept", "csto-cfm"}
    assert registry.descendants("unodc") == {"unodc"}
    assert registry.ancestors("csto-sec-dept") == ["csto-secretariat", "csto"]
    assert registry.ancestors("csto") == []
    assert [(depth, b.id) for depth, b in registry.walk()] == [
        (0, "csto"),
        (1, "csto-secretariat"),
        (2, "csto-sec-dept"),
        (1, "csto-cfm"),
        (0, "unodc"),
    ]


def test_registry_survives_a_cycle_it_is_given() -> None:
    """The loader reports cycles and leaves such bodies out; the registry must not hang anyway."""
    reg = BodyRegistry.build(
        [Body(id="a", name="A", parent="b"), Body(id="b", name="B", parent="a")]
    )
    assert reg.ancestors("a") == ["b"]
    assert reg.descendants("a") == {"a", "b"}
    assert list(reg.walk()) == []  # no root: nothing to show, and no endless recursion


# --- countries --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kyrgyzstan", "KG"),
        ("kyrgyzstan", "KG"),
        ("KG", "KG"),
        ("kg", "KG"),
        ("Russia", "RU"),
        ("Kazakhstan", "KZ"),
        ("Türkiye", "TR"),
        ("turkiye", "TR"),
        ("Atlantis", None),
    ],
)
def test_resolve_country(text: str, code: str | None) -> None:
    assert resolve_country(text) == code


@pytest.mark.parametrize(
    ("text", "first"), [("Kyrgyzstan", "KG"), ("Kazakstan", "KZ"), ("Tajikstan", "TJ")]
)
def test_suggest_countries(text: str, first: str) -> None:
    assert suggest_countries(text)[0] == first


def test_country_table() -> None:
    for code in ("AM", "BY", "KG", "KZ", "RU", "TJ", "UZ", "AF", "CN"):
        assert is_country(code), code
    assert not is_country("kg")
    assert not is_country("XX")
    assert country_name("KG") == "Kyrgyzstan"
    assert country_name("XX") == "XX"
    assert fold("Türkiye") == fold("TURKIYE")


def test_records_built_from_safe_load_values_accept_dates_and_ints() -> None:
    """A library user's `yaml.safe_load` gives date and int objects: the same EDTF text."""
    import datetime

    base = {"id": "a", "title": "abc", "summary": "s", "kind": "meeting",
            "sources": [{"title": "t"}]}  # fmt: skip
    assert parse_event({**base, "date": datetime.date(2025, 6, 30)}).date.text == ("2025-06-30")
    assert parse_event({**base, "date": 2018}).date.text == "2018"
