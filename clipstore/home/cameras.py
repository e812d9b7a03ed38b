"""The household's cameras as one member sees them: only theirs; switching needs the right to change, adding,
editing, streams and removing need the owner's."""

from __future__ import annotations

import secrets

from ..errors import Conflict, Invalid, NeedsConfirmation
from ..models import Camera, ClipQuery
from ..sources import check_source, redact
from .base import Room

RECORDER_STALE_S = 30.0
"""A recorder that has not reported for this long is shown as not connected."""


class HomeCameras(Room):
    """Cameras: every list and lookup hides the ones the member may not see (404, as for none)."""

    def all(self) -> list[Camera]:
        """The member's cameras, in the order they were added."""
        return [c for c in self.parts.cameras.all(self.household_id) if self.caller.sees(c.id)]

    def get(self, camera: str) -> Camera:
        """One camera the member may see."""
        self.visible_camera(camera)
        return self.parts.cameras.get(self.household_id, camera)

    def add(
        self,
        name: str,
        *,
        slug: str | None = None,
        synonyms: list[str] | tuple[str, ...] = (),
        source: str | None = None,
    ) -> Camera:
        """Add a camera (and its stream); audited, with the stream shown without its secrets."""
        self.require("manage")
        if source is not None:
            check_source(source)  # before anything is added: a bad source changes nothing
        with self.parts.db.transaction():
            camera = self.parts.cameras.add(self.household_id, name, slug=slug, synonyms=synonyms)
            if source is not None:
                self.parts.cameras.set_source(self.household_id, camera.id, source)
        detail: dict = {"added": True} if source is None else {"added": True, "source": redact(source)}
        self.audit("camera_add", camera=camera.id, detail=detail)
        return camera

    def rename(self, camera: str, *, name: str | None = None, synonyms: list[str] | None = None) -> Camera:
        """Change what people call a camera; audited."""
        self.get(camera)
        self.require("manage")
        updated = self.parts.cameras.update(self.household_id, camera, name=name, synonyms=synonyms)
        detail = {key: value for key, value in (("name", name), ("synonyms", synonyms)) if value is not None}
        self.audit("camera_update", camera=camera, detail=detail)
        return updated

    def update(
        self, camera: str, *, name: str | None = None, synonyms: list[str] | None = None, recording: bool | None = None
    ) -> Camera:
        """Rename a camera (the owner's) and/or switch its recording (any member who may change); one audit
        entry with what changed."""
        self.get(camera)  # a camera the member can't see is 404 before anything else
        self.require("manage" if name is not None or synonyms is not None else "change")
        if recording is not None and not isinstance(recording, bool):
            raise Invalid("recording must be true or false")
        updated = self.parts.cameras.update(
            self.household_id, camera, name=name, synonyms=synonyms, recording=recording
        )
        detail = {
            key: value
            for key, value in (("name", name), ("synonyms", synonyms), ("recording", recording))
            if value is not None
        }
        self.audit("camera_update", camera=camera, detail=detail)
        return updated

    def switch(self, camera: str, recording: bool) -> Camera:
        """Privacy mode: stop or resume recording a camera; audited."""
        self.get(camera)
        self.require("change")
        if not isinstance(recording, bool):
            raise Invalid("recording must be true or false")
        updated = self.parts.cameras.update(self.household_id, camera, recording=recording)
        self.audit("camera_update", camera=camera, detail={"recording": recording})
        return updated

    def set_source(self, camera: str, source: str | None) -> str | None:
        """Keep (or with None, drop) a camera's stream; returns it as it may be shown. Audited without secrets."""
        self.get(camera)
        self.require("manage")
        self.parts.cameras.set_source(self.household_id, camera, source)
        shown = redact(source) if source else None
        self.audit("camera_update", camera=camera, detail={"source": shown})
        return shown

    def shown_sources(self) -> dict[str, str]:
        """camera id → its stream without any secret, for the member's cameras that have one."""
        return {k: v for k, v in self.parts.cameras.shown_sources(self.household_id).items() if self.caller.sees(k)}

    def recorder_state(self, camera: str) -> dict | None:
        """What the camera's recorder last reported (connected, last clip, last error), or None."""
        self.visible_camera(camera)
        return self.parts.recorder_states.get(self.household_id, camera, self.parts.now(), RECORDER_STALE_S)

    def remove(self, camera: str, *, confirm: bool = False) -> int:
        """Remove a camera: its clips go to the trash under one deletion, and undo brings back both.

        NeedsConfirmation (with the count) unless `confirm`; the camera disappears from every list at once."""
        cam = self.get(camera)
        self.require("manage")
        query = ClipQuery(camera=camera)
        count = self.parts.clips.count(self.household_id, query)
        if not confirm:
            raise NeedsConfirmation(
                f"Removing the {cam.name} camera deletes its {count} clip{'s' if count != 1 else ''}; send"
                f' "confirm": true to go ahead',
                count,
                camera=camera,
            )
        deletion_id = secrets.token_hex(8)
        with self.parts.db.transaction():
            trashed = self.parts.clips.trash(
                self.household_id, query, deletion_id, self.parts.now(), actor=self.caller.member, always=True
            )
            if not self.parts.cameras.mark_removed(self.household_id, camera, deletion_id, self.parts.now()):
                raise Conflict(f"the camera {camera!r} is already being removed")
        self.audit("camera_remove", camera=camera, detail={"count": trashed})
        return trashed
