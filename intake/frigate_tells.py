"""What Frigate can tell on a camera: the objects its configuration tracks there (`GET /api/config`).

Frigate detects only the objects a camera's `objects.track` lists (the global list when the camera has none,
`person` when neither says). The configuration comes from a server that is not trusted: anything but a list of
short names is taken as not saying.
"""

from __future__ import annotations

DEFAULT_TRACK = ("person",)
"""Frigate's own default for `objects.track`."""
MAX_TRACKED = 500
_OURS = """
person: person face
vehicle: car truck bus motorcycle bicycle boat license_plate robot_lawnmower
animal: dog cat bird horse sheep cow bear deer fox raccoon squirrel rabbit goat skunk kangaroo
package: package amazon ups fedex usps dhl an_post purolator postnl nzpost postnord gls dpd
"""
LABEL_MAP = {
    theirs: ours.rstrip(":") for ours, *labels in map(str.split, _OURS.strip().splitlines()) for theirs in labels
}
"""Frigate (and Frigate+) labels → ours; anything else imports without a label."""


def _track(scope: object) -> tuple[str, ...] | None:
    objects = scope.get("objects") if isinstance(scope, dict) else None
    track = objects.get("track") if isinstance(objects, dict) else None
    if not isinstance(track, list) or len(track) > MAX_TRACKED:
        return None
    if not all(isinstance(name, str) and 0 < len(name) <= 100 for name in track):
        return None
    return tuple(name.lower() for name in track)


def tracked_objects(config: object, camera: str) -> tuple[str, ...]:
    """The Frigate object names a configuration tracks on one Frigate camera (Frigate's default when it says
    nothing usable)."""
    cameras = config.get("cameras") if isinstance(config, dict) else None
    own = cameras.get(camera) if isinstance(cameras, dict) else None
    for scope in (own, config):
        found = _track(scope)
        if found is not None:
            return found
    return DEFAULT_TRACK
