"""A real MQTT broker on 127.0.0.1 (Debian's mosquitto) with a config of its own, and a publisher of messages."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import time
from pathlib import Path

from paho.mqtt import publish

from .rtsp import free_port

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
MOSQUITTO_PASSWD = shutil.which("mosquitto_passwd") or "/usr/bin/mosquitto_passwd"


class Mosquitto:
    """mosquitto on a free port of 127.0.0.1, anonymous or with one user; `stop()` and `start()` again keep the
    port (a broker restart as clients see it)."""

    def __init__(self, folder: Path, *, user: str | None = None, password: str | None = None) -> None:
        if not Path(MOSQUITTO).exists():
            raise RuntimeError("mosquitto is missing: run ./scripts/setup.sh --test")
        self.folder, self.user, self.password = folder, user, password
        self.port = free_port()
        self.log = folder / "mosquitto.log"
        self.proc: subprocess.Popen | None = None
        folder.mkdir(parents=True, exist_ok=True)
        lines = [
            f"listener {self.port} 127.0.0.1",
            "persistence false",
            "log_dest stdout",
            "log_type error",
            "log_type warning",
            "log_type notice",
            f"user {pwd.getpwuid(os.getuid()).pw_name}",
        ]  # as root it would become `mosquitto`
        if user is not None:
            passwords = folder / "passwords"
            subprocess.run(
                [MOSQUITTO_PASSWD, "-b", "-c", str(passwords), user, password or ""], check=True, capture_output=True
            )
            passwords.chmod(0o600)
            lines += ["allow_anonymous false", f"password_file {passwords}"]
        else:
            lines.append("allow_anonymous true")
        self.config = folder / "mosquitto.conf"
        self.config.write_text("\n".join(lines) + "\n")

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def start(self) -> Mosquitto:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen([MOSQUITTO, "-c", str(self.config)], stdout=log, stderr=log)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"mosquitto did not start; see {self.log}: {self.log.read_text()[-500:]}")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait()
            self.proc = None

    def publish(self, topic: str, payload: bytes | str, *, qos: int = 1) -> None:
        """Publish one message (connect, send, disconnect), as the broker's user when it has one."""
        auth = {"username": self.user, "password": self.password} if self.user else None
        publish.single(topic, payload, qos=qos, hostname="127.0.0.1", port=self.port, auth=auth)
