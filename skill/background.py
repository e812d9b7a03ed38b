"""The work a server does besides answering requests: upkeep (janitor) and recording cameras.

Every process runs a `Background`; the one whose janitor holds the leader lock (see clipstore/leader.py)
does the work, so with several workers or servers each job runs exactly once, and another process takes it
over when the leader dies.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from flask import Flask

from clipstore import Janitor

if TYPE_CHECKING:
    from intake.manager import RecorderManager

logger = logging.getLogger(__name__)


class Background:
    """The janitor of one app's store, and the camera recorders while this process leads."""

    def __init__(self, app: Flask, *, interval_s: float = 60.0, record: bool = True) -> None:
        self.app = app
        self.record = record
        self.recorders: RecorderManager | None = None
        self.janitor = Janitor(app.extensions["clipstore"], interval_s, on_leadership=self._lead)
        app.extensions["background"] = self  # the cameras page: this server records (skill/web/camera_state.py)

    def start(self) -> None:
        """Start the janitor's rounds in the background (the first at once): reconcile and purge, and record
        the cameras, while this process leads."""
        self.janitor.start(wait=False)

    def _lead(self, leading: bool) -> None:
        """Called every round: start the recorders on becoming the leader, stop them on losing the lead."""
        if not self.record:
            return
        if leading and self.recorders is None:
            from intake.detect import default_labeler
            from intake.manager import RecorderManager

            self.recorders = RecorderManager(self.app.extensions["clipstore"], labeler=default_labeler)
            self.recorders.start()
        elif not leading and self.recorders is not None:
            self.recorders.stop()
            self.recorders = None

    def stop(self) -> None:
        """Stop recording (clips in progress are finished and stored) and give up the lead."""
        self.janitor.stop()
