"""Cameras page: a camera's stream source and its recorder's state. Clip page: a person corrects labels."""
from __future__ import annotations

import logging

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue

from clipstore import LABELS, Invalid
from clipstore.sources import redact
from skill.api.cameras import RECORDER_STALE_S

from .common import ACTION_NAMES, audit, bad_request, bp, household, sentence, store

logger = logging.getLogger(__name__)

DETECTOR_NAMES = {"person": "you", "frigate": "Frigate"}


@bp.app_context_processor
def _helpers() -> dict:
    def camera_source(camera_id: str) -> str | None:
        return store().cameras.shown_sources(household().id).get(camera_id)

    def recorder_state(camera_id: str) -> dict | None:
        return store().cameras.recorder_state(household().id, camera_id, store().now(), RECORDER_STALE_S)

    def label_sources(clip_id: str) -> dict[str, str]:
        return {label: DETECTOR_NAMES.get(src, src) for label, src in store().label_sources.of(clip_id).items()}

    return {"camera_source": camera_source, "recorder_state": recorder_state, "label_sources": label_sources,
            "ALL_LABELS": LABELS}


@bp.post("/cameras/<slug>/source")
def camera_source(slug: str) -> ResponseReturnValue:
    """Set or remove the stream this server records the camera from on motion."""
    camera = store().cameras.get(household().id, slug[:40])
    value = (request.form.get("source") or "").strip()
    if request.form.get("remove") == "1":
        value = ""
    elif not value:
        raise bad_request("Type the camera's stream address, e.g. rtsp://user:password@192.168.1.20:554/stream1.")
    try:
        store().cameras.set_source(household().id, camera.id, value or None)
    except Invalid as exc:
        raise bad_request(sentence(str(exc))) from None
    audit("camera_update", camera=camera.id, detail={"source": redact(value) if value else None})
    flash(f"{camera.name} is recorded on motion from {redact(value)} (starts within a few seconds)." if value
          else f"{camera.name} has no stream any more: nothing is recorded from it here.", "success")
    return redirect(url_for("web.cameras") + f"#camera-{camera.id}")


@bp.post("/clips/<clip_id>/labels")
def clip_labels(clip_id: str) -> ResponseReturnValue:
    """A person corrects what was detected in a clip: ticked labels stay or are added, the others go."""
    hh = household()
    clip = store().clips.get(hh.id, clip_id)
    wanted = request.form.getlist("label")
    if any(label not in LABELS for label in wanted):
        raise bad_request("Pick labels from the list.")
    labels = store().label_sources.correct(hh.id, clip.id, wanted, int(store().now()))
    audit("labels", clip, detail={"before": list(clip.labels), "after": list(labels)})
    flash("Saved: " + (", ".join(labels) if labels else "no labels (motion only)") + ".", "success")
    return redirect(url_for("web.clip_page", clip_id=clip.id))


ACTION_NAMES.setdefault("labels", "Corrected the labels")
