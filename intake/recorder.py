"""Record a camera's stream on motion: pre-roll from a packet ring, post-roll, remuxed clips into the store."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import av

from clipstore import ClipStore, Labelling, StopSignal, StoreError, open_video, redact, scrub

from .motion import MotionDetector, MotionSettings
from .packets import ClipWriter, PacketRing, Timed
from .state import RecorderState

logger = logging.getLogger(__name__)

Labeler = Callable[[Path], Labelling | None]
"""Finished clip file → what a detector saw in it (None: it could not look)."""


@dataclass(frozen=True)
class RecorderSettings:
    """Clip shape and connection behaviour of one recorder."""

    pre_roll_s: float = 3.0
    post_roll_s: float = 5.0
    max_clip_s: float = 120.0
    motion: MotionSettings = field(default_factory=MotionSettings)
    backoff_s: float = 1.0  # first wait before reconnecting; doubles up to backoff_max_s
    backoff_max_s: float = 60.0
    read_timeout_s: float = 10.0  # socket I/O (FFmpeg's own; RTP over UDP gives up after 10 s of silence)
    privacy_check_s: float = 1.0  # how often the camera's recording switch is read


class _StopPulling(Exception):
    """Leave the stream: stopped, or the camera went into privacy mode."""

    def __init__(self, privacy: bool = False) -> None:
        super().__init__("privacy mode" if privacy else "stopped")
        self.privacy = privacy


class Recorder:
    """One camera's recorder: `run(stop)` keeps it going until `stop` is set (or a file source ends)."""

    def __init__(
        self,
        store: ClipStore,
        household_id: int,
        camera: str,
        url: str,
        settings: RecorderSettings = RecorderSettings(),
        labeler: Labeler | None = None,
    ) -> None:
        self.store, self.household_id, self.camera, self.url = store, household_id, camera, url
        self.settings = settings
        self.labeler = labeler
        self.state = RecorderState(camera=camera, source=redact(url))
        self.is_file = "://" not in url
        self._down = False
        self._finisher = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"clips-{camera}")

    # -- connection loop -------------------------------------------------------
    def run(self, stop: StopSignal) -> None:
        """Connect, record, reconnect with backoff; logs a lost stream once, not per retry."""
        backoff = self.settings.backoff_s
        try:
            while not stop.is_set():
                if not self.recording_on():
                    if not self.state.privacy:
                        logger.info("camera %s is in privacy mode: not pulling its stream", self.camera)
                    self.state.privacy, self.state.connected = True, False
                    stop.wait(self.settings.privacy_check_s)
                    continue
                if self.state.privacy:
                    logger.info("camera %s: recording is on again", self.camera)
                    self.state.privacy = False
                sessions = self.state.sessions
                try:
                    reason = self._session(stop)
                except (av.FFmpegError, OSError) as exc:
                    reason = scrub(str(exc), self.url)
                if self.state.sessions != sessions:
                    backoff = self.settings.backoff_s
                if reason is None:  # stopped, privacy mode, or a file that ended
                    if self.is_file and not self.state.privacy:
                        return
                    continue
                self.state.set_error(reason, self.store.now())
                if not self._down:
                    logger.warning(
                        "camera %s (%s): %s; reconnecting with backoff (next message when it is back)",
                        self.camera,
                        self.state.source,
                        reason,
                    )
                    self._down = True
                stop.wait(backoff)
                backoff = min(backoff * 2, self.settings.backoff_max_s)
        finally:
            self.state.connected = False
            self._finisher.shutdown(wait=True)

    def recording_on(self) -> bool:
        """Whether the camera records now (privacy mode can be switched on at any moment, from any server)."""
        return self.store.system(self.household_id, "recorder").cameras.get(self.camera).recording

    def _open(self) -> av.container.InputContainer:
        if self.is_file:
            return open_video(self.url)
        # FFmpeg's own socket timeout, not PyAV's `timeout=`: PyAV's interrupt fires at once under libfaketime.
        options = {
            "analyzeduration": "1000000",
            "probesize": "1000000",
            "timeout": str(int(self.settings.read_timeout_s * 1_000_000)),
        }
        return open_video(self.url, options)  # a camera, too, gets no frame larger than a clip may have

    def _session(self, stop: StopSignal) -> str | None:
        """One connection. None when left on purpose; else why the stream was lost."""
        with self._open() as container:
            if not container.streams.video:
                return "the source has no video stream"
            stream = container.streams.video[0]
            stream.codec_context.options = {"skip_loop_filter": "all", "flags2": "+fast"}
            if self._down:
                logger.info("camera %s: stream is back", self.camera)
                self._down = False
            self.state.mark_connected(self.store.now())
            session = _Session(self, stream, self.store.now())
            try:
                session.pump(container, stop)
            except _StopPulling as why:
                if why.privacy:
                    session.discard()
                    self.state.privacy = True
                    logger.info("camera %s is in privacy mode: not pulling its stream", self.camera)
                return None
            finally:
                session.finish()
                self.state.connected = False
        return None if self.is_file else "the stream ended"

    # -- finished clips ----------------------------------------------------------
    def submit(self, path: Path, started: float) -> None:
        """Label and ingest a finished clip off the reading thread."""
        self._finisher.submit(self._ingest, path, started)

    def _ingest(self, path: Path, started: float) -> None:
        try:
            labelling = self.labeler(path) if self.labeler else None
            if path.suffix != ".mp4":
                from .convert import to_browser_mp4

                target = self.store.scratch_file(".mp4")
                to_browser_mp4(path, target)
                path.unlink()
                path = target
            clip = self.store.ingest(
                self.household_id,
                self.camera,
                path,
                move=True,
                labelling=labelling,
                started_at=datetime.fromtimestamp(started, UTC),
            )
            self.state.clip_made(clip.id, clip.started_at)
            logger.info(
                "camera %s: clip %s (%.1f s%s)",
                self.camera,
                clip.id,
                clip.duration_s,
                f", {', '.join(clip.labels)}" if clip.labels else "",
            )
        except (StoreError, ValueError, OSError, av.FFmpegError) as exc:
            self.state.set_error(f"a clip could not be stored: {exc}", self.store.now())
            logger.warning("camera %s: a clip could not be stored: %s", self.camera, exc)
        finally:
            path.unlink(missing_ok=True)


