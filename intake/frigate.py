"""Import a Frigate server's finished events through its HTTP API: each once, resuming after a restart.

Documented endpoints only: `POST /api/login` (when a user is given), `GET /api/events`,
`GET /api/events/{id}/clip.mp4`, and `DELETE /api/events/{id}` when deleting here should delete there too.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urlsplit, urlunsplit

import requests

from clipstore.cameras import slugify
from clipstore.errors import Conflict, NotFound, StoreError
from clipstore.media import MediaError
from clipstore.sources import redact
from clipstore.store import MAX_CLIP_BYTES, ClipStore

from .convert import to_browser_mp4
from .ledger import Ledger

logger = logging.getLogger(__name__)

PAGE = 100
OVERLAP_S = 3600.0  # events finish out of order: look back this far behind the newest one imported
LABEL_MAP = {
    "person": "person", "face": "person",
    "car": "vehicle", "truck": "vehicle", "bus": "vehicle", "motorcycle": "vehicle", "bicycle": "vehicle",
    "boat": "vehicle", "license_plate": "vehicle",
    "dog": "animal", "cat": "animal", "bird": "animal", "horse": "animal", "sheep": "animal", "cow": "animal",
    "bear": "animal", "deer": "animal", "fox": "animal", "raccoon": "animal", "squirrel": "animal",
    "rabbit": "animal", "goat": "animal", "skunk": "animal", "kangaroo": "animal", "robot_lawnmower": "vehicle",
    "package": "package", "amazon": "package", "ups": "package", "fedex": "package", "usps": "package",
    "dhl": "package", "an_post": "package", "purolator": "package", "postnl": "package", "nzpost": "package",
    "postnord": "package", "gls": "package", "dpd": "package",
}
"""Frigate (and Frigate+) labels → ours; anything else imports without a label."""


class FrigateError(RuntimeError):
    """Frigate could not be reached or refused (message has no credentials)."""


@dataclass(frozen=True)
class FrigateSettings:
    """Where Frigate is and what to do with its events."""

    url: str
    camera_map: dict[str, str] = field(default_factory=dict)  # Frigate camera name → our camera id
    user: str | None = None
    password: str | None = None
    token: str | None = None           # a Frigate JWT, sent as a bearer token
    delete_in_frigate: bool = False    # delete the event in Frigate once its clip is deleted here for good
    timeout_s: float = 30.0

    @property
    def base(self) -> str:
        """The URL without credentials or trailing slash."""
        parts = urlsplit(self.url.rstrip("/"))
        return urlunsplit((parts.scheme, parts.hostname + (f":{parts.port}" if parts.port else ""),
                           parts.path, "", ""))


class FrigateImporter:
    """One pass (`run_once`) imports every finished event with a clip that was not imported before."""

    def __init__(self, store: ClipStore, household_id: int, settings: FrigateSettings,
                 session: requests.Session | None = None) -> None:
        self.store, self.household_id, self.settings = store, household_id, settings
        self.http = session or requests.Session()
        self.ledger = Ledger(store.db, f"frigate:{settings.base}")
        self._warned: set[str] = set()
        parts = urlsplit(settings.url)
        self._user = settings.user or parts.username
        self._password = settings.password or parts.password
        if settings.token:
            self.http.headers["Authorization"] = f"Bearer {settings.token}"
        self._logged_in = False

    # -- HTTP --------------------------------------------------------------------
    def _request(self, method: str, path: str, **kwargs) -> requests.Response:
        url = self.settings.base + path
        for attempt in range(2):
            if self._user and not self._logged_in:
                self._login()
            try:
                response = self.http.request(method, url, timeout=self.settings.timeout_s, **kwargs)
            except requests.RequestException as exc:
                raise FrigateError(f"cannot reach Frigate at {redact(self.settings.url)}: "
                                   f"{type(exc).__name__}") from None
            if response.status_code == 401 and self._user and attempt == 0:
                self._logged_in = False  # the session's token expired: log in again once
                continue
            if response.status_code in (401, 403):
                raise FrigateError(f"Frigate refused {method} {path} ({response.status_code}); "
                                   "give --user with FRIGATE_PASSWORD, or FRIGATE_TOKEN")
            return response
        raise FrigateError("Frigate login did not hold")

    def _login(self) -> None:
        try:
            response = self.http.post(self.settings.base + "/api/login", timeout=self.settings.timeout_s,
                                      json={"user": self._user, "password": self._password or ""})
        except requests.RequestException as exc:
            raise FrigateError(f"cannot reach Frigate at {self.settings.base}: {type(exc).__name__}") from None
        if response.status_code != 200:
            raise FrigateError(f"Frigate login as {self._user!r} failed ({response.status_code})")
        self._logged_in = True

    def events(self, after: float) -> list[dict]:
        """Every finished event with a clip that started after `after`, oldest first."""
        found: dict[str, dict] = {}
        before: float | None = None
        while True:
            params = {"after": after, "limit": PAGE, "has_clip": 1, "in_progress": 0, "include_thumbnails": 0}
            if before is not None:
                params["before"] = before
            response = self._request("GET", "/api/events", params=params)
            if response.status_code != 200:
                raise FrigateError(f"GET /api/events answered {response.status_code}")
            page = response.json()
            if not isinstance(page, list):
                raise FrigateError("GET /api/events did not answer a list")
            fresh = [e for e in page if isinstance(e, dict) and e.get("id") and e["id"] not in found]
            for event in fresh:
                found[str(event["id"])] = event
            if len(page) < PAGE or not fresh:
                break
            before = min(float(e.get("start_time") or 0) for e in page)
        done = [e for e in found.values() if e.get("end_time") is not None and e.get("has_clip", True)]
        return sorted(done, key=lambda e: float(e.get("start_time") or 0))

    # -- import ------------------------------------------------------------------
    def camera_for(self, name: str) -> str | None:
        """Our camera id for a Frigate camera name (the map, else the same name as a slug)."""
        slug = self.settings.camera_map.get(name) or slugify(name)
        try:
            self.store.cameras.get(self.household_id, slug)
        except NotFound:
            if name not in self._warned:
                self._warned.add(name)
                logger.warning("Frigate camera %r has no camera here (add one, or --camera-map %s=ID); "
                               "its events wait", name, name)
            return None
        return slug

    def run_once(self) -> int:
        """Import what is new; then, if asked, delete in Frigate what was deleted here. Returns clips made."""
        last = self.ledger.resume_after()
        events = self.events(0.0 if last is None else last - OVERLAP_S)
        known = self.ledger.known([str(e["id"]) for e in events])
        made = 0
        for event in events:
            if str(event["id"]) not in known:
                made += self._import(event)
        if self.settings.delete_in_frigate:
            self.delete_deleted()
        return made

    def _import(self, event: dict) -> int:
        event_id, started = str(event["id"]), float(event.get("start_time") or 0)
        camera = self.camera_for(str(event.get("camera", "")))
        if camera is None:
            return 0
        now = int(self.store.now())
        if not self.store.cameras.get(self.household_id, camera).recording:
            self.ledger.remember(event_id, self.household_id, None, started, now, "camera in privacy mode")
            return 0
        download, target = self.store.scratch_file(".mp4", "frigate-"), self.store.scratch_file(".mp4")
        try:
            self._download(event_id, download)
            to_browser_mp4(download, target)
            label = LABEL_MAP.get(str(event.get("label", "")).lower())
            clip = self.store.ingest(self.household_id, camera, target, move=True,
                                     started_at=datetime.fromtimestamp(started, timezone.utc),
                                     labels=[label] if label else [], label_source="frigate")
        except (MediaError, Conflict, StoreError) as exc:
            logger.warning("Frigate event %s: not imported: %s", event_id, exc)
            self.ledger.remember(event_id, self.household_id, None, started, now, str(exc)[:300])
            return 0
        finally:
            download.unlink(missing_ok=True)
            target.unlink(missing_ok=True)
        self.ledger.remember(event_id, self.household_id, clip.id, started, now)
        logger.info("Frigate event %s (%s, %s) → clip %s of %s", event_id, event.get("camera"),
                    event.get("label"), clip.id, camera)
        return 1

    def _download(self, event_id: str, path) -> None:
        response = self._request("GET", f"/api/events/{event_id}/clip.mp4", stream=True)
        if response.status_code in (404, 410):
            raise MediaError(f"Frigate has no clip for event {event_id} ({response.status_code})")
        if response.status_code != 200:
            raise FrigateError(f"GET /api/events/{event_id}/clip.mp4 answered {response.status_code}")
        size = 0
        with open(path, "wb") as handle:
            for chunk in response.iter_content(1 << 20):
                size += len(chunk)
                if size > MAX_CLIP_BYTES:
                    raise MediaError(f"the clip of event {event_id} is larger than the store takes")
                handle.write(chunk)

    def delete_deleted(self) -> int:
        """Delete in Frigate the events whose clips were deleted here for good (purged from the trash)."""
        done = 0
        for item in self.ledger.deleted_here():
            response = self._request("DELETE", f"/api/events/{item.event_id}")
            if response.status_code in (200, 404):  # 404: already gone there
                self.ledger.deleted_at_origin(item.event_id, int(self.store.now()))
                done += 1
                logger.info("deleted Frigate event %s (its clip was deleted here)", item.event_id)
            else:
                logger.warning("Frigate did not delete event %s (%s); will try again", item.event_id,
                               response.status_code)
        return done
