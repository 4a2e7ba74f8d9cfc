"""`csto-tui serve`: the real binary serves the browser on loopback; a page's websocket
carries the browser's first screen; Ctrl+C (SIGINT) and SIGTERM stop it with exit 0, no
traceback and no browser left running.

The page is textual-serve's; the websocket is the one its page opens (`/ws`), read here
with aiohttp's client (the web extra brings aiohttp). Every process carries
`CSTO_E2E_TOKEN`, so `our_processes` finds the browsers the server started.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .tmux import STARTUP, TIMEOUT, Data, csto_tui_binary, our_processes, plain

aiohttp = pytest.importorskip("aiohttp", reason="the web extra: pip install '.[web]'")

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Served:
    process: subprocess.Popen[str]
    port: int
    token: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self, sig: int = signal.SIGINT) -> tuple[int, str, str]:
        """Signal the server; its exit status, stdout and stderr."""
        self.process.send_signal(sig)
        out, err = self.process.communicate(timeout=TIMEOUT)
        return self.process.returncode, out, err


def get(url: str, **headers: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def start(tmp_path: Path, *args: str) -> Served:
    """`csto-tui serve --port P ARGS`, once it answers on loopback."""
    port, token = free_port(), uuid.uuid4().hex
    env = {**os.environ, "CSTO_E2E_TOKEN": token, "LANG": "C.UTF-8"}
    process = subprocess.Popen(
        [csto_tui_binary(), "serve", "--port", str(port), *args],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    served = Served(process, port, token)
    deadline = time.monotonic() + STARTUP
    while True:
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"serve exited {process.returncode}: {out!r} {err!r}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return served
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("serve did not answer")
            time.sleep(0.1)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    s = start(tmp_path)
    try:
        yield s
    finally:
        if s.process.poll() is None:
            s.process.kill()
            s.process.communicate()


async def first_screen(url: str, wanted: str, **headers: str) -> str:
    """Open the page's websocket at 100x30 and read the browser's output until `wanted`
    shows; the screen's text so far."""
    ws_url = url.replace("http:", "ws:") + "/ws?width=100&height=30"
    text = ""
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(ws_url, headers=headers) as ws,
    ):
        deadline = time.monotonic() + STARTUP
        while wanted not in plain(text):
            left = deadline - time.monotonic()
            assert left > 0, f"no {wanted!r} in {plain(text)[-500:]!r}"
            message = await asyncio.wait_for(ws.receive(), left)
            assert message.type == aiohttp.WSMsgType.BINARY, message
            text += message.data.decode("utf-8", "replace")
    return plain(text)


def browsers(served: Served) -> dict[int, str]:
    """The browsers the server started: our processes but the server."""
    return {p: c for p, c in our_processes(served.token).items() if p != served.process.pid}


def no_browsers_left(served: Served) -> None:
    deadline = time.monotonic() + TIMEOUT
    while browsers(served):
        assert time.monotonic() < deadline, browsers(served)
        time.sleep(0.1)


async def test_serve_answers_on_loopback_with_the_page_and_the_browser(
    served: Served, data: Data
) -> None:
    status, page = get(served.url + "/")
    assert status == 200
    # textual-serve's page: its terminal script, and the websocket it opens named after
    # the host the page was asked from.
    assert f'data-session-websocket-url="ws://127.0.0.1:{served.port}/ws"' in page
    assert "/static/js/textual.js" in page and "<div>csto-tui</div>" in page
    screen = await first_screen(served.url, f"{data.total} of {data.total} events")
    assert "Timeline" in screen and data.first_title[:30] in screen
    no_browsers_left(served)  # the page closed: its browser quits
    code, out, err = served.stop(signal.SIGINT)
    assert code == 0, err
    assert out.splitlines()[0] == (
        f"Serving csto-tui on http://127.0.0.1:{served.port} (Ctrl+C stops)"
    )
    assert "Traceback" not in out + err and err == ""


async def test_sigterm_with_a_page_open_stops_the_server_and_its_browser(
    served: Served, data: Data
) -> None:
    ws_url = served.url.replace("http:", "ws:") + "/ws?width=80&height=24"
    async with aiohttp.ClientSession() as session, session.ws_connect(ws_url) as ws:
        text = ""
        deadline = time.monotonic() + STARTUP
        while "Timeline" not in plain(text):
            message = await asyncio.wait_for(ws.receive(), deadline - time.monotonic())
            text += message.data.decode("utf-8", "replace")
        assert any("csto_tui browse" in cmd for cmd in browsers(served).values())
        code, _out, err = await asyncio.to_thread(served.stop, signal.SIGTERM)
    assert code == 0 and "Traceback" not in err, err
    no_browsers_left(served)


