"""Free-text search: terms, folding, word prefixes, phrases, fields and highlight spans.

Expectations are read off the fixture files (tests/fixtures/query/) and the bundled data
file, or computed by a small reference written here from the spec.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from query_support import BUNDLED, bundled_engine, fixture_engine, ref_fold

from csto_tui.model.countries import country_name
from csto_tui.model.records import Event
from csto_tui.query import QueryEngine, Terms, parse_terms, spans
from csto_tui.query.index import search_fields
from csto_tui.query.text import tokens


def found(engine: QueryEngine, text: str) -> set[str]:
    return {e.id for e in engine.run(engine.parse(search=text)).events}


def event(engine: QueryEngine, event_id: str) -> Event:
    ev = engine.dataset.event(event_id)
    assert ev is not None, event_id
    return ev


def highlighted(text: str, query: str) -> list[str]:
    return [text[a:b] for a, b in spans(text, parse_terms(query))]


# --- parsing the search box -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "phrases"),
    [
        ("", (), ()),
        ("   ", (), ()),
        ("Channel", ("channel",), ()),
        ("CAFÉ  Zürich", ("cafe", "zurich"), ()),
        ('opium "Operation Channel"', ("opium",), (("operation", "channel"),)),
        ('"operation channel', (), (("operation", "channel"),)),  # unclosed: still a phrase
        ('"channel"', ("channel",), ()),  # a one-word phrase is a word
        ('""', (), ()),
        ("issyk-kul", ("issyk", "kul"), ()),  # loose: both words, not a phrase
        ("chan CHAN Chan", ("chan",), ()),
        ('"a b" "A B" c', ("c",), (("a", "b"),)),
        ("Ōsaka ÑÚÑEZ Łukasz", ("osaka", "nunez", "lukasz"), ()),
    ],
)
def test_parse_terms(text: str, words: tuple[str, ...], phrases: tuple[Any, ...]) -> None:
    terms = parse_terms(text)
    assert terms == Terms(words, phrases)
    assert bool(terms) == bool(words or phrases)


def test_tokens_fold_case_and_accents() -> None:
    assert tokens("Café Zürich, Ōsaka & TÜRKIYE!") == ["cafe", "zurich", "osaka", "turkiye"]
    assert tokens("Zu\u0308rich") == ["zurich"]  # decomposed (NFD) text folds alike


# --- highlight spans --------------------------------------------------------------------


def test_span_covers_the_matched_prefix() -> None:
    assert spans("Operation Channel", parse_terms("chan")) == [(10, 14)]
    assert highlighted("Operation Channel", "chan") == ["Chan"]
    assert highlighted("Operation Channel", "CHANNEL") == ["Channel"]
    assert highlighted("Operation Channel", "oper chan") == ["Oper", "Chan"]


def test_spans_map_through_accents() -> None:
    assert spans("Café Zürich", parse_terms("zur")) == [(5, 8)]
    assert highlighted("Café Zürich", "zur") == ["Zür"]
    assert highlighted("Café Zürich", "CAFE") == ["Café"]
    assert highlighted("Café Zürich", "café zürich") == ["Café", "Zürich"]
    assert highlighted("Ōsaka Trade Forum", "osa") == ["Ōsa"]
    assert highlighted("José Ñúñez", "nu") == ["Ñú"]
    assert highlighted("Łukasz Żółć", "ŻÓŁ") == ["Żół"]
    assert highlighted("Straße", "strass") == ["Straß"]  # ß folds to two letters


def test_spans_in_decomposed_text() -> None:
    text = "Cafe\u0301 Zu\u0308rich"  # NFD: base letters followed by combining accents
    assert highlighted(text, "zur") == ["Zu\u0308r"]
    assert highlighted(text, "zu") == ["Zu\u0308"]  # the accent stays with its letter
    assert highlighted(text, "cafe") == ["Cafe\u0301"]


def test_decomposed_text_in_the_data_is_found_and_highlighted() -> None:
    engine = fixture_engine()
    assert found(engine, "résumé zürich") == {"decomposed-accents"}
    assert found(engine, '"resume of the zurich"') == {"decomposed-accents"}
    assert reported(engine, "decomposed-accents", "resu zur") == {
        "title": ["Re\u0301su", "Zu\u0308r"]
    }


def test_spans_only_at_word_starts() -> None:
    assert spans("Operation Channel", parse_terms("han")) == []
    assert spans("Operation Channel", parse_terms("ration")) == []
    assert spans("Operation Channel", Terms((), ())) == []
    assert spans("", parse_terms("chan")) == []


def test_spans_every_occurrence_and_the_longest_word() -> None:
    text = "Channel, channels and the CHANNEL-South"
    assert highlighted(text, "chan") == ["Chan", "chan", "CHAN"]
    assert highlighted(text, "c channel") == ["Channel", "channel", "CHANNEL"]
    assert highlighted(text, '"operation channel"') == ["Channel", "channel", "CHANNEL"]


words_with_accents = st.lists(
    st.sampled_from(
        ["Café", "Zürich", "Ōsaka", "Türkiye", "José", "Ñúñez", "Łukasz", "Żółć", "Channel", "kg"]
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(words_with_accents, st.data())
def test_spans_fold_to_the_query_word(words: list[str], data: st.DataObject) -> None:
    text = " ".join(words)
    word = ref_fold(data.draw(st.sampled_from(words)))
    prefix = word[: data.draw(st.integers(1, len(word)))]
    got = spans(text, Terms((prefix,), ()))
    expected = [w for w in words if ref_fold(w).startswith(prefix)]
    assert len(got) == len(expected)
    for (a, b), original in zip(got, expected, strict=True):
        assert text[a:b] == original[: b - a]
        assert ref_fold(text[a:b]) == prefix


# --- searching the fixture --------------------------------------------------------------


@pytest.mark.parametrize("text", ["cafe", "CAFÉ", "Café", "café zürich", "CAFE ZURICH"])
def test_case_and_accent_insensitive(text: str) -> None:
    assert found(fixture_engine(), text) == {"cafe-zurich-meeting"}


def test_prefix_of_a_word_not_its_middle() -> None:
    engine = fixture_engine()
    # 'zur' begins 'Zürich': the café (place, region, source), 'Zürich Daily' (source),
    # and a title written in decomposed form (NFD).
    assert found(engine, "zur") == {
        "cafe-zurich-meeting",
        "uncertain-reception",
        "decomposed-accents",
    }
    assert found(engine, "ZÜR") == found(engine, "zur")
    assert found(engine, "urich") == set()
    assert found(engine, "ratov") == set()
    assert found(engine, "sarat") == {"stage-saratov-2018"}


def test_accents_in_names_people_and_countries() -> None:
    engine = fixture_engine()
    both = {"cafe-zurich-meeting", "uncertain-reception"}
    assert found(engine, "nunez") == both  # people: José Ñúñez
    assert found(engine, "ÑÚÑEZ") == both
    assert found(engine, "jose ambassador") == {"uncertain-reception"}  # name and role
    assert found(engine, "ŻÓŁĆ") == {"unknown-start-visit"}  # Łukasz Żółć
    assert found(engine, "zoł") == {"unknown-start-visit"}
    assert found(engine, "envoy") == {"unknown-start-visit"}
    assert found(engine, "turkiye") == {"winter-exercise"}  # title and the name of TR
    assert found(engine, "türk") == {"winter-exercise"}
    assert found(engine, "osaka") == found(engine, "ŌSAKA")


def test_letters_with_a_stroke_fold_to_their_base() -> None:
    assert found(fixture_engine(), "lukasz zolc") == {"unknown-start-visit"}


def test_countries_by_name_and_code() -> None:
    engine = fixture_engine()
    kg = {
        "cafe-zurich-meeting",
        "channel-final-stage",
        "unknown-start-visit",
        "unknown-end-office",
        "approx-meeting",
    }
    assert found(engine, "kyrgyzstan") == kg
    assert found(engine, "kg") == kg
    assert found(engine, "japan") == {
        "tie-a",
        "tie-b",
        "tie-c",
        "osaka-summer-session",
        "open-start-accord",
        "programme-2019-2021",
    }
    assert found(engine, "switzerland") == {"cafe-zurich-meeting", "uncertain-reception"}


def test_bodies_by_name_abbreviation_and_alias() -> None:
    engine = fixture_engine()
    drugs = {"stage-saratov-2018", "open-end-border-operation", "approx-meeting"}
    assert found(engine, "committee") == drugs  # name and alias of pact-council-drugs
    # Only bodies an event names itself: 'mutual' is the pact's, not its children's.
    assert found(engine, "mutual") == {"channel-final-stage", "open-start-accord"}
    assert found(engine, "pma") == {
        "channel-final-stage",
        "open-start-accord",
        "cafe-zurich-meeting",  # 'PMA Council'
        "unknown-end-office",
    }
    assert found(engine, "bureau") == {
        "tie-a",
        "tie-b",
        "tie-c",
        "channel-final-stage",
        "programme-2019-2021",
    }


def test_figures_tags_and_sources() -> None:
    engine = fixture_engine()
    assert found(engine, "opium") == {"channel-final-stage"}
    assert found(engine, "hash") == {"channel-final-stage"}
    assert found(engine, "history") == {"decade-review", "open-start-accord"}  # tags only
    assert found(engine, "observers") == {"channel-statement"}  # a source title
    herald = {e.id for e in engine.events if any(s.publisher == "Pact Herald" for s in e.sources)}
    assert found(engine, "herald") == herald
    assert found(engine, "bulletin") == {
        e.id for e in engine.events if any(s.publisher == "Forum Bulletin" for s in e.sources)
    }


def test_figure_values_as_typed_and_as_written_and_units() -> None:
    engine = fixture_engine()
    assert found(engine, "4753") == {"channel-final-stage"}  # written 4753 in the file
    assert found(engine, "4,753") == {"channel-final-stage"}  # and 4,753 on screen
    assert found(engine, "475") == {"channel-final-stage"}  # a prefix, as every word
    assert found(engine, '"opium 4753 4,753 kg"') == {"channel-final-stage"}
    assert found(engine, "416 hashish") == {"channel-final-stage"}
    kg = {e.id for e in engine.events if any(f.unit == "kg" for f in e.figures)}
    assert kg and found(engine, "kg") >= kg
    assert reported(engine, "channel-final-stage", "4753") == {"figures": ["4753"]}
    # 'seized opium 4753 4,753 kg seized hashish 416 416 kg': every word '4' or '753' begins
    assert reported(engine, "channel-final-stage", "4,753") == {
        "figures": ["4", "4", "753", "4", "4"]
    }


def test_event_ids() -> None:
    """Ids are searched: these two are found by nothing else (their titles differ)."""
    engine = fixture_engine()
    for eid in ("approx-meeting", "unknown-end-office"):
        assert found(engine, eid) == {eid}
        assert found(engine, f'"{eid}"') == {eid}
    assert found(engine, '"open-start-accord"') == {"open-start-accord"}
    fields = search_fields(event(engine, "approx-meeting"), engine.dataset.registry)
    hits = spans(fields["id"], parse_terms("approx-meeting"))
    assert [fields["id"][a:b] for a, b in hits] == ["approx", "meeting"]


def test_several_words_must_all_match_in_any_field() -> None:
    engine = fixture_engine()
    assert found(engine, "saratov herald") == {"stage-saratov-2018"}  # title + source
    assert found(engine, "opium kyrgyz") == {"channel-final-stage"}  # figures + countries
    assert found(engine, "opium japan") == set()
    assert found(engine, "lake") == {"cafe-zurich-meeting", "channel-final-stage"}
    assert found(engine, "lake kazakhstan") == {"cafe-zurich-meeting"}
    assert found(engine, "zzz") == set()


CHANNEL_WORD = {
    "stage-saratov-2018",  # title; the tag 'channel'
    "channel-final-stage",  # title
    "channel-statement",  # its source's title (and its id)
    "open-end-border-operation",  # 'Channel-South'
}


def test_phrase_versus_loose_words() -> None:
    engine = fixture_engine()
    assert found(engine, "channel") == CHANNEL_WORD
    assert found(engine, "chan") == CHANNEL_WORD
    # Saratov has 'operation' and 'Channel', but never one after the other.
    assert found(engine, "operation channel") == CHANNEL_WORD
    assert found(engine, "channel operation") == CHANNEL_WORD
    phrase = {"channel-final-stage", "channel-statement", "open-end-border-operation"}
    assert found(engine, '"operation channel"') == phrase
    assert found(engine, '"OPÉRATION chan"') == phrase  # phrase words are prefixes too
    assert found(engine, '"oper chan') == phrase  # typing: the quote not closed yet
    assert found(engine, '"channel operation"') == set()
    assert found(engine, '"channel stage in"') == {"stage-saratov-2018"}
    assert found(engine, '"final stage" opium') == {"channel-final-stage"}
    assert found(engine, '"café zürich"') == {"cafe-zurich-meeting"}
    assert found(engine, '"zürich café"') == set()


def test_empty_search_matches_everything() -> None:
    engine = fixture_engine()
    everything = {e.id for e in engine.events}
    assert found(engine, "") == everything
    assert found(engine, "  ") == everything
    assert found(engine, "-- !") == everything  # no words at all


# --- what a match reports ---------------------------------------------------------------


def reported(engine: QueryEngine, event_id: str, text: str) -> dict[str, list[str]]:
    """{field: highlighted substrings} for one event."""
    ev = event(engine, event_id)
    fields = search_fields(ev, engine.dataset.registry)
    match = engine.match(ev, parse_terms(text))
    return {
        name: [fields[name][a:b] for a, b in found_spans] for name, found_spans in match.items()
    }


def test_match_reports_fields_and_spans() -> None:
    engine = fixture_engine()
    ev = event(engine, "channel-final-stage")
    match = engine.match(ev, parse_terms("chan"))
    assert match["title"] == [(10, 14)]  # 'Operation Channel final stage'
    assert reported(engine, "channel-final-stage", "chan opi") == {
        "title": ["Chan"],
        "tags": ["chan"],
        "figures": ["opi"],
        "id": ["chan"],  # 'channel-final-stage'
    }
    assert reported(engine, "channel-statement", "chan") == {"sources": ["Chan"], "id": ["chan"]}


def test_match_reports_accented_spans() -> None:
    engine = fixture_engine()
    assert reported(engine, "cafe-zurich-meeting", "zur") == {
        "title": ["Zür"],
        "location": ["Zür", "Zür"],  # place 'Café Zürich' and region 'Canton of Zürich'
        "sources": ["Zür"],
        "id": ["zur"],  # 'cafe-zurich-meeting'
    }
    assert reported(engine, "cafe-zurich-meeting", "NUÑ kyrg") == {
        "people": ["Ñúñ"],
        "summary": ["Kyrg"],
        "countries": ["Kyrg"],
    }
    assert reported(engine, "osaka-summer-session", "osa") == {
        "title": ["Ōsa"],
        "summary": ["Osa"],
        "location": ["Ōsa"],
        "bodies": ["Ōsa"],
        "id": ["osa"],  # 'osaka-summer-session'
    }
    assert reported(engine, "winter-exercise", "TURK") == {
        "title": ["Türk"],
        "countries": ["Türk"],
    }


def test_match_without_terms_is_empty() -> None:
    engine = fixture_engine()
    assert engine.match(event(engine, "channel-final-stage"), parse_terms("")) == {}
    assert engine.match(event(engine, "channel-final-stage"), parse_terms("zzz")) == {}


def test_every_result_has_a_match_and_every_span_begins_a_word() -> None:
    engine = fixture_engine()
    for text in ["chan", "zur", '"operation channel"', "pact herald", "osa kg", "the"]:
        terms = parse_terms(text)
        result = engine.run(engine.parse(search=text))
        assert result.events, text
        for ev in result.events:
            fields = search_fields(ev, engine.dataset.registry)
            match = engine.match(ev, terms)
            assert match, (text, ev.id)
            for name, found_spans in match.items():
                for a, b in found_spans:
                    piece = ref_fold(fields[name][a:b])
                    assert piece in terms.all_words, (text, ev.id, name, piece)
                    assert a == 0 or not fields[name][a - 1].isalnum()


# --- the bundled dataset ----------------------------------------------------------------


@cache
def bundled_raw() -> dict[str, Any]:
    return yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))


def ref_values(value: float) -> tuple[str, str]:
    """A figure's value as typed and as written: '4753' and '4,753' (0.5: '0.5' twice)."""
    if value == int(value):
        return str(int(value)), f"{int(value):,}"
    return str(value), f"{value:,}"


