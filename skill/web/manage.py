"""Household pages: cameras (privacy mode, names for voice), settings, and the access log with shares."""

from __future__ import annotations

import functools
import logging
import re
import zoneinfo
from datetime import UTC, datetime
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from clipstore import GUEST, SUPPORT, AuditEvent, Camera, Invalid, NeedsConfirmation, NotFound, Share
from skill.api.shares import share_url

from .actions import grace_minutes
from .common import ACTION_NAMES, bad_request, bp, home, household, sentence

logger = logging.getLogger(__name__)

SHOW = {
    "": ("Views, shares and deletions", ("view", "play", "share", "share_open", "delete", "restore", "revoke")),
    "view": ("Clip pages opened", ("view",)),
    "play": ("Videos played", ("play",)),
    "share_open": ("Opened through share links", ("share_open",)),
    "delete": ("Deletions", ("delete",)),
    "all": ("Everything", ()),
}
"""The access log's 'show' choices: value → (label, actions; empty = every action)."""
LOG_PAGE = 50
_BATCH = 200


@functools.lru_cache(maxsize=1)
def time_zones() -> tuple[str, ...]:
    """IANA zone names people pick from: Region/City, plus UTC (no legacy aliases)."""
    regions = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")
    return ("UTC", *sorted(z for z in zoneinfo.available_timezones() if z.split("/")[0] in regions))


# -- cameras ---------------------------------------------------------------------
def split_names(text: str) -> list[str]:
    """'porch, doorbell\\nentrance' → ['porch', 'doorbell', 'entrance']."""
    return [part.strip() for part in re.split(r"[,\n]", text) if part.strip()]


def _cameras_page(
    errors: dict[str, str] | None = None, values: dict[str, dict] | None = None, status: int = 200
) -> ResponseReturnValue:
    return render_template(
        "cameras.html", cameras=home().cameras.all(), errors=errors or {}, values=values or {}
    ), status


@bp.get("/cameras")
def cameras() -> ResponseReturnValue:
    """Every camera: recording on/off, the name and the other names voice understands."""
    return _cameras_page()


def _camera(slug: str) -> Camera:
    return home().cameras.get(slug[:40])


@bp.post("/cameras/<slug>")
def camera_names(slug: str) -> ResponseReturnValue:
    """Rename a camera and set the other names voice should understand for it."""
    camera = _camera(slug)
    name, synonyms = request.form.get("name", ""), request.form.get("synonyms", "")
    try:
        updated = home().cameras.rename(camera.id, name=name, synonyms=split_names(synonyms))
    except Invalid as exc:
        return _cameras_page({camera.id: sentence(str(exc))}, {camera.id: {"name": name, "synonyms": synonyms}}, 400)
    flash(
        f"Saved. Voice now knows \u201c{updated.name}\u201d"
        + (f" also as {', '.join(updated.synonyms)}." if updated.synonyms else "."),
        "success",
    )
    return redirect(url_for("web.cameras") + f"#camera-{camera.id}")


@bp.post("/cameras/<slug>/recording")
def camera_recording(slug: str) -> ResponseReturnValue:
    """Privacy mode: stop or resume recording one camera."""
    camera = _camera(slug)
    state = request.form.get("state")
    if state not in ("on", "off"):
        raise bad_request("Recording can only be turned on or off.")
    updated = home().cameras.switch(camera.id, state == "on")
    logger.info("household %s turned recording %s for %s on the web page", household().id, state, camera.id)
    flash(
        f"{updated.name} is recording again."
        if updated.recording
        else f"{updated.name} is in privacy mode: it records nothing until you turn it back on.",
        "success",
    )
    return redirect(url_for("web.cameras") + f"#camera-{camera.id}")


# -- settings --------------------------------------------------------------------
def _settings_page(error: str | None = None, values: dict | None = None, status: int = 200) -> ResponseReturnValue:
    hh = household()
    form = values or {"retention_days": str(hh.retention_days), "timezone": hh.timezone}
    return render_template("settings.html", zones=time_zones(), form=form, error=error), status


@bp.get("/settings")
def settings() -> ResponseReturnValue:
    """Retention and time zone."""
    return _settings_page()


@bp.post("/settings")
def save_settings() -> ResponseReturnValue:
    """Change retention days and the time zone; a bad value changes nothing."""
    values = {
        "retention_days": (request.form.get("retention_days") or "").strip(),
        "timezone": (request.form.get("timezone") or "").strip(),
    }
    if not re.fullmatch(r"[0-9]{1,4}", values["retention_days"]):
        return _settings_page("Keep clips for a whole number of days, from 1 to 3650.", values, 400)
    if values["timezone"] not in time_zones():
        return _settings_page("Pick a time zone from the list.", values, 400)
    days = int(values["retention_days"])
    try:
        change = home().settings.update(
            retention_days=days, timezone=values["timezone"], confirm=request.form.get("confirm") == "yes"
        )
    except NeedsConfirmation as need:  # shortening retention would delete clips: ask first, naming how many
        return render_template(
            "confirm_retention.html", days=days, timezone=values["timezone"], count=need.count, grace=grace_minutes()
        ), 409
    except Invalid as exc:
        return _settings_page(sentence(str(exc)), values, 400)
    updated = change.household
    flash(
        f"Saved. Clips are kept for {updated.retention_days} day{'s' if updated.retention_days != 1 else ''};"
        f" times are shown in {updated.timezone.replace('_', ' ')}.",
        "success",
    )
    if change.trashed:
        flash(f"Deleted {change.trashed} older clip{'s' if change.trashed != 1 else ''}.", "deleted")
    return redirect(url_for("web.settings"))


