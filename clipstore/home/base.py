"""What every room of the door shares: the caller, the parts behind it, permission checks and the audit."""

from __future__ import annotations

from dataclasses import replace

from ..errors import Forbidden, NotFound
from ..models import Caller, Clip, ClipQuery, utc_iso
from ..parts import Parts

_WHAT = {"change": "change clips or cameras", "manage": "manage the household"}


class Room:
    """One part of a household as one caller sees it."""

    def __init__(self, parts: Parts, caller: Caller) -> None:
        self.parts = parts
        self.caller = caller
        self.household_id = caller.household_id

    def require(self, action: str) -> None:
        """Forbidden unless the caller's role allows `action` (view, change, manage)."""
        if not self.caller.may(action):
            raise Forbidden(f"a {self.caller.role} may not {_WHAT.get(action, action)} in this household")

    def visible_camera(self, camera: str) -> None:
        """NotFound for a camera the caller may not see, as for one the household does not have."""
        if not self.caller.sees(camera):
            raise NotFound(f"no camera with id {camera!r}")

    def scoped(self, query: ClipQuery) -> ClipQuery:
        """`query` limited to the caller's cameras (NotFound for a camera they may not see)."""
        if self.caller.cameras is None:
            return query
        if query.camera is not None:
            self.visible_camera(query.camera)
        return replace(query, within=tuple(sorted(self.caller.cameras)))

    def audit(
        self,
        action: str,
        *,
        clip: Clip | None = None,
        clip_id: str | None = None,
        camera: str | None = None,
        detail: dict | None = None,
        coalesce_s: float | None = None,
    ) -> None:
        """Write what the caller did to the household's audit log (a clip's start time goes in the detail)."""
        if clip is not None and detail is None:
            detail = {"started_at": utc_iso(clip.started_at)}
        self.parts.audit.record(
            self.household_id,
            channel=self.caller.channel,
            actor=self.caller.member,
            action=action,
            clip_id=clip.id if clip else clip_id,
            camera=clip.camera if clip else camera,
            detail=detail,
            coalesce_s=coalesce_s,
        )
