"""Sharing one clip: with a member of the household, as a guest link the sharer hands on, or with the operator's
support where the operator names one. Always asked first, naming who will see which clip for how long."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from clipstore import GUEST, SHARE_DAYS, SUPPORT, ClipQuery, consent_text

from ..dialog import Pending, query_to_dict
from ..speech import describe_clip, filter_words, plural
from .common import FILTER_SLOTS, Reply, Turn, ask
from .refer import referred

NO_SUPPORT = "Sharing with support isn't offered here; you can share with a member or as a guest link."
MAY_NOT = "You can watch clips, but sharing them is for the adults of your household. Nothing was shared."


_GUEST_WORDS = frozenset({GUEST, "a_guest", "guests", "anyone", "someone"})
_SELF_WORDS = frozenset({"me", "myself"})


@dataclass(frozen=True)
class Audience:
    """Whom a share is for: `to` as the store takes it (a member's id, "guest" or "support") and their words."""

    to: str
    name: str


def audience(turn: Turn, member: str | None) -> Audience | Reply:
    """The share's audience from the `member` slot ("support" where the words named the operator's support);
    a refusal Reply for support where none is named, or for a member the household does not have."""
    if not member or member in _GUEST_WORDS:  # "share it with a guest": a guest link, with the guest consent text
        return Audience(GUEST, "guest")
    if member == SUPPORT:
        contact = turn.service.support_contact()
        return Audience(SUPPORT, f"Support ({contact})") if contact else Reply(NO_SUPPORT)
    if member in _SELF_WORDS or member == turn.service.me():
        return Reply("That clip is already yours to watch, so there's nothing to share. Nothing was shared.")
    people = turn.service.members()
    known = {m.id: m.name for m in people}
    if member in known:
        return Audience(member, known[member])
    if people and any(m.role == "owner" for m in people):  # the whole household was listed: no such member
        return Reply(f"I didn't find a member called {member.replace('_', ' ').title()}. Nothing was shared.")
    return Audience(member, member.replace("_", " ").title())  # the store's door says whether they exist


def question(what: str, whom: Audience) -> str:
    """The consent question: who will be able to watch which clip, for how long, and that it can be stopped."""
    days = plural(SHARE_DAYS, "day")
    if whom.to == GUEST:
        return consent_text(what, SHARE_DAYS)
    if whom.to == SUPPORT:
        return f"{whom.name} will be able to watch {what} for {days}. You can stop sharing at any time. Share it?"
    return (
        f"Share {what} with {whom.name}? {whom.name} will be able to watch it for {days}; "
        "you can stop sharing at any time."
    )


def share_clip(turn: Turn, slots: dict) -> Reply:
    """Ask first, saying plainly who will see which clip and for how long; only Yes creates the share."""
    if not turn.service.may_share():  # the store's door knows the roles: a child or a guest may not share
        return Reply(MAY_NOT)
    whom = audience(turn, slots.get("member"))
    if isinstance(whom, Reply):
        return whom
    which = slots.get("which")
    filters = {k: slots[k] for k in FILTER_SLOTS if slots.get(k)}
    found = referred(turn, slots, turn.ref)
    if isinstance(found, Reply):
        return found
    if found is not None:
        clip = found
    elif not filters and which in (None, "this", "next", "previous"):
        focus = turn.focus_clip()
        if focus is None:
            return ask(
                "Which clip? Open one first, for example: show the latest clip, then say share this clip.",
                "Which clip should I share? For example: share the latest clip.",
            )
        clip = focus
    else:
        clips = turn.service.list_clips(turn.query(filters), limit=1, oldest_first=(which == "first"))
        if not clips:
            return Reply(f"I found no clips{filter_words(filters, turn.cameras, turn.today).sentence_tail()}.")
        clip = clips[0]
    what = describe_clip(clip, turn.cameras, turn.tz, turn.today).split(", with")[0]
    text = question(what, whom)
    turn.state.pending = Pending(
        "share", {**query_to_dict(ClipQuery(ids=(clip.id,))), "to": whom.to, "name": whom.name}, 1, text
    )
    return Reply(text, expect_reply=True)


def share_now(turn: Turn, pending: Pending) -> Reply:
    """The share, after yes: exactly the clip and the person the question named; where to find the link."""
    to = str(pending.query.get("to") or GUEST)
    share = turn.service.share_clip(pending.query["ids"][0], SHARE_DAYS, with_whom=to)
    until = share.expires_at.astimezone(ZoneInfo(turn.tz))
    day = f"{until:%A}, {until:%B} {until.day}"
    if to == GUEST:
        return Reply(
            f"Shared. Anyone with the link can watch that clip until {day}. "
            "The link is on the Access page of your web page; to end it sooner, say stop sharing."
        )
    name = str(pending.query.get("name") or to)
    if to == SUPPORT:
        return Reply(
            f"Shared. {name} can watch that clip until {day}. Nobody is told automatically: the link to "
            "send them is on the Access page of your web page. To end it sooner, say stop sharing."
        )
    return Reply(
        f"Shared. {name} can watch that clip until {day}; it's under Shared with you on their Access "
        "page. To end it sooner, say stop sharing."
    )


def revoke_shares(turn: Turn, slots: dict) -> Reply:
    """End every active share at once."""
    revoked = turn.service.revoke_shares()
    if revoked == 0:
        return Reply("None of your clips are shared, so there's nothing to stop.")
    return Reply(f"Done. I stopped {plural(revoked, 'share')}. Nobody outside your home can watch your clips now.")
