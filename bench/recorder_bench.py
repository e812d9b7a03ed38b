"""What recording costs: CPU share of one core and memory per camera at 1080p/15 fps H.264, and how many fit.

    python -m bench.recorder_bench [--seconds 40] [--cameras 1 4 8] [--labels]

A real RTSP server on 127.0.0.1 (rtsp-server-perl, from `scripts/setup.sh --test`) serves a 1080p/15 fps
H.264 stream (2 s keyframe interval, ~2 Mbit/s) that this process publishes by remuxing pre-encoded packets
(no encoding cost here). The recorders run in a child process, as `python -m skill` runs them (one process,
one thread per camera, all reading the same stream through the server): its CPU time and peak memory are
read from the kernel (getrusage). The scene has 5 s of motion every 20 s, so clips are being written too.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import av
import numpy as np

from bench.common import ROOT, header, load_average, table

FPS, WIDTH, HEIGHT, LOOP_S = 15, 1920, 1080, 20


def make_source(path: Path) -> None:
    """20 s of 1080p/15: a textured still scene with sensor noise, a box moving from 5 s to 10 s."""
    base = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    base[:, :, 1] = np.linspace(30, 140, WIDTH, dtype=np.uint8)[None, :]
    rng = np.random.default_rng(1)
    base = np.clip(base.astype(np.int16) + rng.integers(-12, 12, base.shape), 0, 255).astype(np.uint8)  # texture
    noise = [rng.integers(-4, 5, (HEIGHT, WIDTH, 1), dtype=np.int16) for _ in range(6)]  # sensor noise per frame
    with av.open(str(path), "w") as out:
        stream = out.add_stream(
            "libx264",
            rate=FPS,
            options={"preset": "veryfast", "g": str(2 * FPS), "b": "2000k", "maxrate": "2500k", "bufsize": "4000k"},
        )
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        for i in range(LOOP_S * FPS):
            frame = np.clip(base.astype(np.int16) + noise[i % len(noise)], 0, 255).astype(np.uint8)
            t = i / FPS
            if 5 <= t < 10:
                x = int((t - 5) / 5 * (WIDTH - 300))
                frame[400:800, x : x + 300] = (230, 210, 190)
            video = av.VideoFrame.from_ndarray(frame, format="rgb24")
            video.pts = i
            out.mux(stream.encode(video))
        out.mux(stream.encode(None))


def publish(source: Path, url: str, stop: threading.Event) -> None:
    """Send the file's packets to the server in real time, looping, until `stop`."""
    with av.open(str(source)) as src:
        packets = [p for p in src.demux(src.streams.video[0]) if p.size]
        template = src.streams.video[0]
        tb = template.time_base
        with av.open(url, "w", format="rtsp", options={"rtsp_transport": "udp"}) as out:
            stream = out.add_stream_from_template(template)
            start = time.monotonic()
            loop = 0
            span = LOOP_S / tb
            while not stop.is_set():
                for packet in packets:
                    due = start + float((packet.pts + loop * span) * tb)
                    delay = due - time.monotonic()
                    if delay > 0:
                        time.sleep(delay)
                    copy = av.Packet(bytes(packet))
                    copy.pts, copy.dts = packet.pts + int(loop * span), packet.dts + int(loop * span)
                    copy.time_base, copy.stream = tb, stream
                    copy.is_keyframe = packet.is_keyframe
                    out.mux(copy)
                    if stop.is_set():
                        break
                loop += 1


def child(url: str, cameras: int, seconds: float, labels: bool) -> None:
    """Run `cameras` recorders on `url` for `seconds`, then print CPU, memory and what they read as JSON."""
    from clipstore import ClipStore
    from clipstore.wakeup import StopSignal
    from intake.detect import default_labeler
    from intake.recorder import Recorder, RecorderSettings

    with tempfile.TemporaryDirectory(prefix="recorder-bench-") as data:
        store = ClipStore(data)
        household, _ = store.households.create("Bench", "UTC", 30)
        recorders, threads, stop = [], [], StopSignal()
        for i in range(cameras):
            store.cameras.add(household.id, f"Cam {i}")
            recorder = Recorder(
                store, household.id, f"cam_{i}", url, RecorderSettings(), labeler=default_labeler() if labels else None
            )
            recorders.append(recorder)
            threads.append(threading.Thread(target=recorder.run, args=(stop,)))
        for thread in threads:
            thread.start()
        time.sleep(5)  # connect and settle
        usage0, packets0, wall0 = (
            resource.getrusage(resource.RUSAGE_SELF),
            [r.state.packets for r in recorders],
            time.monotonic(),
        )
        time.sleep(seconds)
        usage1, wall1 = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
        packets = [r.state.packets - p for r, p in zip(recorders, packets0, strict=True)]
        stop.set()
        for thread in threads:
            thread.join()
        cpu = (usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime)
        print(
            json.dumps(
                {
                    "cpu_s": cpu,
                    "wall_s": wall1 - wall0,
                    "maxrss_mib": usage1.ru_maxrss / 1024,
                    "packets": packets,
                    "clips": [r.state.clips for r in recorders],
                }
            )
        )
        store.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=40.0)
    ap.add_argument("--cameras", type=int, nargs="+", default=[1, 4, 8])
    ap.add_argument("--labels", action="store_true", help="also run the people detector on each clip")
    ap.add_argument("--child", nargs=3, metavar=("URL", "N", "SECONDS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), float(args.child[2]), args.labels)
        return
    from testkit.rtsp import RtspServer

    header("Recorder cost at 1080p/15 fps H.264")
    with tempfile.TemporaryDirectory(prefix="recorder-bench-src-") as tmp:
        source = Path(tmp) / "source.mp4"
        make_source(source)
        server = RtspServer(Path(tmp) / "server.log")
        server.start()
        stop = threading.Event()
        publisher = threading.Thread(target=publish, args=(source, server.source_url(), stop), daemon=True)
        publisher.start()
        time.sleep(2)
        rows = []
        try:
            for n in args.cameras:
                cmd = [
                    sys.executable,
                    "-m",
                    "bench.recorder_bench",
                    "--child",
                    server.url(),
                    str(n),
                    str(args.seconds),
                ] + (["--labels"] if args.labels else [])
                out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=os.environ, check=True)
                result = json.loads(out.stdout.strip().splitlines()[-1])
                share = result["cpu_s"] / result["wall_s"]
                expected = result["wall_s"] * FPS
                rows.append(
                    [
                        n,
                        f"{share:.2f}",
                        f"{share / n:.3f}",
                        f"{result['maxrss_mib']:.0f}",
                        f"{min(result['packets']) / expected:.2f}",
                        sum(result["clips"]),
                    ]
                )
        finally:
            stop.set()
            publisher.join(timeout=10)
            server.kill()
    print(
        table(
            [
                "cameras",
                "CPU (cores)",
                "CPU per camera (share of one core)",
                "peak RSS (MiB)",
                "frames read / sent (worst camera)",
                "clips",
            ],
            rows,
        )
    )
    print(f"\nload average at end: {load_average()}")


if __name__ == "__main__":
    main()
