"""Run the recorder of every camera that has a stream source (what `python -m skill` does)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from clipstore import ClipStore, StopSignal

from .recorder import Labeler, Recorder, RecorderSettings

logger = logging.getLogger(__name__)


@dataclass
class _Running:
    source: str
    recorder: Recorder
    stop: StopSignal
    thread: threading.Thread


class RecorderManager:
    """Starts, restarts and stops recorders as cameras get, change or lose their source."""

    def __init__(
        self,
        store: ClipStore,
        settings: RecorderSettings = RecorderSettings(),
        labeler: Callable[[], Labeler | None] | None = None,
        refresh_s: float = 5.0,
    ) -> None:
        self.store, self.settings, self.refresh_s = store, settings, refresh_s
        self._labeler = labeler
        self._running: dict[tuple[int, str], _Running] = {}
        self._lock = threading.Lock()
        self._stop = StopSignal()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the recorders now and keep them in step with the cameras in the background."""
        self.sync()
        self.publish()
        self._thread = threading.Thread(target=self._loop, name="recorders", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(self.refresh_s):
            try:
                self.sync()
                self.publish()
            except Exception:
                logger.exception("refreshing the recorders failed; trying again in %.0f s", self.refresh_s)

    def publish(self) -> None:
        """Write every recorder's state to the store, where every server (and worker) shows it."""
        with self._lock:
            states = {key: running.recorder.state.to_dict() for key, running in self._running.items()}
        for (household_id, camera), state in states.items():
            self.store.save_recorder_state(household_id, camera, state)

    def sync(self) -> None:
        """Start recorders of new sources, restart changed ones, stop those whose source went."""
        wanted = {(hid, cam.id): source for hid, cam, source in self.store.recorder_sources()}
        with self._lock:
            for key, running in list(self._running.items()):
                if wanted.get(key) != running.source:
                    self._halt(key)
            for key, source in wanted.items():
                if key not in self._running:
                    self._launch(key, source)

    def _launch(self, key: tuple[int, str], source: str) -> None:
        labeler = self._labeler() if self._labeler else None
        recorder = Recorder(self.store, key[0], key[1], source, self.settings, labeler=labeler)
        stop = StopSignal()
        thread = threading.Thread(target=recorder.run, args=(stop,), name=f"recorder-{key[1]}", daemon=True)
        self._running[key] = _Running(source, recorder, stop, thread)
        thread.start()
        logger.info("recording camera %s from %s on motion", key[1], recorder.state.source)

    def _halt(self, key: tuple[int, str]) -> None:
        running = self._running.pop(key)
        running.stop.set()
        running.thread.join(timeout=30)
        try:
            self.store.save_recorder_state(key[0], key[1], None)
        except Exception:
            logger.debug("could not clear the recorder state of %s", key[1])
        logger.info("stopped the recorder of camera %s", key[1])

    def state(self, household_id: int, camera: str) -> dict | None:
        """The recorder's state as JSON (None when the camera has no recorder running)."""
        with self._lock:
            running = self._running.get((household_id, camera))
        return None if running is None else running.recorder.state.to_dict()

    def stop(self) -> None:
        """Stop every recorder (clips in progress are finished and stored)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        with self._lock:
            for key in list(self._running):
                self._halt(key)
