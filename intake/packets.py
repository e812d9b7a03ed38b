"""Packets of a stream: a bounded pre-roll ring, and a writer that remuxes packets into a file unchanged."""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import av

logger = logging.getLogger(__name__)


@dataclass
class Timed:
    """A demuxed packet and the wall-clock time (epoch seconds) of its frame."""

    wall: float
    packet: av.Packet


class PacketRing:
    """The last `seconds` of packets, starting at a keyframe; never more than `max_bytes`."""

    def __init__(self, seconds: float, max_bytes: int = 48 * 1024 * 1024) -> None:
        self.seconds = seconds
        self.max_bytes = max_bytes
        self._items: deque[Timed] = deque()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._items)

    @property
    def size_bytes(self) -> int:
        """Bytes held now."""
        return self._bytes

    def clear(self) -> None:
        """Forget every packet."""
        self._items.clear()
        self._bytes = 0

    def push(self, item: Timed) -> None:
        """Add a packet (packets before the first keyframe are useless and dropped), then trim."""
        if not self._items and not item.packet.is_keyframe:
            return
        self._items.append(item)
        self._bytes += item.packet.size
        self._trim(item.wall - self.seconds)

    def _trim(self, keep_from: float) -> None:
        # Drop whole groups of pictures: everything before the newest keyframe at or before `keep_from`,
        # and whole groups from the front while over the byte limit.
        while True:
            cut = self._next_keyframe_index()
            if cut is None:
                return
            if self._items[cut].wall <= keep_from or self._bytes > self.max_bytes:
                for _ in range(cut):
                    self._bytes -= self._items.popleft().packet.size
            else:
                return

    def _next_keyframe_index(self) -> int | None:
        for index, item in enumerate(self._items):
            if index and item.packet.is_keyframe:
                return index
        return None

    def drain(self) -> list[Timed]:
        """Every packet held, oldest first (starting at a keyframe); the ring is empty afterwards."""
        items = list(self._items)
        self.clear()
        return items


class ClipWriter:
    """Writes one stream's packets into `path` as they come, timestamps rebased to start at zero."""

    def __init__(self, path: Path, template: av.video.stream.VideoStream) -> None:
        self.path = Path(path)
        options = {"movflags": "+faststart"} if self.path.suffix == ".mp4" else {}
        self._out = av.open(str(self.path), mode="w", options=options)
        self._stream = self._out.add_stream_from_template(template)
        self._base: int | None = None
        self._last_dts: int | None = None
        self.first_wall: float | None = None
        self.last_wall: float | None = None
        self.packets = 0

    def write(self, item: Timed) -> None:
        """Add one packet (its timestamps are changed in place: write each packet once)."""
        packet = item.packet
        pts = packet.pts if packet.pts is not None else packet.dts
        if pts is None:
            return
        dts = packet.dts if packet.dts is not None else pts
        base = self._base
        if base is None:
            base = self._base = dts
            self.first_wall = item.wall
        pts, dts = pts - base, dts - base
        if self._last_dts is not None and dts <= self._last_dts:
            dts = self._last_dts + 1  # UDP reordering or a camera's clock step: MP4 needs rising dts
            pts = max(pts, dts)
        packet.pts, packet.dts = pts, dts
        self._last_dts = dts
        packet.stream = self._stream
        self._out.mux(packet)
        self.last_wall = item.wall
        self.packets += 1

    def close(self) -> None:
        """Finish the file (writes the index)."""
        self._out.close()
