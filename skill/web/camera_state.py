"""What the cameras page says about each camera: its true state, and why a stream is not connected, in words.

A camera with a stream is "Recording" only while its recorder is connected to it; "Connecting" until the recorder
first reports (a few seconds after the stream is saved), or between a lost stream and the next attempt when no
error was seen; "Not connected" with the reason otherwise. The recorder runs inside the server that shows the page
(skill/background.py); a page shown by an app that runs no recorder says that plainly.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from flask import current_app

from clipstore import Camera

from .common import bp

logger = logging.getLogger(__name__)

REASONS: tuple[tuple[str, str], ...] = (
    (
        r"refused|errno 111\b|econnrefused",
        "The camera refused the connection. Check the address and port, and that the camera is switched on.",
    ),
    (
        r"timed out|timeout|errno 110\b|etimedout",
        "The camera did not answer in time. Check that it is switched on and on the same network as this server.",
    ),
    (
        r"no route to host|network is unreachable|errno 11[3]\b|errno 101\b",
        "The camera cannot be reached on the network. Check its address and that it is switched on.",
    ),
    (
        r"name or service not known|name resolution|nodename nor servname|errno -[235]\b",
        "The camera's name was not found on the network. Check the address.",
    ),
    (
        r"\b40[13]\b|unauthori[sz]ed|forbidden|authori[sz]ation",
        "The camera did not accept the user name or password. Check them in the stream address.",
    ),
    (
        r"\b404\b|not found",
        "The camera has no stream at that address. Check the path after the port, for example /stream1.",
    ),
    (
        r"invalid data|no video stream|not a readable",
        "What the address sends is not a video stream this server can read. Check that it is the camera's video "
        "stream (RTSP or HTTP).",
    ),
    (
        r"connection reset|broken pipe|end of file|the stream ended",
        "The camera stopped sending the stream. Reconnecting.",
    ),
    (
        r"has not reported",
        "The recorder has stopped reporting. If the server was just restarted, it reconnects within a minute.",
    ),
)


def reason_in_words(error: str | None) -> str:
    """A recorder's error (FFmpeg's or the operating system's) as a person would put it."""
    text = (error or "").lower()
    for pattern, words in REASONS:
        if re.search(pattern, text):
            return words
    return "The stream could not be read. Check the address, and that the camera is switched on."


@dataclass(frozen=True)
class CameraStatus:
    """The camera card's status line (`kind` picks its colour) and what the stream part says."""

    kind: str  # on | off | wait | warn
    label: str
    detail: str | None = None
    error: str | None = None
    """The technical error, for a "Details" line."""


def recorder_runs_here() -> bool:
    """True when this server records cameras (its background work includes the recorders)."""
    background = current_app.extensions.get("background")
    return bool(background is not None and getattr(background, "record", False))


def camera_status(camera: Camera, source: str | None, recorder: dict | None) -> CameraStatus:
    """The true state of `camera`, given its stream (if any) and its recorder's last report (if any)."""
    if not camera.recording:
        return CameraStatus(
            "off", "Privacy mode: not recording", "The stream is not pulled while recording is off." if source else None
        )
    if source is None:
        return CameraStatus("on", "Recording", None)
    if recorder is None or recorder.get("privacy"):
        if recorder is None and not recorder_runs_here():
            return CameraStatus(
                "warn", "Not connected", "No recorder runs in this server, so the stream is not recorded."
            )
        return CameraStatus("wait", "Connecting", "Connecting to the stream. This takes a few seconds.")
    if recorder.get("connected"):
        return CameraStatus("on", "Recording", "Connected to the stream: clips are recorded on motion.")
    error = recorder.get("last_error")
    if not error:
        return CameraStatus("wait", "Connecting", "Connecting to the stream. This takes a few seconds.")
    return CameraStatus("warn", "Not connected", reason_in_words(error), error)


@bp.app_context_processor
def _camera_status_helper() -> dict:
    return {"camera_status": camera_status}
