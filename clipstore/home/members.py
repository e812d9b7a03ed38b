"""The household's people, managed by an owner; every member may replace their own token."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Invalid, NotFound
from ..models import Member
from ..voices import UnassignedVoice
from .base import Room


@dataclass(frozen=True)
class NewMember:
    """A member just added: their API token and the secret of their one-time set-password link (shown once)."""

    member: Member
    token: str
    setup_secret: str


class HomeMembers(Room):
    """Add, change and remove members (owner only); rotate one's own token."""

    def all(self) -> list[Member]:
        """Every member (an owner's view; others see only themselves)."""
        members = self.parts.members.all(self.household_id)
        return members if self.caller.may("manage") else [m for m in members if m.id == self.caller.member]

    def people(self) -> list[Member]:
        """Everyone in the household, by name (whom a clip can be shared with)."""
        return self.parts.members.all(self.household_id)

    def name_of(self, member_id: str) -> str:
        """A member's name (NotFound for no such member)."""
        return self.parts.members.get(self.household_id, member_id).name

    def me(self) -> Member:
        """The calling member."""
        return self.parts.members.get(self.household_id, self.caller.member)

    def _check_cameras(self, cameras: object) -> tuple[str, ...] | None:
        if cameras is None:
            return None
        if not isinstance(cameras, (list, tuple)) or not all(isinstance(c, str) for c in cameras):
            raise Invalid("cameras must be a list of camera ids, or null for every camera")
        known = {c.id for c in self.parts.cameras.all(self.household_id)}
        unknown = [c for c in cameras if c not in known]
        if unknown:
            raise Invalid(f"no camera with id {unknown[0]!r}")
        return tuple(dict.fromkeys(cameras))

    def add(self, name: str, role: str = "adult", cameras: object = None, expires_at: float | None = None) -> NewMember:
        """Add a member with their own token and a one-time link to set a password; audited."""
        self.require("manage")
        with self.parts.db.transaction():
            member = self.parts.members.add(self.household_id, name, role, self._check_cameras(cameras), expires_at)
            token = self.parts.households.issue_token(self.household_id, member.id)
            secret = self.parts.members.setup_link(self.household_id, member.id)
        self.audit(
            "member_add",
            detail={
                "member": member.id,
                "role": member.role,
                "cameras": list(member.cameras) if member.cameras is not None else None,
            },
        )
        return NewMember(member, token, secret)

    def update(
        self,
        member_id: str,
        *,
        role: str | None = None,
        cameras: object = "keep",
        expires_at: float | str | None = "keep",
    ) -> Member:
        """Change a member's role, cameras or expiry; audited."""
        self.require("manage")
        checked = cameras if cameras == "keep" else self._check_cameras(cameras)
        member = self.parts.members.update(
            self.household_id, member_id, role=role, cameras=checked, expires_at=expires_at
        )
        self.audit(
            "member_update",
            detail={
                "member": member.id,
                "role": member.role,
                "cameras": list(member.cameras) if member.cameras is not None else None,
            },
        )
        return member

    def remove(self, member_id: str) -> Member:
        """Remove a member: their tokens, sessions and Alexa links end at once; audited."""
        self.require("manage")
        if member_id == self.caller.member:
            raise Invalid("you can't remove yourself; another owner can")
        member = self.parts.members.remove(self.household_id, member_id)
        self.audit("member_remove", detail={"member": member.id})
        return member

    def unassigned_voices(self) -> list[UnassignedVoice]:
        """Voices Alexa recognised that no member has enrolled, the last heard first (an owner's view)."""
        self.require("manage")
        return self.parts.voices.unassigned(self.household_id)

    def assign_voice(self, person_id: str, member_id: str) -> Member:
        """Enroll an unassigned voice as a member's: from then on Alexa requests in that voice act as them. An
        owner's decision; audited under the owner, naming the member."""
        self.require("manage")
        if person_id not in {v.person_id for v in self.parts.voices.unassigned(self.household_id)}:
            raise NotFound("no such unassigned voice")
        member = self.parts.members.get(self.household_id, member_id)
        with self.parts.db.transaction():
            self.parts.members.enroll_person(self.household_id, person_id, member.id)
            self.parts.voices.forget(self.household_id, person_id)
        self.audit("voice_enrolled", detail={"member": member.id})
        return member

    def password_link(self, member_id: str) -> str:
        """A new one-time set-password secret for a member (an earlier link stops working); audited."""
        self.require("manage")
        secret = self.parts.members.setup_link(self.household_id, member_id)
        self.audit("member_password_link", detail={"member": member_id})
        return secret

    def rotate_token(self, member_id: str | None = None) -> str:
        """Replace a member's API token (default: the caller's own; another's: owner only). The old one stops
        working at once. Audited."""
        target = member_id or self.caller.member
        if target != self.caller.member:
            self.require("manage")
        self.parts.members.get(self.household_id, target)
        token = self.parts.households.replace_tokens(self.household_id, target)
        self.audit("token_rotate", detail={"member": target})
        return token
