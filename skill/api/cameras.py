"""Camera and household-settings routes."""

from __future__ import annotations

import logging

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from clipstore import LABELS, Camera, Home, Invalid, check_source

from .auth import home, require_token
from .params import parse_flag, parse_instant, parse_limit, single_arg

logger = logging.getLogger(__name__)

MAX_AUDIT_LIMIT = 1000

bp = Blueprint("cameras", __name__)


def json_object(allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> dict:
    """The request's JSON body: an object with only `allowed` keys, all `required` ones, no nulls."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Invalid("the body must be a JSON object (Content-Type: application/json)")
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise Invalid(f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(allowed)}")
    missing = [key for key in required if key not in body]
    if missing:
        raise Invalid(f"missing field(s): {', '.join(missing)}")
    if not body:
        raise Invalid(f"give at least one of: {', '.join(allowed)}")
    nulls = sorted(key for key, value in body.items() if value is None)
    if nulls:
        raise Invalid(f"field(s) {', '.join(nulls)} must not be null")
    return body


def camera_json(place: Home, camera: Camera, shown_source: str | None) -> dict:
    """A camera as the API shows it; with a stream source, the source as the store shows it (no secret in any
    form) and its recorder's state."""
    shown = camera.to_dict()
    if shown_source:
        shown["source"] = shown_source
        shown["recorder"] = place.cameras.recorder_state(camera.id)
    return shown


def _source_field(body: dict) -> str | None:
    """The body's `source`: a stream URL, or "" to remove it; None when not given."""
    if "source" not in body:
        return None
    if not isinstance(body["source"], str):
        raise Invalid("source must be a stream URL, or an empty text to remove it")
    if body["source"].strip():
        check_source(body["source"])
    return body["source"]


@bp.get("/api/cameras")
@require_token
def list_cameras() -> ResponseReturnValue:
    """The household's cameras; a camera with a stream source also shows it (password masked) and its recorder.
    ---
    get:
      responses:
        200: {description: Every camera, content: {application/json: {schema: CameraList}}}
        401: Unauthorized
    """
    place = home()
    sources = place.cameras.shown_sources()
    return {"cameras": [camera_json(place, cam, sources.get(cam.id)) for cam in place.cameras.all()]}


@bp.post("/api/cameras")
@require_token
def add_camera() -> ResponseReturnValue:
    """Add a camera; its id is derived from the name unless given.
    ---
    post:
      requestBody:
        required: true
        content: {application/json: {schema: CameraNew}}
      responses:
        201: {description: The new camera, content: {application/json: {schema: Camera}}}
        400: BadRequest
        401: Unauthorized
    """
    body = json_object(("name", "id", "synonyms", "recording", "source"), required=("name",))
    source = _source_field(body) or None
    recording = body.get("recording", True)
    if not isinstance(recording, bool):
        raise Invalid("recording must be true or false")
    slug = body.get("id")
    if slug is not None and not isinstance(slug, str):
        raise Invalid("id must be text")
    synonyms = body.get("synonyms", [])
    if not isinstance(synonyms, list):  # Cameras.add would split a string into letters
        raise Invalid("synonyms must be a list of names")
    place = home()
    camera = place.cameras.add(body["name"], slug=slug, synonyms=synonyms, source=source)
    if not recording:
        camera = place.cameras.switch(camera.id, False)
    return camera_json(place, camera, place.cameras.shown_sources().get(camera.id)), 201


@bp.patch("/api/cameras/<camera_id>")
@require_token
def update_camera(camera_id: str) -> ResponseReturnValue:
    """Rename a camera, change its synonyms or stream source ("" removes it), or turn recording off and on.
    ---
    patch:
      requestBody:
        required: true
        content: {application/json: {schema: CameraPatch}}
      responses:
        200: {description: The camera as it is now, content: {application/json: {schema: Camera}}}
        400: BadRequest
        401: Unauthorized
        404: NotFound
    """
    body = json_object(("name", "synonyms", "recording", "source"))
    source = _source_field(body)
    place = home()
    camera = place.cameras.get(camera_id)
    if source is not None:
        place.cameras.set_source(camera_id, source.strip() or None)
    if set(body) & {"name", "synonyms", "recording"}:
        camera = place.cameras.update(
            camera_id, name=body.get("name"), synonyms=body.get("synonyms"), recording=body.get("recording")
        )
    return camera_json(place, camera, place.cameras.shown_sources().get(camera.id))


@bp.get("/api/labels")
@require_token
def label_coverage() -> ResponseReturnValue:
    """Which labels each camera's clips can get: every source that labelled them (a detector, Frigate) and the
    labels it can give. `can_tell` is null for a camera no known source labels (so "no" cannot be told from
    "can't tell" there).
    ---
    get:
      responses:
        200: {description: Every camera's label sources, content: {application/json: {schema: LabelCoverage}}}
        401: Unauthorized
    """
    place = home()
    known = place.clips.coverage()
    cameras = []
    for cam in place.cameras.all():
        sources = known.get(cam.id, {})
        tells = {label for labels in sources.values() for label in labels}
        cameras.append(
            {
                "camera": cam.id,
                "can_tell": [x for x in LABELS if x in tells] if sources else None,
                "sources": [{"source": name, "labels": list(labels)} for name, labels in sources.items()],
            }
        )
    return {"labels": list(LABELS), "cameras": cameras}


@bp.get("/api/household")
@require_token
def get_household() -> ResponseReturnValue:
    """The token's household and its settings.
    ---
    get:
      responses:
        200: {description: The household, content: {application/json: {schema: Household}}}
        401: Unauthorized
    """
    return home().settings.household().to_dict()


@bp.patch("/api/household")
@require_token
def update_household() -> ResponseReturnValue:
    """Change the retention period or the time zone.

    Shortening retention so that existing clips would go is refused with 409, naming the count, unless the
    request says `"confirm": true`; those clips then go to the trash (undo with `POST /api/clips/restore`).
    ---
    patch:
      requestBody:
        required: true
        content: {application/json: {schema: HouseholdPatch}}
      responses:
        200: {description: The household as it is now, content: {application/json: {schema: HouseholdChanged}}}
        400: BadRequest
        401: Unauthorized
        409: {description: Clips would be deleted; confirm to go ahead,
              content: {application/json: {schema: NeedsConfirmation}}}
    """
    body = json_object(("retention_days", "timezone", "confirm"))
    confirm = body.pop("confirm", False)
    if not isinstance(confirm, bool):
        raise Invalid("confirm must be true or false")
    if not body:
        raise Invalid("give at least one of: retention_days, timezone")
    change = home().settings.update(
        timezone=body.get("timezone"), retention_days=body.get("retention_days"), confirm=confirm
    )
    return {**change.household.to_dict(), "trashed": change.trashed}


@bp.get("/api/audit")
@require_token
def audit_log() -> ResponseReturnValue:
    """Who viewed, played, deleted or changed what, and through which channel; newest first.
    ---
    get:
      parameters: [camera, after, before, audit_limit]
      responses:
        200: {description: Audit events, content: {application/json: {schema: AuditLog}}}
        400: BadRequest
        401: Unauthorized
    """
    args = request.args
    after, before = single_arg(args, "after"), single_arg(args, "before")
    limit = parse_limit(single_arg(args, "limit"), MAX_AUDIT_LIMIT, 100)
    events = home().log.events(
        camera=single_arg(args, "camera"),
        after=parse_instant(after, "after") if after else None,
        before=parse_instant(before, "before") if before else None,
        limit=limit,
    )
    head = home().log.head()
    return {"events": [event.to_dict() for event in events], "chain": {"entries": head.entries, "head": head.hash}}


@bp.delete("/api/cameras/<camera_id>")
@require_token
def remove_camera(camera_id: str) -> ResponseReturnValue:
    """Remove a camera (owner only). Its clips go to the trash with it, so this is answered 409 with the count
    unless `confirm=true`; `POST /api/clips/restore` within the undo window brings back both.
    ---
    delete:
      parameters:
        - {name: confirm, in: query, schema: {type: boolean, default: false}, description: "true: go ahead"}
      responses:
        200: {description: Removed; how many clips went to the trash, content: {application/json: {schema: Deleted}}}
        400: BadRequest
        401: Unauthorized
        403: Forbidden
        404: NotFound
        409: {description: Its clips would be deleted; confirm to go ahead,
              content: {application/json: {schema: NeedsConfirmation}}}
    """
    confirm = parse_flag(single_arg(request.args, "confirm"), "confirm")
    return {"deleted": home().cameras.remove(camera_id[:40], confirm=confirm)}
