"""textual-serve's Server for csto-tui: our own start line and quiet logs, and requests
only from pages it served itself.

A server on loopback is still reachable from every web page the user's browser opens: a
page elsewhere could open the websocket (browsers let any site do that) or reach it
through a DNS name made to point at 127.0.0.1. So the websocket needs the Origin of a page
this server gave out (or none: not a browser), and on loopback every request must name a
loopback host. Imported only when the server starts (`csto_tui.web.serve.server_class`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server

from csto_tui.web.hosts import is_loopback, names_loopback


def page_url(host: str, port: int) -> str:
    """http://HOST:PORT, an IPv6 address in brackets."""
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}"


class PageServer(Server):
    def __init__(self, command: str, *, host: str, port: int, title: str,
                 say: Callable[[str], None]) -> None:  # fmt: skip
        super().__init__(command, host=host, port=port, title=title)
        self.say = say
        self.url = page_url(host, port)
        self.loopback_only = is_loopback(host)
        self.pages: set[asyncio.Task[object]] = set()  # one per open page: its websocket

    def initialize_logging(self) -> None:
        """Problems only (a page's browser that failed to start), not a line per request."""
        logging.basicConfig(level=logging.WARNING, format="csto-tui serve: %(message)s")

    async def on_startup(self, app: web.Application) -> None:
        self.say(f"Serving csto-tui on {self.url} (Ctrl+C stops)")

    async def on_shutdown(self, app: web.Application) -> None:
        """Ctrl+C, SIGTERM: end every page now, each browser told to quit (textual-serve
        does so when its websocket handler is cancelled); aiohttp would otherwise wait a
        minute for the pages to close."""
        for task in self.pages:
            task.cancel()

    def _refused(self, request: web.Request) -> web.Response | None:
        if self.loopback_only and not names_loopback(request.host):
            return web.Response(status=403, text="this server answers only to a loopback host\n")
        return None

    async def handle_index(self, request: web.Request) -> Any:
        refused = self._refused(request)
        if refused is not None:
            return refused
        # The page's websocket goes to the host the page was loaded from, so its Origin
        # matches (textual-serve would name the bind address, e.g. 0.0.0.0).
        self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        refused = self._refused(request)
        if refused is not None:
            return refused
        origin = request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc.lower() != request.host.lower():
            return web.Response(status=403, text="not a page of this server\n")
        task = asyncio.current_task()
        if task is not None:
            self.pages.add(task)
        try:
            return await super().handle_websocket(request)
        finally:
            self.pages.discard(task)  # type: ignore[arg-type]

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        refused = self._refused(request)
        if refused is not None:
            return refused
        return await super().handle_download(request)
