"""What every clip labeller is: a finished clip in, what it shows out (with how sure and when)."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from pathlib import Path

import av

from clipstore import Labelling

logger = logging.getLogger(__name__)


class Detector(ABC):
    """Finds labels in a finished clip."""

    name: str
    can_tell: tuple[str, ...]

    @abstractmethod
    def look(self, video: Path) -> Labelling:
        """What the clip shows: the labels kept, with how sure and when."""

    def labels(self, video: Path) -> tuple[str, ...]:
        """The labels seen in the clip (empty when nothing is found)."""
        return self.look(video).labels

    def __call__(self, video: Path) -> Labelling | None:
        """The recorder's, watcher's and upload's labeler; None when the clip could not be looked at."""
        try:
            return self.look(video)
        except (av.FFmpegError, OSError, ValueError) as exc:
            logger.warning("%s could not label %s: %s", self.name, Path(video).name, exc)
            return None
