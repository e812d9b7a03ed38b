"""Import a Frigate server's finished events through its HTTP API: each once, resuming after a restart.

Documented endpoints only: `POST /api/login` (when a user is given), `GET /api/events`,
`GET /api/events/{id}/clip.mp4`, and `DELETE /api/events/{id}` when deleting here should delete there too.
The server is not trusted: each event's fields are checked (frigate_events.py), each request is bounded in
time and size and stays on the host (frigate_http.py), and a run reads at most `max_pages` pages, ends after
`run_deadline_s`, and stops at once when told to (SIGTERM).
"""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

import requests

from clipstore import MAX_CLIP_BYTES, ClipStore, Conflict, MediaError, NotFound, StopSignal, StoreError, slugify

from .convert import to_browser_mp4
from .frigate_events import Event, parse_event
from .frigate_http import BoundedHttp, FrigateError, FrigateSettings, Reply, Stopped, TooLarge
from .frigate_tells import LABEL_MAP, tracked_objects

logger = logging.getLogger(__name__)

PAGE = 100
OVERLAP_S = 3600.0  # events finish out of order: look back this far behind the newest one imported
_UNREAD = object()

__all__ = ["ClipNotReady", "FrigateError", "FrigateImporter", "FrigateSettings", "Stopped"]


class ClipNotReady(FrigateError):
    """Frigate has no clip for this (yet): 404 or 410."""


