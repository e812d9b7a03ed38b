"""A real RTSP server on 127.0.0.1 (Debian's rtsp-server-perl) and a publisher of synthetic video with motion."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import av
import numpy as np

from clipstore.wakeup import StopSignal


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RtspServer:
    """rtsp-server-perl: publishers announce to `source_url`, clients read `url` over RTP/UDP."""

    def __init__(self, log: Path) -> None:
        if shutil.which("rtsp-server-perl") is None:
            raise RuntimeError("rtsp-server-perl is missing: run ./scripts/setup.sh --test")
        self.client_port, self.source_port = free_port(), free_port()
        self.rtp_port = free_port(socket.SOCK_DGRAM) // 2 * 2
        self.log = log
        self.proc: subprocess.Popen | None = None

    def url(self, path: str = "cam") -> str:
        return f"rtsp://127.0.0.1:{self.client_port}/{path}"

    def source_url(self, path: str = "cam") -> str:
        return f"rtsp://127.0.0.1:{self.source_port}/{path}"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [
                    "rtsp-server-perl",
                    "--clientport",
                    str(self.client_port),
                    "--serverport",
                    str(self.source_port),
                    "--client_listen_address",
                    "127.0.0.1",
                    "--source_listen_address",
                    "127.0.0.1",
                    "--rtp_start_port",
                    str(self.rtp_port),
                    "--loglevel",
                    "1",
                ],
                stdout=log,
                stderr=log,
            )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.source_port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"rtsp-server-perl did not start; see {self.log}")

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


class Publisher:
    """Pushes a 320x240, 10 fps H.264 scene to the server in real time; `motion(s)` moves a box for s seconds.

    `marks` holds (what, store-clock time) of the first and last frame with motion, so tests compare clip start
    times with the clock the recorder used.
    """

    FPS = 10
    GOP_S = 0.5  # a keyframe every half second

    def __init__(self, url: str, clock) -> None:
        self.url, self.clock = url, clock
        self.stop = StopSignal()
        self.error: Exception | None = None
        self.frames = 0
        self._motion_left = 0
        self.marks: list[tuple[str, float]] = []
        self._thread = threading.Thread(target=self._run, name="rtsp-publisher", daemon=True)

    def start(self) -> Publisher:
        self._thread.start()
        return self

    def motion(self, seconds: float) -> None:
        self._motion_left = round(seconds * self.FPS)

    def moving(self) -> bool:
        return self._motion_left > 0

    def close(self) -> None:
        self.stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        try:
            out = av.open(self.url, mode="w", format="rtsp", options={"rtsp_transport": "udp"}, timeout=5)
        except Exception as exc:
            self.error = exc
            return
        try:
            stream = out.add_stream(
                "libx264",
                rate=self.FPS,
                options={
                    "preset": "ultrafast",
                    "tune": "zerolatency",
                    "g": str(round(self.FPS * self.GOP_S)),
                    "keyint_min": "1",
                },
            )
            stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
            base = np.zeros((240, 320, 3), np.uint8)
            base[:, :, 1] = np.linspace(40, 120, 320, dtype=np.uint8)[None, :]
            start = time.monotonic()
            step = 0
            while not self.stop.is_set():
                frame = base.copy()
                if self._motion_left > 0:
                    if not self.marks or self.marks[-1][0] == "end":
                        self.marks.append(("start", self.clock()))
                    x = (step * 12) % 240
                    frame[80:180, x : x + 70] = (240, 220, 200)
                    step += 1
                    self._motion_left -= 1
                    if self._motion_left == 0:
                        self.marks.append(("end", self.clock()))
                video = av.VideoFrame.from_ndarray(frame, format="rgb24")
                video.pts = self.frames
                for packet in stream.encode(video):
                    out.mux(packet)
                self.frames += 1
                self.stop.wait(start + self.frames / self.FPS - time.monotonic())
        except Exception as exc:
            self.error = exc
        finally:
            with contextlib.suppress(Exception):
                out.close()
