"""The one place that reads the environment: every variable the project knows, in one frozen object.

Entry points (`python -m skill`, `python -m clipstore`, `python -m local_voice`, ...) build it once with
`Settings.from_env()` and hand it, or the parts they need, to what they make. Nothing else reads `os.environ`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

_OFF = ("0", "false", "no", "off")


def _text(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name)
    return (value.strip() or None) if value is not None else None


def _data_dir(env: Mapping[str, str]) -> Path:
    explicit = _text(env, "CLIPSTORE_DATA")
    if explicit:
        return Path(explicit).expanduser()
    base = _text(env, "XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "home-clips"


@dataclass(frozen=True)
class Settings:
    """Configuration from the environment (docs/interface.md §5, and the few variables beyond it)."""

    data_dir: Path
    """`CLIPSTORE_DATA`, else `$XDG_DATA_HOME/home-clips` (default `~/.local/share/home-clips`)."""
    database_url: str | None = None
    """`DATABASE_URL` (postgresql://...): the store's tables in PostgreSQL; else SQLite in the data directory."""
    media_url: str | None = None
    """`MEDIA_URL` (s3://BUCKET/PREFIX): media in S3-compatible storage; else files in the data directory."""
    aws_region: str = "us-east-1"
    """`AWS_DEFAULT_REGION` or `AWS_REGION` for the S3 client (boto3 reads the rest of `AWS_*` itself)."""
    public_url: str | None = None
    """`PUBLIC_URL`: the https base of links that devices fetch; else the request's own host."""
    trusted_proxies: str = ""
    """`TRUSTED_PROXIES`: comma-separated addresses of the reverse proxies whose forwarded headers count."""
    alexa_skill_id: str | None = None
    alexa_client_id: str | None = None
    alexa_client_secret: str | None = None
    alexa_verify: bool = True
    """`ALEXA_VERIFY=0` turns Alexa's signature and timestamp checks off (local testing only)."""
    support_contact: str | None = None
    """`SUPPORT_CONTACT`: who "support" is when a household shares a clip with support; none by default."""
    audit_key: str | None = None
    """`CLIPSTORE_AUDIT_KEY`: the audit chain's key (shared by every server of a household); else `DATA/audit.key`."""
    alexa_vendor_id: str | None = None
    """`ALEXA_VENDOR_ID`: the Amazon vendor whose skill may receive account-linking codes; else any vendor's."""
    token: str | None = None
    """`HOME_CLIPS_TOKEN`: the API token for `local_voice --api`."""
    frigate_password: str | None = None
    """`FRIGATE_PASSWORD`: the password of `python -m clipstore frigate --user`."""
    frigate_token: str | None = None
    """`FRIGATE_TOKEN`: a Frigate JWT, sent as a bearer token."""
    frigate_url: str | None = None
    """`FRIGATE_URL`: the Frigate whose recordings `python -m skill` imports for a time no clip covers."""
    frigate_user: str | None = None
    """`FRIGATE_USER`: the Frigate user the server logs in as (with `FRIGATE_PASSWORD`)."""
    frigate_camera_map: str = ""
    """`FRIGATE_CAMERA_MAP`: `FRIGATE_NAME=ID,...`, which camera here a Frigate camera is (default: the same name)."""
    frigate_mqtt_password: str | None = None
    """`FRIGATE_MQTT_PASSWORD`: the MQTT broker's password for the user named in `--mqtt mqtt://USER@HOST`."""
    whisper_model_path: str | None = None
    vosk_model_path: str | None = None
    has_display: bool = False
    """A graphical session (`DISPLAY` or `WAYLAND_DISPLAY`): the voice loop may open clips in a player."""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read every variable once (`env` defaults to the process's environment)."""
        env = os.environ if env is None else env
        return cls(
            data_dir=_data_dir(env),
            database_url=_text(env, "DATABASE_URL"),
            media_url=_text(env, "MEDIA_URL"),
            aws_region=_text(env, "AWS_DEFAULT_REGION") or _text(env, "AWS_REGION") or "us-east-1",
            public_url=(_text(env, "PUBLIC_URL") or "").rstrip("/") or None,
            trusted_proxies=_text(env, "TRUSTED_PROXIES") or "",
            alexa_skill_id=_text(env, "ALEXA_SKILL_ID"),
            alexa_client_id=_text(env, "ALEXA_CLIENT_ID"),
            alexa_client_secret=_text(env, "ALEXA_CLIENT_SECRET"),
            alexa_verify=(_text(env, "ALEXA_VERIFY") or "1").lower() not in _OFF,
            support_contact=_text(env, "SUPPORT_CONTACT"),
            audit_key=_text(env, "CLIPSTORE_AUDIT_KEY"),
            alexa_vendor_id=_text(env, "ALEXA_VENDOR_ID"),
            token=_text(env, "HOME_CLIPS_TOKEN"),
            frigate_password=_text(env, "FRIGATE_PASSWORD"),
            frigate_token=_text(env, "FRIGATE_TOKEN"),
            frigate_url=_text(env, "FRIGATE_URL"),
            frigate_user=_text(env, "FRIGATE_USER"),
            frigate_camera_map=_text(env, "FRIGATE_CAMERA_MAP") or "",
            frigate_mqtt_password=_text(env, "FRIGATE_MQTT_PASSWORD"),
            whisper_model_path=_text(env, "WHISPER_MODEL_PATH"),
            vosk_model_path=_text(env, "VOSK_MODEL_PATH"),
            has_display=bool(_text(env, "DISPLAY") or _text(env, "WAYLAND_DISPLAY")),
        )

    def flask_config(self) -> dict[str, object]:
        """The app's configuration keys these settings give (the app config may override them in tests)."""
        config: dict[str, object] = {
            "PUBLIC_URL": self.public_url,
            "TRUSTED_PROXIES": self.trusted_proxies,
            "ALEXA_VERIFY": "1" if self.alexa_verify else "0",
            "SUPPORT_CONTACT": self.support_contact,
        }
        for key, value in (
            ("ALEXA_SKILL_ID", self.alexa_skill_id),
            ("ALEXA_CLIENT_ID", self.alexa_client_id),
            ("ALEXA_CLIENT_SECRET", self.alexa_client_secret),
            ("ALEXA_VENDOR_ID", self.alexa_vendor_id),
        ):
            config[key] = value
        return config