class FrigateImporter:
    """One pass (`run_once`) imports every finished event with a clip that was not imported before."""

    def __init__(
        self,
        store: ClipStore,
        household_id: int,
        settings: FrigateSettings,
        session: requests.Session | None = None,
        stop: StopSignal | None = None,
    ) -> None:
        self.store, self.household_id, self.settings = store, household_id, settings
        self.stop = stop or StopSignal()
        self.client = BoundedHttp(settings.base, timeout_s=settings.timeout_s, session=session, stop=self.stop)
        self.ledger = store.import_ledger(f"frigate:{settings.base}")
        self._warned: set[str] = set()
        parts = urlsplit(settings.url)
        self._user = settings.user or parts.username
        self._password = settings.password or parts.password
        if settings.token:
            self.client.http.headers["Authorization"] = f"Bearer {settings.token}"
        self._logged_in = False
        self._config: object = _UNREAD

    # -- HTTP --------------------------------------------------------------------
    def _request(self, method: str, path: str, *, into=None, **kwargs) -> Reply:
        deadline_s, max_bytes = (
            (self.settings.clip_deadline_s, MAX_CLIP_BYTES)
            if into is not None
            else (self.settings.request_deadline_s, self.settings.max_reply_bytes)
        )
        for attempt in range(2):
            if self._user and not self._logged_in:
                self._login()
            reply = self.client.request(method, path, into=into, deadline_s=deadline_s, max_bytes=max_bytes, **kwargs)
            if reply.status == 401 and self._user and attempt == 0:
                self._logged_in = False  # the session's token expired: log in again once
                continue
            if reply.status in (401, 403):
                raise FrigateError(
                    f"Frigate refused {method} {path} ({reply.status}); "
                    "give --user with FRIGATE_PASSWORD, or FRIGATE_TOKEN"
                )
            return reply
        raise FrigateError("Frigate login did not hold")

    def _login(self) -> None:
        reply = self.client.request(
            "POST",
            "/api/login",
            deadline_s=self.settings.request_deadline_s,
            max_bytes=self.settings.max_reply_bytes,
            json={"user": self._user, "password": self._password or ""},
        )
        if reply.status != 200:
            raise FrigateError(f"Frigate login as {self._user!r} failed ({reply.status})")
        self._logged_in = True

    def _page(self, params: dict) -> list:
        reply = self._request("GET", "/api/events", params=params)
        if reply.status != 200:
            raise FrigateError(f"GET /api/events answered {reply.status}")
        try:
            page = json.loads(reply.body)
        except ValueError:
            raise FrigateError("GET /api/events did not answer JSON") from None
        if not isinstance(page, list):
            raise FrigateError("GET /api/events did not answer a list")
        return page

    def events(self, after: float) -> list[Event]:
        """Every finished event with a clip that started after `after`, oldest first (at most `max_pages`
        pages of them; events with a field out of bounds are skipped, each said once)."""
        found: dict[str, Event] = {}
        before: float | None = None
        for _ in range(self.settings.max_pages):
            if self.stop.is_set():
                raise Stopped("stopped while listing Frigate's events")
            params = {"after": after, "limit": PAGE, "has_clip": 1, "in_progress": 0, "include_thumbnails": 0}
            if before is not None:
                params["before"] = before
            page = self._page(params)
            checked = [parse_event(raw, self.store.now()) for raw in page]
            for problem in {p for p in checked if isinstance(p, str)}:
                self._warn_once(f"skip:{problem}", "Frigate listed an event that is skipped: %s", problem)
            fresh = [e for e in checked if isinstance(e, Event) and e.id not in found]
            for event in fresh:
                found[event.id] = event
            if len(page) < PAGE or not fresh:
                break
            before = min(e.start for e in fresh)
        else:
            logger.warning(
                "Frigate listed more than %d pages of events; the newest %d are looked at in this run",
                self.settings.max_pages,
                len(found),
            )
        done = [e for e in found.values() if e.end is not None and e.has_clip]
        return sorted(done, key=lambda e: e.start)

    def _warn_once(self, key: str, message: str, *args: object) -> None:
        if key not in self._warned:
            self._warned.add(key)
            logger.warning(message, *args)

    # -- import ------------------------------------------------------------------
    def camera_for(self, name: str) -> str | None:
        """Our camera id for a Frigate camera name (the map, else the same name as a slug)."""
        slug = self.settings.camera_map.get(name) or slugify(name)
        try:
            self.store.system(self.household_id, "frigate").cameras.get(slug)
        except NotFound:
            if name not in self._warned:
                self._warned.add(name)
                logger.warning(
                    "Frigate camera %r has no camera here (add one, or --camera-map %s=ID); its events wait", name, name
                )
            return None
        return slug

    def run_once(self) -> int:
        """Import what is new; then, if asked, delete in Frigate what was deleted here. Returns clips made.

        The run ends after `run_deadline_s` (the rest waits for the next one) or when `stop` is set.
        """
        ends = time.monotonic() + self.settings.run_deadline_s
        made = 0
        self._config = _UNREAD  # read again (once) in each run that imports something
        try:
            last = self.ledger.resume_after()
            events = self.events(0.0 if last is None else last - OVERLAP_S)
            known = self.ledger.known([e.id for e in events])
            for event in events:
                if self.stop.is_set() or time.monotonic() > ends:
                    if not self.stop.is_set():
                        logger.warning(
                            "this Frigate run took its %.0f s; the rest waits for the next one",
                            self.settings.run_deadline_s,
                        )
                    break
                if event.id not in known:
                    made += self._import(event)
            if self.settings.delete_in_frigate and not self.stop.is_set():
                self.delete_deleted()
        except Stopped:
            logger.info("stopped (%d clips imported in this run)", made)
        return made

    def _import(self, event: Event) -> int:
        try:
            return self.import_event(event)
        except Stopped:
            raise
        except FrigateError:  # said; tried again in the next run
            return 0

    def import_event(self, event: Event, *, retry_missing: bool = False) -> int:
        """Import one finished event (1) or remember why not (0). FrigateError when Frigate failed: not
        remembered, so tried again later. With `retry_missing`, a clip Frigate does not have (yet) raises
        ClipNotReady instead of being given up on (just after an event ends its last segment may not be in)."""
        camera = self.camera_for(event.camera)
        if camera is None:
            return 0
        now = int(self.store.now())
        if not self.store.system(self.household_id, "frigate").cameras.get(camera).recording:
            self.ledger.remember(event.id, self.household_id, None, event.start, now, "camera in privacy mode")
            return 0
        download, target = self.store.scratch_file(".mp4", "frigate-"), self.store.scratch_file(".mp4")
        try:
            try:
                self.download(event.clip_path, download, f"event {event.id}")
            except ClipNotReady:
                if retry_missing:
                    raise
                raise MediaError(f"Frigate has no clip for event {event.id}") from None
            to_browser_mp4(download, target)
            label = LABEL_MAP.get(event.label.lower())
            clip = self.store.ingest(
                self.household_id,
                camera,
                target,
                move=True,
                started_at=datetime.fromtimestamp(event.start, UTC),
                labels=[label] if label else [],
                label_source="frigate",
            )
        except (MediaError, Conflict, StoreError) as exc:
            logger.warning("Frigate event %s: not imported: %s", event.id, exc)
            self.ledger.remember(event.id, self.household_id, None, event.start, now, str(exc)[:300])
            return 0
        except FrigateError as exc:
            if isinstance(exc, (Stopped, ClipNotReady)):
                raise
            logger.warning("Frigate event %s: %s; tried again later", event.id, exc)
            raise
        finally:
            download.unlink(missing_ok=True)
            target.unlink(missing_ok=True)
        self.ledger.remember(event.id, self.household_id, clip.id, event.start, now)
        self._note_can_tell(event, camera, label)
        logger.info(
            "Frigate event %s (%s, %s) → clip %s of %s",
            event.id,
            event.camera,
            event.label or "no label",
            clip.id,
            camera,
        )
        return 1

    def _note_can_tell(self, event: Event, camera: str, label: str | None) -> None:
        """Remember which of our labels Frigate can give on this camera: what its configuration tracks there, and
        any label its events gave (with the configuration unreadable: those and what was known before)."""
        config = self._frigate_config()
        labels = {LABEL_MAP[name] for name in tracked_objects(config, event.camera) if name in LABEL_MAP}
        labels |= {label} if label else set()
        if config is None:
            labels |= set(self.store.system(self.household_id, "frigate").clips.can_tell(camera).get("frigate", ()))
        self.store.note_can_tell(self.household_id, camera, "frigate", tuple(labels))

    def _frigate_config(self) -> object:
        """Frigate's configuration as its API shows it, once per run (None when it cannot be read)."""
        if self._config is _UNREAD:
            self._config = None
            try:
                reply = self._request("GET", "/api/config")
                if reply.status == 200:
                    self._config = json.loads(reply.body)
                else:
                    self._warn_once(
                        "config",
                        "GET /api/config answered %s; what Frigate can tell is taken from its events",
                        reply.status,
                    )
            except Stopped:
                raise
            except (FrigateError, ValueError) as exc:
                self._warn_once(
                    "config",
                    "Frigate's configuration could not be read (%s); what Frigate can tell is taken from its events",
                    exc,
                )
        return self._config

    def download(self, path: str, into, what: str) -> None:
        """GET a clip into a file, bounded like every clip; ClipNotReady when Frigate has none (404, 410)."""
        try:
            reply = self._request("GET", path, into=into)
        except TooLarge:
            raise MediaError(f"the clip of {what} is larger than the store takes") from None
        if reply.status in (404, 410):
            raise ClipNotReady(f"Frigate has no clip for {what} ({reply.status})")
        if reply.status != 200:
            raise FrigateError(f"GET {urlsplit(path).path} answered {reply.status}")

    def delete_deleted(self) -> int:
        """Delete in Frigate the events whose clips were deleted here for good (purged from the trash)."""
        done = 0
        for item in self.ledger.deleted_here():
            if self.stop.is_set():
                break
            reply = self._request("DELETE", f"/api/events/{quote(item.event_id, safe='')}")
            if reply.status in (200, 404):  # 404: already gone there
                self.ledger.deleted_at_origin(item.event_id, int(self.store.now()))
                done += 1
                logger.info("deleted Frigate event %s (its clip was deleted here)", item.event_id)
            else:
                logger.warning("Frigate did not delete event %s (%s); will try again", item.event_id, reply.status)
        return done
