"""Cameras page: a camera's stream source and its recorder's state. Clip page: a person corrects labels."""

from __future__ import annotations

import logging

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue

from clipstore import LABELS, Invalid

from .common import ACTION_NAMES, bad_request, bp, home, sentence

logger = logging.getLogger(__name__)

DETECTOR_NAMES = {"person": "you", "frigate": "Frigate"}


@bp.app_context_processor
def _helpers() -> dict:
    def camera_source(camera_id: str) -> str | None:
        return home().cameras.shown_sources().get(camera_id)

    def recorder_state(camera_id: str) -> dict | None:
        return home().cameras.recorder_state(camera_id)

    def label_sources(clip_id: str) -> dict[str, str]:
        details = home().clips.label_details(home().clips.find(clip_id))
        return {label: DETECTOR_NAMES.get(info.source, info.source) for label, info in details.items()}

    return {
        "camera_source": camera_source,
        "recorder_state": recorder_state,
        "label_sources": label_sources,
        "ALL_LABELS": LABELS,
    }


@bp.post("/cameras/<slug>/source")
def camera_source(slug: str) -> ResponseReturnValue:
    """Set or remove the stream this server records the camera from on motion."""
    camera = home().cameras.get(slug[:40])
    value = (request.form.get("source") or "").strip()
    if request.form.get("remove") == "1":
        value = ""
    elif not value:
        raise bad_request("Type the camera's stream address, e.g. rtsp://user:password@192.168.1.20:554/stream1.")
    try:
        shown = home().cameras.set_source(camera.id, value or None)
    except Invalid as exc:
        raise bad_request(sentence(str(exc))) from None
    flash(
        f"{camera.name} is recorded on motion from {shown} (starts within a few seconds)."
        if value
        else f"{camera.name} has no stream any more: nothing is recorded from it here.",
        "success",
    )
    return redirect(url_for("web.cameras") + f"#camera-{camera.id}")


@bp.post("/clips/<clip_id>/labels")
def clip_labels(clip_id: str) -> ResponseReturnValue:
    """A person corrects what was detected in a clip: ticked labels stay or are added, the others go."""
    clip = home().clips.find(clip_id)
    wanted = request.form.getlist("label")
    if any(label not in LABELS for label in wanted):
        raise bad_request("Pick labels from the list.")
    labels = home().clips.correct_labels(clip.id, wanted)
    flash("Saved: " + (", ".join(labels) if labels else "no labels (motion only)") + ".", "success")
    return redirect(url_for("web.clip_page", clip_id=clip.id))


ACTION_NAMES.setdefault("labels", "Corrected the labels")
