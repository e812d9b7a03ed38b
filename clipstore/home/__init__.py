"""The store's door: a household as one member sees it, through one channel.

Every route, handler and command that reads or changes a household goes through a `Home`
(`ClipStore.home(caller)`): its rooms limit each read to the member's cameras (another camera's clip is
404, as for another household's), check each change against the member's role, and write the audit entry
under the member's id and the channel. A new route cannot forget the rules, because there is no other way in.
"""

from __future__ import annotations

from ..models import Caller
from ..parts import Parts
from .cameras import RECORDER_STALE_S, HomeCameras
from .clips import HomeClips
from .household import HomeSettings
from .log import HomeLog
from .members import HomeMembers, NewMember
from .shares import GUEST, SUPPORT, HomeShares

__all__ = ["GUEST", "RECORDER_STALE_S", "SUPPORT", "Home", "NewMember"]


class Home:
    """One caller's household: `clips`, `cameras`, `shares`, `log`, `settings`, `members`."""

    def __init__(self, parts: Parts, caller: Caller, *, support_contact: str | None = None) -> None:
        self.caller = caller
        self.clips = HomeClips(parts, caller)
        self.cameras = HomeCameras(parts, caller)
        self.shares = HomeShares(parts, caller, support_contact)
        self.log = HomeLog(parts, caller)
        self.settings = HomeSettings(parts, caller)
        self.members = HomeMembers(parts, caller)

    @property
    def household_id(self) -> int:
        """The household's id."""
        return self.caller.household_id
