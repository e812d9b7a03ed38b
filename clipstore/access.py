"""Who is asking: API tokens, the page's password sign-in and sessions, share links, Alexa's links and voices.

Each way in ends in a `Caller` (a member of one household, through one channel) that `ClipStore.home` turns
into the household as that member may see it. A removed member, an expired guest, an ended session or a
revoked link is nobody.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from .errors import Invalid, NotFound
from .links import AlexaLink, LinkCode
from .members import member_slug
from .models import Caller, Household, Member
from .parts import Parts
from .shares import Share

logger = logging.getLogger(__name__)

SESSION_MAX_AGE_S = 12 * 3600.0


@dataclass(frozen=True)
class AlexaCaller:
    """An Alexa request's caller: the link's member, or the member whose voice Alexa recognised."""

    caller: Caller
    link: AlexaLink
    recognised: bool = False


class Access:
    """Turn credentials into callers (the store hands one out as `store.access`)."""

    def __init__(self, parts: Parts) -> None:
        self.parts = parts

    def member_caller(self, household_id: int, member_id: str, channel: str) -> Caller | None:
        """The caller for a member through a channel; None for a removed member or an expired guest."""
        try:
            member = self.parts.members.get(household_id, member_id)
        except NotFound:
            return None
        if member.expires_at is not None and member.expires_at <= self.parts.now():
            logger.info("refused member %s of household %s: their access ended", member_id, household_id)
            return None
        return Caller.of(household_id, member, channel)

    # -- API tokens ------------------------------------------------------------
    def authenticate(self, token: str | None, channel: str = "api") -> Caller | None:
        """The member whose API token this is, through `channel`; None for anything else."""
        found = self.parts.households.authenticate(token or "")
        if found is None:
            return None
        household, member_id = found
        return self.member_caller(household.id, member_id, channel)

    # -- the page -------------------------------------------------------------
    def sign_in(self, name: str, password: str, household: str | None = None) -> Caller | None:
        """A member signing in to the page with their name and password (their home's name settles it where
        the server keeps several households and a name is in more than one); None for any mistake."""
        homes = self.parts.households.all()
        if household:
            homes = [h for h in homes if h.name.lower() == household.strip().lower()]
        if not isinstance(name, str) or not isinstance(password, str) or not name.strip():
            return None
        slug = member_slug(name)
        candidates = [h for h in homes if self.parts.members.exists(h.id, slug)]
        if not candidates:
            self.parts.members.check_password(0, "", password)  # the same work as a real check
            return None
        matches = [(h.id, m) for h in candidates if (m := self.parts.members.check_password(h.id, slug, password))]
        if len(matches) != 1:
            return None
        return self.member_caller(matches[0][0], matches[0][1].id, "web")

    def start_session(self, caller: Caller) -> str:
        """A new page session for this member (its id goes in the browser's cookie only)."""
        return self.parts.sessions.start(caller.household_id, caller.member, SESSION_MAX_AGE_S)

    def session(self, sid: object) -> Caller | None:
        """The member of a live page session; None when it ended, expired, or its member is gone."""
        live = self.parts.sessions.check(sid)
        if live is None:
            return None
        return self.member_caller(live.household_id, live.actor, "web")

    def end_session(self, sid: object) -> None:
        """Sign out of one session."""
        self.parts.sessions.end(sid)

    def household(self, household_id: int) -> Household:
        """A household's settings (for a caller's own household)."""
        return self.parts.households.get(household_id)

    def member(self, caller: Caller) -> Member:
        """The calling member."""
        return self.parts.members.get(caller.household_id, caller.member)

    def password_link(self, secret: object) -> tuple[Household, Member] | None:
        """The member whose one-time set-password link this is, while it works."""
        found = self.parts.members.by_setup_link(secret)
        return (self.parts.households.get(found[0]), found[1]) if found else None

    def set_password(self, secret: str, password: str) -> Caller:
        """Set a member's password through their one-time link (used up); the member, signed in."""
        household_id, member = self.parts.members.set_password(secret, password)
        caller = Caller.of(household_id, member, "web")
        self.parts.audit.record(household_id, channel="web", actor=member.id, action="password_set")
        return caller

    # -- share links ------------------------------------------------------------
    def open_share(self, share_id: str) -> tuple[Caller, Share]:
        """A share link being opened: a caller on the `share` channel who sees no camera, only the shared clip
        (`HomeClips.shared`), and the share; NotFound unless it still works."""
        household_id, share = self.parts.shares.open(share_id)
        return Caller(household_id, f"share:{share.id}", "share", "guest", frozenset()), share

    def media_caller(self, clip_id: str, member: str, channel: str) -> Caller | None:
        """The member a signed media link was made for, through its channel, if they may still see the clip's
        household (the door then checks the clip itself); None otherwise."""
        try:
            household_id = self.parts.clips.owner(clip_id)
        except NotFound:
            return None
        return self.member_caller(household_id, member, channel)

    # -- Alexa --------------------------------------------------------------------
    def alexa(self, access_token: str | None, person_id: str | None = None) -> AlexaCaller | None:
        """The member behind an Alexa request: whoever Alexa recognised by voice, if that voice was enrolled by a
        member of the link's household, else the member who linked. None for an unknown or revoked link.

        A recognised voice that no member enrolled is remembered as unassigned, for an owner to assign to a member
        on the Members page (`HomeMembers.assign_voice`)."""
        link = self.parts.links.authenticate(access_token) if access_token else None
        if link is None:
            return None
        member_id, recognised = link.actor, False
        if person_id:
            enrolled = self.parts.members.member_for_person(link.household_id, person_id)
            if enrolled:
                member_id, recognised = enrolled, True
            else:
                try:
                    self.parts.voices.heard(link.household_id, person_id)
                except Invalid:
                    logger.info("an Alexa person id that is not one was ignored")
        caller = self.member_caller(link.household_id, member_id, "alexa")
        return AlexaCaller(caller, link, recognised) if caller else None

    def enroll_voice(self, caller: Caller, person_id: str) -> None:
        """Remember that the voice Alexa recognises as `person_id` is this member's (audited)."""
        self.parts.members.enroll_person(caller.household_id, person_id, caller.member)
        self.parts.voices.forget(caller.household_id, person_id)
        self.parts.audit.record(
            caller.household_id, channel=caller.channel, actor=caller.member, action="voice_enrolled"
        )

    def save_link_code(
        self, code: str, household_id: int, member: str, *, client_id: str, redirect_uri: str, scope: str
    ) -> None:
        """Keep an authorization code the member approved (single use, minutes long)."""
        self.parts.links.save_code(
            code, household_id=household_id, actor=member, client_id=client_id, redirect_uri=redirect_uri, scope=scope
        )

    def redeem_link_code(self, code: str, client_id: str) -> LinkCode | None:
        """Take an authorization code (once, atomically)."""
        return self.parts.links.redeem_code(code, client_id)

    def create_alexa_link(
        self,
        household_id: int,
        member: str,
        *,
        client_id: str,
        scope: str,
        access_token: str,
        refresh_token: str | None,
        expires_in: int,
    ) -> AlexaLink:
        """A new Alexa link of the member who approved it (audited as theirs, on the page where they did)."""
        link = self.parts.links.create(
            household_id,
            client_id=client_id,
            actor=member,
            scope=scope,
            access_token=access_token,
            refresh_token=refresh_token,
            expires_in=expires_in,
        )
        self.parts.audit.record(
            household_id, channel="web", actor=member, action="alexa_link", detail={"link_id": link.id}
        )
        return link

    def alexa_link_by_refresh_token(self, token: str) -> AlexaLink | None:
        """The live link a refresh token belongs to."""
        return self.parts.links.by_refresh_token(token)

    def refresh_alexa_link(
        self, link: AlexaLink, access_token: str, refresh_token: str | None, expires_in: int
    ) -> None:
        """New tokens for a link (audited)."""
        self.parts.links.add_tokens(link, access_token, refresh_token, expires_in)
        self.parts.audit.record(
            link.household_id, channel="alexa", actor=link.actor, action="alexa_refresh", detail={"link_id": link.id}
        )
