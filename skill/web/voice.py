"""Settings for voice: the household's Alexa links (unlink), and the voice code for sensitive voice actions."""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from clipstore import AlexaLink, Invalid, VoiceCodeStatus

from .common import bp, home, household

logger = logging.getLogger(__name__)

_CODE = re.compile(r"^[0-9]{4}$")


def alexa_links() -> list[AlexaLink]:
    """The signed-in member's Alexa links (an owner sees everyone's), newest first."""
    return home().settings.alexa_links()


def voice_code() -> VoiceCodeStatus:
    """The signed-in household's voice code state (never the code)."""
    return home().settings.voice_code()


@bp.app_context_processor
def _voice_context() -> dict[str, Any]:
    """Lazy helpers for the settings partials (_alexa_links.html, _voice_code.html)."""
    return {"alexa_links": alexa_links, "voice_code": voice_code}


def _settings_with_error(message: str) -> ResponseReturnValue:
    hh = household()
    from .manage import time_zones

    form = {"retention_days": str(hh.retention_days), "timezone": hh.timezone}
    return render_template("settings.html", zones=time_zones(), form=form, error=None, voice_error=message), 400


@bp.post("/settings/alexa/<link_id>/unlink")
def alexa_unlink(link_id: str) -> ResponseReturnValue:
    """Revoke one Alexa link: its tokens stop working at once."""
    link = home().settings.revoke_alexa_link(link_id[:64])
    logger.info("household %s revoked Alexa link %s on the web page", household().id, link.id)
    flash("Alexa is unlinked. It will ask to be linked again the next time someone uses Home Clips.", "success")
    return redirect(url_for("web.settings") + "#alexa")


@bp.post("/settings/voice-code")
def voice_code_save() -> ResponseReturnValue:
    """Set or change the code (4 digits, typed twice), and whether the offline voice loop asks for it."""
    code, again = (request.form.get("code") or "").strip(), (request.form.get("code_again") or "").strip()
    offline = request.form.get("offline") == "yes"
    if not code and voice_code().set:  # only the offline choice changes
        home().settings.set_voice_code(None, offline)
        flash(
            "Saved. The offline voice assistant " + ("asks" if offline else "does not ask") + " for the code.",
            "success",
        )
        return redirect(url_for("web.settings") + "#voice-code")
    if not _CODE.match(code):
        return _settings_with_error("The voice code is exactly 4 digits, for example 2580.")
    if code != again:
        return _settings_with_error("The two codes are not the same. Type the code twice.")
    try:
        home().settings.set_voice_code(code, offline)
    except Invalid as exc:
        return _settings_with_error(str(exc))
    flash(
        "Saved. Alexa asks for the voice code after the yes to deleting, sharing, turning recording on or off"
        " and shortening how long clips are kept.",
        "success",
    )
    return redirect(url_for("web.settings") + "#voice-code")


@bp.post("/settings/voice-code/remove")
def voice_code_remove() -> ResponseReturnValue:
    """Remove the code (not while a lock after wrong codes is in force)."""
    try:
        home().settings.clear_voice_code()
    except Invalid as exc:
        return _settings_with_error(str(exc)[:1].upper() + str(exc)[1:] + ".")
    flash("The voice code is removed: sensitive voice actions need only the yes.", "success")
    return redirect(url_for("web.settings") + "#voice-code")
