"""The household's settings as one member may touch them: time zone and retention, the voice code, Alexa
links, sign-in sessions."""

from __future__ import annotations

from ..errors import NotFound
from ..links import AlexaLink
from ..models import Household, RetentionChange
from ..retention import update_household
from ..voicecode import CodeCheck, VoiceCodeStatus
from .base import Room


class HomeSettings(Room):
    """Everyone reads the settings; changing them is the owner's."""

    def household(self) -> Household:
        """Name, time zone and retention."""
        return self.parts.households.get(self.household_id)

    def update(
        self, *, timezone: str | None = None, retention_days: int | None = None, confirm: bool = False
    ) -> RetentionChange:
        """Change the time zone and/or retention in one transaction; shortening retention so that clips go needs
        `confirm` (else NeedsConfirmation with the count), and undo brings back both. Audited."""
        self.require("manage")
        change = update_household(self.parts, self.household_id, timezone, retention_days, confirm, self.parts.now())
        detail: dict = {
            key: value
            for key, value in (("timezone", timezone), ("retention_days", retention_days))
            if value is not None
        }
        if change.trashed:
            detail["trashed"] = change.trashed
        self.audit("settings", detail=detail)
        return change

    # -- the voice code --------------------------------------------------------
    def voice_code(self) -> VoiceCodeStatus:
        """Whether a voice code is set, whether the offline loop asks for it, and any lock (never the code)."""
        return self.parts.voice_codes.status(self.household_id)

    def set_voice_code(self, code: str | None, offline: bool | None = None) -> VoiceCodeStatus:
        """Set the code (and whether the offline loop asks for it), or with None only that; audited."""
        self.require("manage")
        codes = self.parts.voice_codes
        if code is not None:
            keep = codes.status(self.household_id).offline if offline is None else offline
            status = codes.set(self.household_id, code, offline=keep)
            self.audit("voice_code_set", detail={"offline": status.offline})
        else:
            status = codes.set_offline(self.household_id, bool(offline))
            self.audit("voice_code_set", detail={"offline": status.offline, "code": "unchanged"})
        return status

    def clear_voice_code(self) -> bool:
        """Remove the code; True (and audited) if there was one."""
        self.require("manage")
        removed = self.parts.voice_codes.clear(self.household_id)
        if removed:
            self.audit("voice_code_removed")
        return removed

    def check_voice_code(self, code: str) -> CodeCheck:
        """Check a spoken code; wrong ones are audited, three in a row lock sensitive actions for 15 minutes."""
        return self.parts.voice_codes.check(
            self.household_id, code, channel=self.caller.channel, actor=self.caller.member
        )

    # -- Alexa links and sessions ---------------------------------------------
    def alexa_links(self) -> list[AlexaLink]:
        """The member's own Alexa links (an owner sees every member's)."""
        links = self.parts.links.all(self.household_id)
        return links if self.caller.may("manage") else [link for link in links if link.actor == self.caller.member]

    def revoke_alexa_link(self, link_id: str) -> AlexaLink:
        """End one Alexa link (the member's own; an owner's: any); audited."""
        if not any(link.id == link_id for link in self.alexa_links()):
            raise NotFound("no such Alexa link")
        link = self.parts.links.revoke(self.household_id, link_id)
        self.audit("alexa_unlink", detail={"link_id": link.id})
        return link

    def sign_out_everywhere(self) -> int:
        """End every web session of the member (an owner: of everyone in the household); audited."""
        member = None if self.caller.may("manage") else self.caller.member
        ended = self.parts.sessions.end_all(self.household_id, member=member)
        self.audit("signout_everywhere", detail={"sessions": ended})
        return ended
