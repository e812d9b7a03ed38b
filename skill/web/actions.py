"""What changes clips: delete (confirmed first, undoable while in the trash), share with a person, stop shares."""

from __future__ import annotations

import logging

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from clipstore import GUEST, SHARE_DAYS, SUPPORT, Clip, ClipQuery, Deletion, Invalid, consent_text
from intents.speech import describe_clip
from skill.api.shares import share_url

from .common import audit, bp, home, household, safe_next, store, today, when

logger = logging.getLogger(__name__)


def _clip(clip_id: str) -> Clip:
    return home().clips.find(clip_id)


def last_deletion() -> Deletion | None:
    """The member's newest deletion that can still be undone (from any channel; an owner: anyone's), or None."""
    return home().clips.last_deletion()


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
    return render_template(
        "confirm_delete.html",
        clip=clip,
        camera_name=_camera_name(clip),
        what=clip_words(clip),
        grace=grace_minutes(),
        back=_back(url_for("web.clip_page", clip_id=clip.id)),
    )


@bp.post("/clips/<clip_id>/delete")
def delete_clip(clip_id: str) -> ResponseReturnValue:
    """Move one clip to the trash; the next page offers undo while it is restorable."""
    clip = _clip(clip_id)
    home().clips.delete(ClipQuery(ids=(clip.id,)), clip=clip)
    logger.info("household %s deleted clip %s on the web page", household().id, clip.id)
    flash(f"Deleted {clip_words(clip)}.", "deleted")
    return redirect(safe_next(request.form.get("after"), url_for("web.clip_list")))


@bp.post("/undo")
def undo() -> ResponseReturnValue:
    """Bring back the last deletion while it is still in the trash."""
    restored = home().clips.restore_last()
    if restored.clips:
        setting = (
            f" Clips are kept for {restored.retention_days} days again." if restored.retention_days is not None else ""
        )
        flash(f"Restored {restored.clips} clip{'s' if restored.clips != 1 else ''}.{setting}", "success")
    else:
        flash(
            f"There was nothing left to restore: deleted clips can be brought back only for {grace_minutes()} minutes.",
            "info",
        )
    return redirect(_back(url_for("web.clip_list")))


# -- share with support ----------------------------------------------------------
def _camera_name(clip: Clip) -> str:
    for cam in home().cameras.all():
        if cam.id == clip.camera:
            return cam.name
    return clip.camera


def clip_words(clip: Clip) -> str:
    """'the front door clip from today at 2:15 pm', as the voice answers say it."""
    cameras = home().cameras.all()
    return describe_clip(clip, cameras, household().timezone, today()).split(", with")[0]


def share_consent(clip: Clip, who: str = GUEST) -> str:
    """The consent sentence the voice flow speaks for this clip, word for word."""
    return consent_text(clip_words(clip), SHARE_DAYS, who)


def share_choices() -> list[tuple[str, str]]:
    """Whom the signed-in member can share with: (value, label), a guest link first."""
    choices = [(GUEST, "A guest link that you hand on")]
    choices += [(m.id, m.name) for m in home().members.people() if m.id != home().caller.member]
    if store().support_contact:
        choices.append((SUPPORT, f"Support ({store().support_contact})"))
    return choices


@bp.get("/clips/<clip_id>/share")
def share_confirm(clip_id: str) -> ResponseReturnValue:
    """Ask for consent; nothing is shared until the person presses the share button."""
    clip = _clip(clip_id)
    audit("view", clip)  # the page shows the clip's camera, time and thumbnail
    return render_template(
        "confirm_share.html",
        clip=clip,
        camera_name=_camera_name(clip),
        consent=share_consent(clip),
        choices=share_choices(),
        back=_back(url_for("web.clip_page", clip_id=clip.id)),
    )


@bp.post("/clips/<clip_id>/share")
def share_clip(clip_id: str) -> ResponseReturnValue:
    """Create the share: only here, after the explicit confirm of the consent question."""
    clip = _clip(clip_id)
    if request.form.get("consent") != "yes":
        flash("Nothing was shared.", "info")
        return redirect(url_for("web.clip_page", clip_id=clip.id))
    whom = (request.form.get("with") or GUEST).strip()[:40]
    if whom not in {value for value, _ in share_choices()}:
        raise Invalid("pick whom to share with")
    share = home().shares.create(clip.id, with_whom=whom, days=SHARE_DAYS)
    logger.info("household %s shared clip %s (%s) on the web page", household().id, clip.id, whom)
    if whom in (GUEST, SUPPORT):
        return render_template(
            "shared.html",
            clip=clip,
            camera_name=_camera_name(clip),
            url=share_url(share),
            until=when(share.expires_at),
            support=store().support_contact if whom == SUPPORT else None,
        )
    name = dict(share_choices()).get(whom, whom)
    flash(
        f"Shared with {name} until {when(share.expires_at)}: it is on their page now. You can stop sharing at any"
        " time on the Access page.",
        "success",
    )
    return redirect(url_for("web.clip_page", clip_id=clip.id))


@bp.post("/shares/<share_id>/revoke")
def revoke_share(share_id: str) -> ResponseReturnValue:
    """End one share now."""
    home().shares.revoke(share_id[:64])
    flash("Stopped sharing. Nobody can watch that clip through that share any more.", "success")
    return redirect(url_for("web.access_log"))


@bp.post("/shares/revoke-all")
def revoke_all() -> ResponseReturnValue:
    """End every active share at once."""
    revoked = home().shares.revoke_all()
    flash(
        f"Stopped {revoked} share{'s' if revoked != 1 else ''}. Nobody outside your home can watch your clips now."
        if revoked
        else "No clips were shared.",
        "success" if revoked else "info",
    )
    return redirect(url_for("web.access_log"))
