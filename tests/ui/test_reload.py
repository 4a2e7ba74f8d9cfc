"""Live reload: the browser follows its files, and never trades good data for bad."""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path

from textual.pilot import Pilot

from csto_tui.ui.app import CstoApp
from csto_tui.ui.messages import DatasetReloaded

from .conftest import browser, position, press, wait_for
from .screen import screen_text

EVENT = """  - id: {id}
    date: '{date}'
    title: {title}
    summary: Invented for a test.
    kind: meeting
    sources: [{{title: T}}]
"""


def events_text(titles: list[str], first_year: int = 2001, ids: list[str] | None = None) -> str:
    """A file of events, one a year from `first_year`; an event's id is its title's first
    word (`Alpha meeting` is `alpha`) unless `ids` are given."""
    ids = ids or [t.split()[0].lower() for t in titles]
    return "events:\n" + "".join(
        EVENT.format(id=ids[i], date=first_year + i, title=t) for i, t in enumerate(titles)
    )


def watching(*paths: Path, **options: object) -> CstoApp:
    return browser(*paths, watch=True, **options)


async def shown(pilot: Pilot, app: CstoApp, text: str, timeout: float = 20) -> None:
    await wait_for(pilot, lambda: text in screen_text(app), f"{text!r} on screen", timeout)


def banner(app: CstoApp) -> str:
    """The banner's words, or '' when it is hidden (it is the lines under the header)."""
    lines = []
    for line in screen_text(app).splitlines()[1:4]:
        if "Timeline" in line or "Filters" in line:
            break
        lines.append(line.strip())
    return " ".join(line for line in lines if line)


async def test_an_edit_shows_up_with_a_notice_of_what_changed(tmp_path: Path) -> None:
    data = tmp_path / "events.yaml"
    data.write_text(events_text(["Alpha meeting", "Beta meeting", "Gamma meeting"]))
    app = watching(data)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Gamma meeting")
        data.write_text(events_text(["Alpha meeting", "Beta summit", "Gamma meeting",
                                     "Delta meeting"]))  # fmt: skip
        await shown(pilot, app, "Beta summit")
        text = screen_text(app)
        assert "Delta meeting" in text and "Beta meeting" not in text
        await shown(pilot, app, "Reloaded: events.yaml: +1 ~1 events")
        assert position(app)[1] == 4


async def test_the_cursor_stays_on_its_event_and_filters_stay(tmp_path: Path) -> None:
    data = tmp_path / "events.yaml"
    data.write_text(events_text(["Alpha meeting", "Beta meeting", "Gamma meeting"]))
    app = watching(data, search="meeting")
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Gamma meeting")
        await press(pilot, "j", "j")  # on Gamma, the third
        assert position(app) == (3, 3)
        # Two events come in before it, and one that the search does not find.
        titles = ["Zero meeting", "Half meeting", "Alpha meeting", "Beta meeting",
                  "Gamma meeting", "Other call"]  # fmt: skip
        data.write_text(events_text(titles, 1999))
        await wait_for(pilot, lambda: position(app) == (5, 5), "the cursor on Gamma, 5 of 5")
        assert "Other call" not in screen_text(app)
        assert "▶ Timeline" in screen_text(app) or "Timeline" in screen_text(app)
        assert "Gamma meeting" in screen_text(app).split("Detail")[-1]  # the detail follows


async def test_a_removed_event_moves_the_cursor_to_the_nearest_by_date(tmp_path: Path) -> None:
    data = tmp_path / "events.yaml"
    data.write_text(events_text(["Alpha meeting", "Beta meeting", "Gamma meeting"]))
    app = watching(data)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Gamma meeting")
        await press(pilot, "j")  # Beta, 2002
        text = events_text(["Alpha meeting", "Beta meeting", "Gamma meeting"])
        data.write_text(text.replace(EVENT.format(id="beta", date=2002, title="Beta meeting"), ""))
        await wait_for(pilot, lambda: "Beta meeting" not in screen_text(app), "Beta gone")
        await wait_for(pilot, lambda: position(app) == (2, 2), "the cursor on Gamma (2003)")