def raw_texts(raw_event: dict[str, Any]) -> list[str]:
    """Every searched text of a raw YAML event, gathered without the engine."""
    bodies = {b["id"]: b for b in bundled_raw()["bodies"]}
    loc = raw_event.get("location") or {}
    refs = [b if isinstance(b, str) else b["id"] for b in raw_event.get("bodies", [])]
    countries = set(raw_event.get("countries", [])) | (
        {loc["country"]} if "country" in loc else set()
    )
    texts = [raw_event["title"], raw_event["summary"], loc.get("place"), loc.get("region")]
    texts += [x for p in raw_event.get("people", []) for x in (p["name"], p.get("role"))]
    texts += [
        x
        for r in refs
        for x in (bodies[r]["name"], bodies[r].get("abbr"), *bodies[r].get("aliases", []))
    ]
    texts += [x for c in countries for x in (c, country_name(c))]
    texts += [
        x
        for f in raw_event.get("figures", [])
        for x in (f["metric"], f.get("item"), *ref_values(f["value"]), f["unit"])
    ]
    texts.append(raw_event["id"])
    texts += raw_event.get("tags", [])
    texts += [x for s in raw_event["sources"] for x in (s.get("publisher"), s.get("title"))]
    return [t for t in texts if t]


def raw_search(word: str) -> set[str]:
    pattern = re.compile(rf"\b{re.escape(word)}", re.IGNORECASE)
    return {
        e["id"]
        for e in bundled_raw()["events"]
        if any(pattern.search(ref_fold(t)) for t in raw_texts(e))
    }