# -- access log and shares -------------------------------------------------------
def fetch_events(
    camera: str | None, actions: tuple[str, ...], before: datetime | None
) -> tuple[list[AuditEvent], bool]:
    """One page of audit events, newest first, of the given actions; and whether older ones exist."""
    wanted, found = set(actions), []
    single = actions[0] if len(actions) == 1 else None
    for _ in range(10):  # bounded: at most 2,000 rows read per page
        batch = home().log.events(camera=camera, action=single, before=before, limit=_BATCH)
        found += [event for event in batch if not wanted or event.action in wanted]
        if len(found) > LOG_PAGE or len(batch) < _BATCH:
            break
        before = batch[-1].at
    return found[:LOG_PAGE], len(found) > LOG_PAGE


def _share_rows(shares: list[Share]) -> list[dict]:
    rows = []
    names = {cam.id: cam.name for cam in home().cameras.all()}
    for share in shares:
        try:
            clip = home().clips.find(share.clip_id)
        except NotFound:
            clip = None
        url = share_url(share) if share.to in (GUEST, SUPPORT) and share.actor == home().caller.member else None
        rows.append(
            {"share": share, "clip": clip, "url": url, "camera": names.get(clip.camera, clip.camera) if clip else None}
        )
    return rows


def _who(names: dict[str, str]):
    def who(event: AuditEvent) -> str:
        """The member's name; a share link's opener; the system's part."""
        if event.actor.startswith("share:") or event.actor == "support via share link":
            return "Someone with a share link"
        return event.actor_name or names.get(event.actor) or event.actor.replace("_", " ").capitalize()

    return who


def _share_with(names: dict[str, str]):
    def share_with(to: str) -> str:
        return {GUEST: "a guest link", SUPPORT: "support"}.get(to) or names.get(to, to)

    return share_with


@bp.get("/access")
def access_log() -> ResponseReturnValue:
    """Who opened which clip, when and through what; and the shares that still work."""
    cams = home().cameras.all()
    camera = (request.args.get("camera") or "").strip() or None
    if camera is not None and camera not in {cam.id for cam in cams}:
        raise bad_request("There is no camera by that name in your home.", "Unknown camera")
    show = (request.args.get("show") or "").strip()
    if show not in SHOW:
        raise bad_request("Pick what to show from the list.", "Unknown choice")
    before_raw = (request.args.get("before") or "").strip()
    before = None
    if before_raw:
        if not re.fullmatch(r"[0-9]{1,10}(\.[0-9]{1,6})?", before_raw):
            raise bad_request("That page link is not one this site made.", "Unknown page")
        before = datetime.fromtimestamp(float(before_raw), UTC)
    events, more = fetch_events(camera, SHOW[show][1], before)
    older = None
    if more and events:
        kept: dict[str, Any] = {k: v for k, v in (("camera", camera), ("show", show)) if v}
        older = url_for("web.access_log", **kept, before=f"{events[-1].at.timestamp():.6f}")
    names = home().log.names()
    received = [row for row in _share_rows(home().shares.received()) if row["clip"]]
    return render_template(
        "access.html",
        events=events,
        shares=_share_rows(home().shares.active()),
        received=received,
        who=_who(names),
        share_with=_share_with(names),
        cameras=cams,
        camera=camera,
        show=show,
        show_choices=SHOW,
        older_url=older,
        paged=before is not None,
        chain=home().log.head(),
        member_names=names,
        camera_names={cam.id: cam.name for cam in cams},
        action_names=ACTION_NAMES,
    )


@bp.route("/cameras/<slug>/remove", methods=["GET", "POST"])
def camera_remove(slug: str) -> ResponseReturnValue:
    """Remove a camera: first a question naming how many clips go with it; undo brings back both."""
    camera = _camera(slug)
    if request.method == "GET" or request.form.get("confirm") != "yes":
        try:
            home().cameras.remove(camera.id, confirm=False)
        except NeedsConfirmation as need:
            return render_template("confirm_camera_remove.html", camera=camera, count=need.count, grace=grace_minutes())
    trashed = home().cameras.remove(camera.id, confirm=True)
    flash(f"Removed the {camera.name} camera and deleted its {trashed} clip{'s' if trashed != 1 else ''}.", "deleted")
    return redirect(url_for("web.cameras"))