async def test_a_syntax_error_keeps_the_data_and_names_the_line_until_fixed(
    tmp_path: Path,
) -> None:
    data = tmp_path / "events.yaml"
    good = events_text(["Alpha meeting", "Beta meeting"])
    data.write_text(good)
    app = watching(data)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Beta meeting")
        data.write_text(good.replace("title: Beta meeting", "title: [Beta meeting"))
        await wait_for(pilot, lambda: "Kept the last good data" in banner(app), "the banner")
        line = " ".join(screen_text(app).split())
        assert re.search(rf"{re.escape(str(data))}:1[0-9]:\d+: error: YAML syntax", line), line
        assert "Alpha meeting" in screen_text(app) and "Beta meeting" in screen_text(app)
        assert position(app)[1] == 2
        data.write_text(good.replace("Beta meeting", "Beta summit"))
        await shown(pilot, app, "Beta summit")
        await wait_for(pilot, lambda: banner(app) == "", "the banner gone")


async def test_a_new_error_of_another_kind_keeps_the_data_too(tmp_path: Path) -> None:
    """A duplicate id is an error the checks across records find: the same rule."""
    data = tmp_path / "events.yaml"
    good = events_text(["Alpha meeting", "Beta meeting"])
    data.write_text(good)
    app = watching(data)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Beta meeting")
        data.write_text(good + EVENT.format(id="alpha", date=2009, title="Copy meeting"))
        await wait_for(pilot, lambda: "Kept the last good data" in banner(app), "the banner")
        assert "'alpha'" in banner(app) and "Copy meeting" not in screen_text(app)


async def test_a_deleted_file_keeps_its_data_until_ctrl_r(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "a.yaml").write_text(events_text(["Alpha meeting"]))
    (folder / "b.yaml").write_text(events_text(["Beta meeting"]))
    app = watching(folder)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Beta meeting")
        (folder / "b.yaml").unlink()
        await wait_for(pilot, lambda: "Kept the last good data" in banner(app), "the banner")
        assert "b.yaml: error: file removed" in " ".join(screen_text(app).split())
        assert "Beta meeting" in screen_text(app)
        await press(pilot, "ctrl+r")  # read the folder as it is now
        await wait_for(pilot, lambda: "Beta meeting" not in screen_text(app), "b.yaml let go")
        assert banner(app) == "" and "Alpha meeting" in screen_text(app)


async def test_a_named_file_that_vanishes_keeps_the_data(tmp_path: Path) -> None:
    data = tmp_path / "events.yaml"
    data.write_text(events_text(["Alpha meeting"]))
    app = watching(data)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Alpha meeting")
        data.unlink()
        await wait_for(pilot, lambda: "Kept the last good data" in banner(app), "the banner")
        assert "no such file or directory" in banner(app), banner(app)
        assert "Alpha meeting" in screen_text(app)
        data.write_text(events_text(["Alpha summit"]))
        await shown(pilot, app, "Alpha summit")
        await wait_for(pilot, lambda: banner(app) == "", "the banner gone")


async def test_a_writer_rewriting_the_file_never_shows_a_partial_dataset(tmp_path: Path) -> None:
    """100 rewrites, each truncating the file and writing it back an event at a time (so
    a prefix of it is valid YAML with fewer events): the screen only ever shows a whole
    version, and ends on the last."""
    data = tmp_path / "events.yaml"
    ids = [f"e{i}" for i in range(8)]
    versions = [events_text([f"Version {v} event {i}" for i in range(8)], ids=ids)
                for v in range(101)]  # fmt: skip
    data.write_text(versions[0])
    app = watching(data)
    reloads: list[DatasetReloaded] = []
    async with app.run_test(
        size=(120, 36), notifications=True, message_hook=_collect(reloads)
    ) as pilot:
        await shown(pilot, app, "Version 0 event 7")
        done = threading.Event()

        def writer() -> None:
            for text in versions[1:]:
                with data.open("w") as f:  # truncates
                    for chunk in text.split("  - id:"):
                        f.write(chunk if chunk.startswith("events") else "  - id:" + chunk)
                        f.flush()
                        os.fsync(f.fileno())
                time.sleep(0.005)
            done.set()

        thread = threading.Thread(target=writer)
        thread.start()
        samples = 0
        while not done.is_set() or samples < 5:
            await pilot.pause(0.01)
            text = screen_text(app)
            seen = set(re.findall(r"Version (\d+) event", text))
            assert len(seen) == 1, f"rows of two versions at once: {seen}"
            assert position(app)[1] == 8, f"a partial dataset on screen:\n{text}"
            samples += 1
        thread.join()
        await shown(pilot, app, "Version 100 event 7")
        assert position(app)[1] == 8
        # Every dataset the screen was given was a whole version.
        for message in reloads:
            if message.reload.accepted:
                titles = {e.title.split(" event")[0] for e in message.reload.dataset.events}
                assert len(message.reload.dataset.events) == 8 and len(titles) == 1