class _Session:
    """Reading one connection: wall times, detection on sampled frames, events with pre- and post-roll."""

    def __init__(self, recorder: Recorder, stream: av.video.stream.VideoStream, opened_at: float) -> None:
        self.r, self.stream = recorder, stream
        cfg = recorder.settings
        self.ring = PacketRing(cfg.pre_roll_s + 1.0)
        self.detector = MotionDetector(cfg.motion)
        self.offset: float | None = opened_at if recorder.is_file else None
        self.next_sample = float("-inf")
        self.next_privacy_check = opened_at + cfg.privacy_check_s
        self.writer: ClipWriter | None = None
        self.event_start = self.last_motion = 0.0
        self.height = 0

    def wall_time(self, packet: av.Packet, now: float) -> float:
        """The frame's wall-clock time: the least delayed packet so far pins the stream's clock to ours."""
        ts = packet.pts if packet.pts is not None else packet.dts
        seconds = float(ts * packet.time_base) if ts is not None and packet.time_base else 0.0
        if self.r.is_file and self.offset is not None:  # a file's clock is pinned when it is opened
            return self.offset + seconds
        if self.offset is None or now - seconds < self.offset:
            if self.offset is None or self.offset - (now - seconds) > 0.5:
                logger.debug(
                    "camera %s: stream clock offset %.3f (was %s) at pts %.3f",
                    self.r.camera,
                    now - seconds,
                    self.offset,
                    seconds,
                )
            self.offset = now - seconds
        return self.offset + seconds

    def pump(self, container: av.container.InputContainer, stop: StopSignal) -> None:
        cfg = self.r.settings
        for packet in container.demux(self.stream):
            if stop.is_set():
                raise _StopPulling
            if packet.size == 0:
                continue
            now = self.r.store.now()
            if now >= self.next_privacy_check:
                self.next_privacy_check = now + cfg.privacy_check_s
                if not self.r.recording_on():
                    raise _StopPulling(privacy=True)
            item = Timed(self.wall_time(packet, now), packet)
            moving = self._detect(packet, item.wall)
            if self.writer is None:
                self.ring.push(item)
                if moving and len(self.ring):
                    self._start(item.wall)
            else:
                if moving:
                    self.last_motion = item.wall
                if item.wall - self.last_motion >= cfg.post_roll_s or (
                    item.wall - self.event_start >= cfg.max_clip_s and packet.is_keyframe
                ):
                    self.finish()
                    self.ring.push(item)
                else:
                    self.writer.write(item)
            self.r.state.ring_bytes = self.ring.size_bytes
            self.r.state.packets += 1

    def _detect(self, packet: av.Packet, wall: float) -> bool:
        try:
            frames = packet.decode()
        except av.FFmpegError:
            return False  # a damaged packet (UDP loss) spoils a frame or two, not the recording
        moving = False
        for frame in frames:
            if wall < self.next_sample:
                continue
            self.next_sample = wall + 1.0 / self.r.settings.motion.fps
            width = self.r.settings.motion.width
            self.height = self.height or max(2, round(frame.height * width / frame.width))
            grey = frame.reformat(width=width, height=self.height, format="gray").to_ndarray()
            moving = self.detector.feed(grey) or moving
        return moving

    def _start(self, wall: float) -> None:
        items = self.ring.drain()
        keep = [i for i in items if i.wall <= wall - self.r.settings.pre_roll_s and i.packet.is_keyframe]
        first = items.index(keep[-1]) if keep else 0
        suffix = ".mp4" if self.stream.codec_context.name == "h264" else ".mkv"
        self.writer = ClipWriter(self.r.store.scratch_file(suffix), self.stream)
        for item in items[first:]:
            self.writer.write(item)
        self.event_start = self.writer.first_wall or wall
        self.last_motion = wall
        logger.debug("camera %s: motion at %.2f, clip from %.2f", self.r.camera, wall, self.event_start)

    def finish(self) -> None:
        """Close the clip in progress, if any, and hand it to the finisher."""
        if self.writer is None:
            return
        writer, self.writer = self.writer, None
        writer.close()
        if writer.packets and writer.first_wall is not None:
            self.r.submit(writer.path, writer.first_wall)
        else:
            writer.path.unlink(missing_ok=True)

    def discard(self) -> None:
        """Privacy mode: the clip in progress and the pre-roll are thrown away, nothing is kept."""
        self.ring.clear()
        if self.writer is not None:
            writer, self.writer = self.writer, None
            writer.close()
            writer.path.unlink(missing_ok=True)
