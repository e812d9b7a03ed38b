"""What `python -m skill` checks and says once, in its own process, before any worker starts."""

from __future__ import annotations

import errno
import logging
import socket

from flask import Flask

logger = logging.getLogger(__name__)


def port_problem(host: str, port: int) -> str | None:
    """Why the server cannot listen on host:port (one line that says what to do), or None when it can."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        return f"cannot listen on {host}: no such address (--host)"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do: a closed socket's port is free
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (
                    f"port {port} is already in use on {host} (another Home Clips, or another program); "
                    f"choose another with --port, for example --port {port + 1 if port < 65535 else 8080}"
                )
            if exc.errno == errno.EACCES:
                return (
                    f"port {port} needs administrator rights; choose one above 1023 with --port, "
                    "for example --port 8080"
                )
            if exc.errno == errno.EADDRNOTAVAIL:
                return f"cannot listen on {host}: it is not an address of this machine (--host)"
            return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
    return None


def alexa_in_use(app: Flask) -> bool:
    """True when this server is set up for Alexa, or a household has linked it."""
    config = app.config
    if config.get("ALEXA_SKILL_ID") or config.get("ALEXA_CLIENT_ID") or str(config.get("ALEXA_VERIFY")) == "0":
        return True
    store = app.extensions["clipstore"]
    return store.alexa_in_use()


def alexa_notes(app: Flask) -> list[str]:
    """The start-up lines about Alexa's settings, for a server that Alexa uses (none for one it doesn't)."""
    if not alexa_in_use(app):
        return []
    notes = []
    if not app.config.get("ALEXA_SKILL_ID"):
        notes.append(
            "Alexa: ALEXA_SKILL_ID is not set, so requests for any skill are accepted; set it to your "
            "skill's id (docs/alexa.md, section 4)"
        )
    if not (app.config.get("PUBLIC_URL") or "").startswith("https://"):
        notes.append(
            "Alexa: PUBLIC_URL is not an https address, so Echo devices can't play clips; set it to the "
            "address of your https proxy (docs/alexa.md, section 2)"
        )
    return notes