def _collect(into: list[DatasetReloaded]):  # type: ignore[no-untyped-def]
    def hook(message: object) -> None:
        if isinstance(message, DatasetReloaded):
            into.append(message)

    return hook


async def test_a_checkout_of_many_files_is_one_reload(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    for n in range(20):
        (folder / f"f{n:02}.yaml").write_text(events_text([f"File {n} old"], ids=[f"f{n}"]))
    reloads: list[DatasetReloaded] = []
    app = watching(folder)
    async with app.run_test(
        size=(120, 36), notifications=True, message_hook=_collect(reloads)
    ) as pilot:
        await shown(pilot, app, "File 0 old")
        for n in range(20):  # as git does: one file after another, quickly
            (folder / f"f{n:02}.yaml").write_text(events_text([f"File {n} new"], ids=[f"f{n}"]))
        await shown(pilot, app, "File 0 new")
        await pilot.pause(1.0)  # any second reload would have come by now
        accepted = [m for m in reloads if m.reload.accepted]
        assert len(accepted) == 1, [m.reload.changes for m in accepted]
        changes = accepted[0].reload.changes
        assert changes is not None and len(changes.changed) == 20
        assert "~20 events in 20 files" in screen_text(app).replace("\n", " ")


async def test_ctrl_r_reloads_without_watching_and_says_when_nothing_changed(
    tmp_path: Path,
) -> None:
    data = tmp_path / "events.yaml"
    data.write_text(events_text(["Alpha meeting"]))
    app = browser(data)  # watch off: as --no-watch
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Alpha meeting")
        data.write_text(events_text(["Alpha summit"]))
        await pilot.pause(1.5)  # longer than a poll: nothing watches
        assert "Alpha meeting" in screen_text(app)
        await press(pilot, "ctrl+r")
        await shown(pilot, app, "Alpha summit")
        await press(pilot, "ctrl+r")
        await shown(pilot, app, "Reloaded: no event changed.")


async def test_problems_panel_lists_every_problem_and_goes_to_the_event(tmp_path: Path) -> None:
    data = tmp_path / "events.yaml"
    good = events_text(["Alpha meeting", "Beta meeting", "Gamma meeting"])
    # A warning the data is shown with: a source published before its event.
    early = "sources: [{title: T, published: '1990'}]"
    data.write_text(good.replace("sources: [{title: T}]", early))
    app = watching(data)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Gamma meeting")
        # Two errors in the first event; the others stay valid, with their warnings.
        bad = data.read_text().replace("kind: meeting", "kind: party", 1)
        data.write_text(bad.replace("date: '2001'", "date: '2001-13'"))
        await wait_for(pilot, lambda: "Kept the last good data" in banner(app), "the banner")
        assert "(+1 more; d lists them)" in banner(app)
        await press(pilot, "d")
        await shown(pilot, app, "'party'")
        text = screen_text(app)
        assert "Problems: 2 errors, 2 warnings" in text, text
        assert "'party'" in text and "month 13 is out of range" in text
        assert len([ln for ln in text.splitlines() if "published 1990" in ln]) == 2
        # The third event's warning: the list is errors first, then in reading order.
        third = data.read_text().splitlines().index("  - id: gamma") + 1 + 5
        rows = [ln for ln in text.splitlines()[4:] if f"{data}:" in ln]  # under the banner
        target = next(i for i, ln in enumerate(rows) if f":{third}:" in ln)
        await wait_for(pilot, lambda: app.focused is not None and app.focused.id == "problems-list",
                       "the list focused")  # fmt: skip
        await press(pilot, *["j"] * target, "enter")
        await wait_for(pilot, lambda: "Problems:" not in screen_text(app), "the list closed")
        await wait_for(pilot, lambda: position(app) == (3, 3), "the cursor on gamma")


async def test_e_without_a_terminal_to_hand_over_says_so(tmp_path: Path) -> None:
    data = tmp_path / "events.yaml"
    data.write_text(events_text(["Alpha meeting"]))
    app = browser(data)
    # Headless: the driver cannot suspend.
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Alpha meeting")
        await press(pilot, "e")
        await shown(pilot, app, "cannot hand the terminal to an editor")


async def test_e_on_a_read_only_file_says_so_and_opens_nothing(tmp_path: Path) -> None:
    data = tmp_path / "events.yaml"
    data.write_text(events_text(["Alpha meeting"]))
    data.chmod(0o444)
    app = browser(data)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Alpha meeting")
        await press(pilot, "e")
        await shown(pilot, app, "is read-only")


async def test_the_problems_list_follows_the_files_and_closes_once_fixed(
    tmp_path: Path,
) -> None:
    data = tmp_path / "events.yaml"
    good = events_text(["Alpha meeting", "Beta meeting"])
    data.write_text(good)
    app = watching(data)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Beta meeting")
        data.write_text(good.replace("kind: meeting", "kind: party", 1))
        await wait_for(pilot, lambda: "Kept the last good data" in banner(app), "the banner")
        await press(pilot, "d")
        await shown(pilot, app, "'party'")
        data.write_text(good.replace("kind: meeting", "kind: feast", 1))  # another mistake
        await wait_for(pilot, lambda: "'party'" not in (t := screen_text(app))
                       and "Problems: 1 error" in t and t.count("'feast'") == 2,
                       "the new problem listed, the old one gone")  # fmt: skip
        data.write_text(good.replace("Beta meeting", "Beta summit"))
        await shown(pilot, app, "Beta summit")
        await wait_for(pilot, lambda: "Problems:" not in screen_text(app), "the list closed")


async def test_a_new_file_in_the_folder_comes_in(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "a.yaml").write_text(events_text(["Alpha meeting"]))
    app = watching(folder)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Alpha meeting")
        (folder / "sub").mkdir()
        (folder / "sub" / "b.yaml").write_text(events_text(["Beta meeting"]))
        (folder / ".hidden.yaml").write_text("not: [valid")  # skipped, as the loader skips it
        await shown(pilot, app, "Beta meeting")
        await shown(pilot, app, "Reloaded: b.yaml: +1 event")
        assert banner(app) == ""


async def test_a_removed_file_stays_shown_through_other_edits_until_ctrl_r(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "a.yaml").write_text(events_text(["Alpha meeting"]))
    (folder / "b.yaml").write_text(events_text(["Beta meeting"]))
    app = watching(folder)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Beta meeting")
        (folder / "b.yaml").unlink()
        await wait_for(pilot, lambda: "b.yaml: error: file removed" in banner(app), "banner")
        (folder / "a.yaml").write_text(events_text(["Alpha summit"]))  # an unrelated edit
        await pilot.pause(1.5)  # long enough for the watcher to have read it
        assert "Beta meeting" in screen_text(app) and "file removed" in banner(app)
        await press(pilot, "ctrl+r")
        await shown(pilot, app, "Alpha summit")
        await wait_for(pilot, lambda: "Beta meeting" not in screen_text(app), "b.yaml let go")
        await wait_for(pilot, lambda: banner(app) == "", "no banner")


async def test_a_stray_file_that_comes_and_goes_is_not_called_removed(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "a.yaml").write_text(events_text(["Alpha meeting"]))
    app = watching(folder)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Alpha meeting")
        (folder / "a-copy.yaml").write_text(events_text(["Alpha meeting"]))  # duplicate id
        await wait_for(pilot, lambda: "Kept the last good data" in banner(app), "the banner")
        (folder / "a-copy.yaml").unlink()
        await wait_for(pilot, lambda: banner(app) == "", "the banner gone, no 'removed'")


async def test_when_its_event_is_filtered_out_the_cursor_goes_to_the_nearest_shown(
    tmp_path: Path,
) -> None:
    data = tmp_path / "events.yaml"
    titles = ["Alpha meeting", "Beta meeting", "Gamma call", "Delta meeting"]
    data.write_text(events_text(titles))
    app = watching(data, search="meeting")
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await shown(pilot, app, "Delta meeting")
        await press(pilot, "j")  # Beta (2002), 2 of 3
        assert position(app) == (2, 3)
        data.write_text(events_text(["Alpha meeting", "Beta call", "Gamma call",
                                     "Delta meeting"]))  # fmt: skip
        # Beta no longer matches: the nearest shown by date is Delta (2004), not row 1.
        await wait_for(pilot, lambda: position(app) == (2, 2), "the cursor on Delta")