def test_bundled_search_channel_finds_operation_channel() -> None:
    engine = bundled_engine()
    events = bundled_raw()["events"]
    tagged = {e["id"] for e in events if "operation-channel" in e.get("tags", [])}
    titled = {e["id"] for e in events if "Channel" in e["title"]}
    sourced = {
        e["id"] for e in events if any("Channel" in s.get("title", "") for s in e["sources"])
    }
    assert tagged and titled
    result = found(engine, "channel")
    assert result >= tagged | titled | sourced
    assert result == raw_search("channel")
    assert found(engine, "Chan") == raw_search("chan")
    assert not any(e["date"].startswith("2025") for e in events if e["id"] in result)


def test_bundled_search_other_words() -> None:
    engine = bundled_engine()
    for word in ["opium", "kyrgyz", "bosteri", "tasmagambetov", "cfm", "interpol", "osce", "sar"]:
        assert found(engine, word) == raw_search(word), word
    assert found(engine, "opium heroin") == raw_search("opium") & raw_search("heroin")
    assert found(engine, "CHOLPON-ATA") == raw_search("cholpon") & raw_search("ata")


def test_bundled_ids_and_figures() -> None:
    engine = bundled_engine()
    final = "2018-05-28-operation-channel-2018-final-stage"
    assert found(engine, final) == {final}
    assert found(engine, f'"{final}"') == {final}
    for text in ["4753", "4,753", "kg"]:
        assert final in found(engine, text), text
    for word in ["4753", "kg", "seized", "2018"]:
        assert found(engine, word) == raw_search(word), word


def test_bundled_phrase_is_narrower() -> None:
    engine = bundled_engine()
    phrase = found(engine, '"operation channel"')
    loose = found(engine, "operation channel")
    assert phrase <= loose
    titled = {e["id"] for e in bundled_raw()["events"] if "Operation Channel" in e["title"]}
    assert titled <= phrase
    match = engine.match(
        event(engine, "2003-operation-channel"), parse_terms('"operation channel"')
    )
    title = event(engine, "2003-operation-channel").title
    assert [title[a:b] for a, b in match["title"]][:2] == ["Operation", "Channel"]
