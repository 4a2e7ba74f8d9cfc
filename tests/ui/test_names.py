"""Names in both scripts in the browser: bodies and countries by their Russian names, a
body's other names in the detail, and Cyrillic in Latin letters on an ASCII terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import browser, counted, press, ready, type_text
from .screen import line_with, screen_lines, screen_text

NAMES = Path(__file__).resolve().parents[1] / "fixtures" / "names"
TITLE = "Встреча министров в Чолпон-Ате"
TITLE_LATIN = "Vstrecha ministrov v Cholpon-Ate"


@pytest.fixture
def ascii_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A C locale with no UTF-8 anywhere, as `LANG=C LC_ALL=C csto-tui` has."""
    monkeypatch.setenv("LANG", "C")
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.delenv("PYTHONUTF8", raising=False)


@pytest.mark.parametrize(
    ("filters", "shown"),
    [({"bodies": ["ОДКБ"]}, 1), ({"bodies": ["odkb"]}, 1), ({"countries": ["Казахстан"]}, 2),
     ({"countries": ["Кыргызстан"]}, 1)],
)  # fmt: skip
async def test_the_browser_filters_by_russian_names(filters: dict, shown: int) -> None:
    app = browser(NAMES, **filters)
    async with app.run_test(size=(200, 40)) as pilot:
        await ready(app, pilot)
        assert counted(app) == (shown, 2)
        assert TITLE in screen_text(app)


async def test_the_detail_shows_a_body_s_and_a_person_s_other_names() -> None:
    app = browser(NAMES, bodies=["ОДКБ"])
    async with app.run_test(size=(200, 40)) as pilot:
        await ready(app, pilot)
        text = screen_text(app)
        assert "CSTO Secretariat — organiser" in text
        assert "ru: Секретариат ОДКБ" in text
        assert "Sadyr Japarov (Садыр Жапаров), President" in text
        assert "(translit.)" not in text  # a Unicode terminal shows the original


async def test_the_sidebar_shows_the_russian_abbreviation() -> None:
    app = browser(NAMES)
    async with app.run_test(size=(200, 40)) as pilot:
        await ready(app, pilot)
        assert "CSTO (ОДКБ)" in line_with(app, "[ ] CSTO")


async def test_lang_c_shows_cyrillic_in_latin_letters_marked(ascii_terminal: None) -> None:
    app = browser(NAMES)
    async with app.run_test(size=(200, 40)) as pilot:
        await ready(app, pilot)
        await press(pilot, "j")  # the Cyrillic event, in the detail beside the timeline
        text = screen_text(app)
        assert not sorted({ch for ch in text if not ch.isascii()}), text
        row = line_with(app, TITLE_LATIN[:20])  # the timeline's row, maybe cut
        assert "?" not in row
        lines = screen_lines(app)
        title = [line for line in lines if TITLE_LATIN in line and "(translit.)" in line]
        assert title, text  # the detail's title line says it is not the original
        assert "Cholpon-Ata, Kyrgyzstan" in text
        assert "ru (translit.): Sekretariat ODKB" in text
        assert "Sadyr Japarov (Sadyr Zhaparov), President" in text
        assert "?" not in "".join(line for line in screen_lines(app) if "Sekretariat" in line)


async def test_lang_c_an_event_without_cyrillic_has_no_mark(ascii_terminal: None) -> None:
    app = browser(NAMES, kinds=["conference"])
    async with app.run_test(size=(200, 40)) as pilot:
        await ready(app, pilot)
        assert "A Latin-only event in Astana" in screen_text(app)
        assert "(translit.)" not in screen_text(app)


async def test_lang_c_the_help_explains_the_mark(ascii_terminal: None) -> None:
    app = browser(NAMES)
    async with app.run_test(size=(200, 40)) as pilot:
        await ready(app, pilot)
        await press(pilot, "question_mark", "G")
        assert "Cyrillic shown in Latin letters" in line_with(app, "(translit.)")


async def test_lang_c_the_palette_finds_a_body_by_its_latin_letters(ascii_terminal: None) -> None:
    app = browser(NAMES)
    async with app.run_test(size=(200, 40)) as pilot:
        await ready(app, pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "odkb")
        assert "Filter by body: Collective Security Treaty Organization (CSTO, ODKB)" in (
            screen_text(app)
        )
        await press(pilot, "enter")
        assert counted(app) == (1, 2)


async def test_the_palette_finds_a_country_by_its_russian_name() -> None:
    app = browser(NAMES)
    async with app.run_test(size=(200, 40)) as pilot:
        await ready(app, pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "казах")
        assert "Filter by country: Kazakhstan (KZ, Казахстан)" in screen_text(app)
        await press(pilot, "enter")
        assert counted(app) == (2, 2)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "одкб")
        assert "Filter by body: Collective Security Treaty Organization (CSTO, ОДКБ)" in (
            screen_text(app)
        )
