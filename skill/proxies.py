"""Who the client is behind a TLS proxy: the one place that reads `TRUSTED_PROXIES` and `X-Forwarded-*`.

`TRUSTED_PROXIES` lists the proxies' addresses or networks (`10.0.0.5, 10.0.1.0/24, ::1`). Only a request whose
peer is one of them has its headers believed, and then the client is the right-most `X-Forwarded-For` address
that is not a trusted proxy: a proxy such as nginx appends the address it saw to whatever the client sent, so
everything left of that is the client's own writing. A hop that is not an IP address ends the walk (it is never
taken as the client); `X-Forwarded-Proto: https` from a trusted peer makes the request https.

The app is wrapped in this middleware whatever serves it (gunicorn, waitress, the test servers); neither
server interprets the headers itself (see server.py and gunicorn_app.py).
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

logger = logging.getLogger(__name__)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address
ENV = "TRUSTED_PROXIES"


@lru_cache(maxsize=8)
def _parse(text: str) -> tuple[Network, ...]:
    networks = []
    for item in text.replace(";", ",").split(","):
        part = item.strip()
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part.strip("[]"), strict=False))
        except ValueError:
            raise ValueError(f"{ENV}: {part!r} is not an IP address or network") from None
    return tuple(networks)


def trusted_networks(value: str | Iterable[str] | None) -> tuple[Network, ...]:
    """The trusted proxies of a `TRUSTED_PROXIES` value (a comma-separated text, or addresses); ValueError for a
    part that is no address or network."""
    if value is None:
        return ()
    return _parse(value if isinstance(value, str) else ",".join(sorted(value)))


def address(text: str | None) -> Address | None:
    """An IP address as a hop or peer may give it (`[::1]`, `192.0.2.1:5000` too), or None."""
    if not text:
        return None
    text = text.strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _trusted(ip: Address, networks: tuple[Network, ...]) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in network for network in networks)


def client_address(peer: str | None, forwarded_for: str | None, networks: tuple[Network, ...]) -> str:
    """The client of a request from `peer` carrying `forwarded_for` (see the module's docstring)."""
    ip = address(peer)
    if ip is None:
        return "unknown"
    client = ip
    if not forwarded_for or not _trusted(ip, networks):
        return str(client)
    for hop in reversed(forwarded_for.split(",")):
        hop_ip = address(hop)
        if hop_ip is None:  # made up: never the client; the last real address stands
            break
        client = hop_ip
        if not _trusted(hop_ip, networks):
            break
    return str(client)


class ProxyHeaders:
    """WSGI middleware: `REMOTE_ADDR` becomes the client's address, `wsgi.url_scheme` https when a trusted proxy
    says so. `trusted()` gives the current networks (read per request, so a changed app config counts)."""

    def __init__(self, app: Callable, trusted: Callable[[], tuple[Network, ...]]) -> None:
        self.app = app
        self.trusted = trusted

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Any:
        peer = environ.get("REMOTE_ADDR")
        networks = self.trusted()
        ip = address(peer)
        environ["REMOTE_ADDR"] = client_address(peer, environ.get("HTTP_X_FORWARDED_FOR"), networks)
        if (
            ip is not None
            and networks
            and _trusted(ip, networks)
            and environ.get("HTTP_X_FORWARDED_PROTO", "").strip().lower() == "https"
        ):
            environ["wsgi.url_scheme"] = "https"
        return self.app(environ, start_response)


def install(app: Any) -> None:
    """Wrap a Flask app: its `TRUSTED_PROXIES` config (from `Settings`, or set by tests) names the proxies."""
    app.config.setdefault(ENV, "")
    trusted_networks(app.config[ENV])  # a mistake in the setting stops the start, with the reason
    app.wsgi_app = ProxyHeaders(app.wsgi_app, lambda: trusted_networks(app.config.get(ENV)))
