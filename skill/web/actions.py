"""What changes clips: delete (confirmed first, undoable while in the trash), share with support, stop shares."""
from __future__ import annotations

import logging

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from clipstore import Clip, ClipQuery, Deletion, utc_iso
from clipstore.shares import SHARE_DAYS, consent_text
from intents.speech import describe_clip

from .common import actor, audit, bp, household, safe_next, store, today, when

logger = logging.getLogger(__name__)


def _clip(clip_id: str) -> Clip:
    return store().clips.get(household().id, clip_id)


def last_deletion() -> Deletion | None:
    """The household's newest deletion that can still be undone (from any channel), or None."""
    return store().last_deletion(household().id)


def grace_minutes() -> int:
    """How long a deletion stays undoable, in whole minutes."""
    return max(1, round(store().trash_grace_s / 60))


def _back(default: str) -> str:
    return safe_next(request.values.get("back"), default)


# -- delete and undo -------------------------------------------------------------
@bp.get("/clips/<clip_id>/delete")
def delete_confirm(clip_id: str) -> ResponseReturnValue:
    """The confirmation step (the player opens it as a dialog; without script it is this page)."""
    clip = _clip(clip_id)
    audit("view", clip)  # the page shows the clip's camera, time and thumbnail
    return render_template("confirm_delete.html", clip=clip, camera_name=_camera_name(clip),
                           what=clip_words(clip), grace=grace_minutes(),
                           back=_back(url_for("web.clip_page", clip_id=clip.id)))


@bp.post("/clips/<clip_id>/delete")
def delete_clip(clip_id: str) -> ResponseReturnValue:
    """Move one clip to the trash; the next page offers undo while it is restorable."""
    clip = _clip(clip_id)
    deleted = store().delete(household().id, ClipQuery(ids=(clip.id,)))
    audit("delete", clip, detail={"count": deleted, "started_at": utc_iso(clip.started_at)})
    logger.info("household %s deleted clip %s on the web page", household().id, clip.id)
    flash(f"Deleted {clip_words(clip)}.", "deleted")
    return redirect(safe_next(request.form.get("after"), url_for("web.clip_list")))


@bp.post("/undo")
def undo() -> ResponseReturnValue:
    """Bring back the last deletion while it is still in the trash."""
    restored = store().restore_last(household().id)
    if restored.clips:
        audit("restore", detail=restored.detail())
        setting = (f" Clips are kept for {restored.retention_days} days again."
                   if restored.retention_days is not None else "")
        flash(f"Restored {restored.clips} clip{'s' if restored.clips != 1 else ''}.{setting}", "success")
    else:
        flash("There was nothing left to restore: deleted clips can be brought back only for "
              f"{grace_minutes()} minutes.", "info")
    return redirect(_back(url_for("web.clip_list")))


# -- share with support ----------------------------------------------------------
def _camera_name(clip: Clip) -> str:
    for cam in store().cameras.list(household().id):
        if cam.id == clip.camera:
            return cam.name
    return clip.camera


def clip_words(clip: Clip) -> str:
    """'the front door clip from today at 2:15 pm', as the voice answers say it."""
    cameras = store().cameras.list(household().id)
    return describe_clip(clip, cameras, household().timezone, today()).split(", with")[0]


def share_consent(clip: Clip) -> str:
    """The consent sentence the voice flow speaks for this clip, word for word."""
    return consent_text(clip_words(clip), SHARE_DAYS)


@bp.get("/clips/<clip_id>/share")
def share_confirm(clip_id: str) -> ResponseReturnValue:
    """Ask for consent; nothing is shared until the person presses the share button."""
    clip = _clip(clip_id)
    audit("view", clip)  # the page shows the clip's camera, time and thumbnail
    return render_template("confirm_share.html", clip=clip, camera_name=_camera_name(clip),
                           consent=share_consent(clip), back=_back(url_for("web.clip_page", clip_id=clip.id)))


@bp.post("/clips/<clip_id>/share")
def share_clip(clip_id: str) -> ResponseReturnValue:
    """Create the share: only here, after the explicit confirm of the consent question."""
    clip = _clip(clip_id)
    if request.form.get("consent") != "yes":
        flash("Nothing was shared.", "info")
        return redirect(url_for("web.clip_page", clip_id=clip.id))
    share = store().shares.create(household().id, clip.id, channel="web", actor=actor(), days=SHARE_DAYS)
    audit("share", clip, detail={"share_id": share.id, "days": SHARE_DAYS, "started_at": utc_iso(clip.started_at)})
    logger.info("household %s shared clip %s with support on the web page", household().id, clip.id)
    flash(f"Shared with support until {when(share.expires_at)}. You can stop sharing at any time on the Access page.",
          "success")
    return redirect(url_for("web.clip_page", clip_id=clip.id))


@bp.post("/shares/<share_id>/revoke")
def revoke_share(share_id: str) -> ResponseReturnValue:
    """End one share now."""
    share = store().shares.revoke(household().id, share_id[:64])
    store().audit.record(household().id, channel="web", actor=actor(), action="revoke", clip_id=share.clip_id,
                         detail={"share_id": share.id})
    flash("Stopped sharing. Support can no longer watch that clip.", "success")
    return redirect(url_for("web.access_log"))


@bp.post("/shares/revoke-all")
def revoke_all() -> ResponseReturnValue:
    """End every active share at once."""
    revoked = store().shares.revoke_all(household().id)
    audit("revoke", detail={"count": revoked})
    flash(f"Stopped {revoked} share{'s' if revoked != 1 else ''}. Nobody outside your home can watch your clips now."
          if revoked else "No clips were shared.", "success" if revoked else "info")
    return redirect(url_for("web.access_log"))
