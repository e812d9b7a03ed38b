"""A stand-in for Frigate at its HTTP boundary: login, config, events, event clips, deleting events, clips cut
from the continuous recordings (documented API)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, abort, jsonify, request, send_file

TOKEN = "jwt-for-tests"


def frigate_app(
    events: list[dict],
    clips: dict[str, Path],
    *,
    user: str = "admin",
    password: str = "s3cret",
    recordings: dict[str, tuple[float, float, Path]] | None = None,
    config: dict | None = None,
) -> Flask:
    """`events` are Frigate event objects; `clips` maps event ids to MP4 files; `recordings` maps a camera to the
    span it has recordings of and the file any clip of that span is; `config` what `GET /api/config` answers
    (404 without it). `app.calls` logs requests."""
    app = Flask("frigate-standin")
    app.calls = []  # type: ignore[attr-defined]
    app.clips = clips  # type: ignore[attr-defined]
    app.recordings = {} if recordings is None else recordings  # type: ignore[attr-defined]

    def authorised() -> bool:
        return (
            request.cookies.get("frigate_token") == TOKEN or request.headers.get("Authorization") == f"Bearer {TOKEN}"
        )

    @app.before_request
    def log_and_check():
        app.calls.append((request.method, request.path, dict(request.args)))
        if request.path != "/api/login" and not authorised():
            abort(401)

    @app.post("/api/login")
    def login():
        body = request.get_json(silent=True) or {}
        if body.get("user") != user or body.get("password") != password:
            return jsonify({"message": "Login failed"}), 401
        response = jsonify({})
        response.set_cookie("frigate_token", TOKEN, httponly=True)
        return response

    @app.get("/api/events")
    def list_events():
        args = request.args
        found = [
            e
            for e in events
            if e["start_time"] > float(args.get("after", 0)) and e["start_time"] < float(args.get("before", 1e12))
        ]
        if args.get("has_clip") == "1":
            found = [e for e in found if e["has_clip"]]
        if args.get("in_progress") == "0":
            found = [e for e in found if e["end_time"] is not None]
        found.sort(key=lambda e: e["start_time"], reverse=True)
        return jsonify(found[: int(args.get("limit", 100))])

    @app.get("/api/config")
    def get_config():
        if config is None:
            abort(404)
        return jsonify(config)

    @app.get("/api/events/<event_id>/clip.mp4")
    def clip(event_id: str):
        if event_id not in clips:
            abort(404)
        return send_file(clips[event_id], mimetype="video/mp4")

    @app.get("/api/<camera>/start/<start>/end/<end>/clip.mp4")
    def recording(camera: str, start: str, end: str):
        if camera not in app.recordings:  # type: ignore[attr-defined]
            abort(404)
        first, last, path = app.recordings[camera]  # type: ignore[attr-defined]
        if float(end) <= first or float(start) >= last:
            return jsonify({"success": False, "message": "No recordings found for the specified time range"}), 404
        return send_file(path, mimetype="video/mp4")

    @app.delete("/api/events/<event_id>")
    def delete(event_id: str):
        for event in list(events):
            if event["id"] == event_id:
                events.remove(event)
                clips.pop(event_id, None)
                return jsonify({"success": True, "message": "Event deleted"})
        return jsonify({"success": False, "message": "Event not found"}), 404

    return app


def event(
    event_id: str, camera: str, label: str, start: float, *, end: float | None = 0.0, has_clip: bool = True
) -> dict:
    """An event as Frigate's GET /api/events returns it (the fields the importer reads, and a few more)."""
    return {
        "id": event_id,
        "camera": camera,
        "label": label,
        "sub_label": None,
        "start_time": start,
        "end_time": None if end is None else start + (end or 8.0),
        "has_clip": has_clip,
        "has_snapshot": True,
        "false_positive": None,
        "zones": [],
        "top_score": 0.81,
        "retain_indefinitely": False,
        "data": {"type": "object", "score": 0.81, "top_score": 0.84},
        "thumbnail": None,
    }
