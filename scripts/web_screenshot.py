"""Draw screenshots/serve-web.png: `csto-tui serve data/` as headless Chromium shows it.

    python scripts/web_screenshot.py [--out FILE] [--keys jjjjj]

Needs the web extra and a `chromium` binary (Debian: apt-get install chromium); CI does
not run it. Chromium is driven through its DevTools protocol (over aiohttp's websocket
client, which the web extra brings): open the page, give the terminal the focus (Textual
draws the footer once the page has it), type the keys, wait, capture.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 1200, 760  # 120 columns by 42 rows in the page's terminal


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"nothing answers on port {port}") from None
            time.sleep(0.1)


async def capture(url: str, debug_port: int, keys: str) -> bytes:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{debug_port}/json") as r:
                page = next(t for t in json.load(r) if t["type"] == "page")
            break
        except (OSError, StopIteration):
            if time.monotonic() > deadline:
                raise SystemExit("chromium did not start") from None
            await asyncio.sleep(0.2)
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws,
    ):
        counter = 0

        async def call(method: str, **params: Any) -> dict[str, Any]:
            nonlocal counter
            counter += 1
            await ws.send_json({"id": counter, "method": method, "params": params})
            while True:
                answer = json.loads((await ws.receive()).data)
                if answer.get("id") == counter:
                    return answer

        await call("Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT,
                   deviceScaleFactor=1, mobile=False)  # fmt: skip
        await call("Page.navigate", url=url)
        await asyncio.sleep(8)  # the page, its websocket, the browser started and drawn
        focus = "document.querySelector('.xterm-helper-textarea').focus()"
        await call("Runtime.evaluate", expression=focus)
        await asyncio.sleep(1)
        for key in keys:
            await call("Input.insertText", text=key)
            await asyncio.sleep(0.5)
        await asyncio.sleep(1)
        shot = await call("Page.captureScreenshot", format="png")
        return base64.b64decode(shot["result"]["data"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots" / "serve-web.png")
    parser.add_argument("--keys", default="jjjjj", help="typed into the page first")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("no chromium on PATH")
    port, debug_port = free_port(), free_port()
    server = subprocess.Popen([sys.executable, "-m", "csto_tui", "serve", "--port", str(port),
                               "data/"], cwd=ROOT, stdout=subprocess.DEVNULL)  # fmt: skip
    browser = subprocess.Popen([chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                                "--hide-scrollbars", f"--remote-debugging-port={debug_port}",
                                "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        wait_for_port(port)
        png = asyncio.run(capture(f"http://127.0.0.1:{port}/", debug_port, args.keys))
    finally:
        browser.terminate()
        browser.wait()
        server.send_signal(signal.SIGINT)
        server.wait()
    args.out.write_bytes(png)
    print(f"wrote {args.out} ({len(png)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
