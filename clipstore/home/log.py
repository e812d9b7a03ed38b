"""The access log as one member sees it: what happened to their cameras' clips, and what they did themselves."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from ..audit import ChainHead
from ..models import AuditEvent
from .base import Room


class HomeLog(Room):
    """Read the audit log (limited to the member's cameras for everyone but an owner) and write to it."""

    def events(
        self,
        *,
        clip_id: str | None = None,
        camera: str | None = None,
        action: str | None = None,
        after: datetime | None = None,
        before: datetime | None = None,
        limit: int = 100,
    ) -> list[AuditEvent]:
        """Newest first, filtered. A member limited to some cameras sees entries about those cameras and their
        own entries; the rest of the household's log is not theirs to read."""
        if camera is not None:
            self.visible_camera(camera)
        names = self.names()
        if self.caller.cameras is None:
            events = self.parts.audit.events(
                self.household_id,
                clip_id=clip_id,
                camera=camera,
                action=action,
                after=after,
                before=before,
                limit=limit,
            )
            return [replace(e, actor_name=names.get(e.actor)) for e in events]
        found: list[AuditEvent] = []
        cursor = before
        while len(found) < limit:
            batch = self.parts.audit.events(
                self.household_id, clip_id=clip_id, camera=camera, action=action, after=after, before=cursor, limit=200
            )
            found += [e for e in batch if self.caller.sees(e.camera) or e.actor == self.caller.member]
            if len(batch) < 200:
                break
            cursor = batch[-1].at
        return [replace(e, actor_name=names.get(e.actor)) for e in found[:limit]]

    def head(self) -> ChainHead:
        """The household's chain head (to note down, and compare later)."""
        return self.parts.audit.head(self.household_id)

    def record(
        self, action: str, *, camera: str | None = None, clip_id: str | None = None, detail: dict | None = None
    ) -> None:
        """Write an event of the caller's own (signing in or out, a page that shows clips, ...)."""
        if camera is not None:
            self.visible_camera(camera)
        self.audit(action, camera=camera, clip_id=clip_id, detail=detail)

    def names(self) -> dict[str, str]:
        """member id → name, for showing the log ("Sam watched ..."); former members keep their id."""
        return {m.id: m.name for m in self.parts.members.all(self.household_id)}
