"""Which hosts are this machine's alone: the warning for a server others can reach, and
the Host header a loopback server answers to."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach `host`: a loopback address, or a name that
    resolves to loopback addresses alone. A name that does not resolve is not loopback."""
    name = host.strip("[]")
    if name.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        pass
    try:
        found = {info[4][0] for info in socket.getaddrinfo(name, None)}
    except (OSError, UnicodeError):
        return False
    return bool(found) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in found)


def names_loopback(netloc: str) -> bool:
    """Whether a Host header (`name:port`, `[::1]:port`) names this machine by a loopback
    name or address, without resolving it: a DNS name made to point at 127.0.0.1 (DNS
    rebinding) must not pass."""
    name = urlsplit(f"//{netloc}").hostname or ""
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