async def test_pages_and_websockets_of_other_sites_are_refused(served: Served) -> None:
    """A loopback server answers only to loopback names (no DNS rebinding) and its
    websocket only to its own pages (another site's script cannot drive the browser)."""
    assert get(served.url + "/", Host="attacker.example")[0] == 403
    assert get(served.url + "/", Host=f"localhost:{served.port}")[0] == 200
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await first_screen(served.url, "Timeline", Origin="http://attacker.example")
    assert refused.value.status == 403
    screen = await first_screen(served.url, "Timeline", Origin=served.url)
    assert "Timeline" in screen


def test_bound_beyond_loopback_it_warns_and_still_serves(tmp_path: Path) -> None:
    s = start(tmp_path, "--host", "0.0.0.0")
    try:
        status, page = get(s.url + "/")
        assert status == 200
        # The page's websocket goes where the page came from, not to 0.0.0.0.
        assert f'"ws://127.0.0.1:{s.port}/ws"' in page
    finally:
        code, out, err = s.stop()
    assert code == 0
    assert f"Serving csto-tui on http://0.0.0.0:{s.port} (Ctrl+C stops)" in out
    assert err.splitlines() == [
        "csto-tui: warning: serving on 0.0.0.0, not only on this machine: anyone who can "
        "reach that address can read the data and use the browser (there is no login); "
        "--host 127.0.0.1 keeps it to this machine"
    ]


def test_a_port_in_use_is_one_line_and_exit_2(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([csto_tui_binary(), "serve", "--port", str(port)], cwd=tmp_path,
                              capture_output=True, text=True, timeout=STARTUP)  # fmt: skip
    assert done.returncode == 2
    assert re.fullmatch(
        rf"csto-tui: error: cannot serve on 127\.0\.0\.1:{port}: [^\n]*in use[^\n]*\n",
        done.stderr,
    ), done.stderr


async def test_an_export_in_the_page_is_a_download_from_the_server(
    served: Served, data: Data, tmp_path: Path
) -> None:
    """The page's keys go up the websocket; the export comes back as a download the page
    fetches (`/download/KEY`), and no file is written where the server runs."""
    ws_url = served.url.replace("http:", "ws:") + "/ws?width=100&height=30"
    async with aiohttp.ClientSession() as session, session.ws_connect(ws_url) as ws:

        async def until(wanted: str) -> str:
            """Read the screen until `wanted` shows; a text message (the page's own
            protocol: a download to start) is returned as it comes."""
            screen = ""
            deadline = time.monotonic() + STARTUP
            while wanted not in plain(screen):
                message = await asyncio.wait_for(ws.receive(), deadline - time.monotonic())
                if message.type == aiohttp.WSMsgType.TEXT:
                    return message.data
                screen += message.data.decode("utf-8", "replace")
            return plain(screen)

        async def keys(text: str) -> None:
            await ws.send_json(["stdin", text])

        await until(f"{data.total} of {data.total} events")
        await keys("\x10")  # ctrl+p: the palette
        await until("Search for commands")
        await keys("export the view")
        await until("Export the view")
        await keys("\r")
        await until("Download as:")
        await keys("\r")  # csv: on to the name
        await asyncio.sleep(0.5)
        await keys("\r")  # the default name
        sent = await until("never shown: the download's message comes first")
        kind, key = json.loads(sent)
        assert kind == "deliver_file_start"
        async with session.get(f"{served.url}/download/{key}") as response:
            assert response.status == 200
            assert response.headers["Content-Disposition"] == (
                "attachment; filename=csto-tui-view.csv"
            )
            body = await response.text()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == data.total and rows[0]["title"] == data.first_title
    assert list(tmp_path.iterdir()) == []  # the server's folder: nothing written
    code, _out, err = served.stop()
    assert code == 0 and "Traceback" not in err, err


async def test_a_killed_server_leaves_no_browser_behind(served: Served) -> None:
    """SIGKILL gives the server no time to end its pages: the browsers end by themselves."""
    ws_url = served.url.replace("http:", "ws:") + "/ws?width=80&height=24"
    async with aiohttp.ClientSession() as session, session.ws_connect(ws_url) as ws:
        text = ""
        deadline = time.monotonic() + STARTUP
        while "Timeline" not in plain(text):
            message = await asyncio.wait_for(ws.receive(), deadline - time.monotonic())
            text += message.data.decode("utf-8", "replace")
        assert browsers(served)
        served.process.kill()
        served.process.communicate(timeout=TIMEOUT)
        no_browsers_left(served)
