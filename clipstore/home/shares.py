"""Sharing one clip with a person: a member of the household, or a guest link the sharer hands on, or the
operator's support where the operator names one. Always after consent; revocable; every opening audited."""

from __future__ import annotations

from ..errors import Invalid, NotFound
from ..models import Caller, utc_iso
from ..parts import Parts
from ..shares import SHARE_DAYS, Share
from .base import Room
from .clips import HomeClips

GUEST = "guest"
"""A share whose link the sharer hands to someone outside the household."""
SUPPORT = "support"
"""A share with the operator's support (only where `SUPPORT_CONTACT` names it)."""


class HomeShares(Room):
    """Shares of the clips the member may see; making and ending them needs the right to change."""

    def __init__(self, parts: Parts, caller: Caller, support_contact: str | None = None) -> None:
        super().__init__(parts, caller)
        self.support_contact = support_contact

    def may_create(self) -> bool:
        """Whether the caller's role lets them share clips (an owner or an adult; not a child or a guest)."""
        return self.caller.may("change")

    def create(self, clip_id: str, *, with_whom: str = GUEST, days: int = SHARE_DAYS) -> Share:
        """Share one clip (the caller has consented): with a member (their id), a guest link, or support."""
        clip = HomeClips(self.parts, self.caller).find(clip_id)  # another camera's clip is 404 first
        self.require("change")
        if with_whom == SUPPORT and not self.support_contact:
            raise Invalid("this server names no support to share with (SUPPORT_CONTACT is not set)")
        if with_whom not in (GUEST, SUPPORT):
            member = self.parts.members.get(self.household_id, with_whom)
            if member.id == self.caller.member:
                raise Invalid("that clip is already yours to watch")
        share = self.parts.shares.create(
            self.household_id, clip.id, channel=self.caller.channel, actor=self.caller.member, days=days, to=with_whom
        )
        self.audit(
            "share",
            clip=clip,
            detail={
                "share_id": share.id,
                "days": days,
                "with": with_whom,
                "started_at": utc_iso(clip.started_at),
                **({"contact": self.support_contact} if with_whom == SUPPORT else {}),
            },
        )
        return share

    def active(self) -> list[Share]:
        """Shares that still work, of clips the member may see or made or received, newest first."""
        shares = self.parts.shares.active(self.household_id)
        if self.caller.may("manage"):
            return shares
        return [
            s
            for s in shares
            if self.caller.member in (s.actor, s.to)
            or self.caller.sees(self.parts.clips.get(self.household_id, s.clip_id).camera)
        ]

    def received(self) -> list[Share]:
        """Shares made with this member that still work."""
        return [s for s in self.parts.shares.active(self.household_id) if s.to == self.caller.member]

    def revoke(self, share_id: str) -> Share:
        """End one share now; audited."""
        share = self.parts.shares.get(self.household_id, share_id)
        if share not in self.active() and share.actor != self.caller.member:
            raise NotFound("no such share")
        self.require("change")
        ended = self.parts.shares.revoke(self.household_id, share_id)
        self.audit("revoke", clip_id=ended.clip_id, detail={"share_id": ended.id})
        return ended

    def revoke_all(self) -> int:
        """End every active share the member may end (an owner: all of the household's); audited."""
        self.require("change")
        if self.caller.may("manage"):
            count = self.parts.shares.revoke_all(self.household_id)
        else:
            count = len([self.parts.shares.revoke(self.household_id, s.id) for s in self.active()])
        self.audit("revoke", detail={"count": count})
        return count
