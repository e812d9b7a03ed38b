"""`member add|list|remove` and `token rotate`: the people of a household and their credentials."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from ..members import ROLES, member_slug
from ..settings import Settings
from ..store import ClipStore
from .common import UsageError, add_data, confirm_on_terminal, pick_household

DEFAULT_URL = "http://localhost:8080"


def register(commands: argparse._SubParsersAction) -> None:
    """Add the member and token subcommands."""
    member = commands.add_parser("member", help="add, list or remove the people of a household")
    actions = member.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a person; prints their API token and a link to set a password, once")
    add.add_argument("name", metavar="NAME")
    add.add_argument(
        "--role",
        choices=ROLES,
        default="adult",
        help="owner: everything; adult: view, delete, share, switch their cameras; child and guest: "
        "view only (default: adult)",
    )
    add.add_argument("--cameras", metavar="ID,ID", help="the cameras they may see (default: all)")
    add.add_argument("--until", metavar="ISO", help="a guest's last day or moment, e.g. 2026-12-24")
    add.add_argument(
        "--url", metavar="URL", help=f"the web page's address for the link (default: $PUBLIC_URL, else {DEFAULT_URL})"
    )
    add_data(add, household=True)
    add.set_defaults(handler=member_add)
    listing = actions.add_parser("list", help="list the household's members")
    add_data(listing, household=True)
    listing.set_defaults(handler=member_list)
    remove = actions.add_parser("remove", help="remove a person: their tokens, sign-ins and Alexa links end at once")
    remove.add_argument("name", metavar="NAME")
    remove.add_argument("--yes", action="store_true", help="don't ask")
    add_data(remove, household=True)
    remove.set_defaults(handler=member_remove)

    token = commands.add_parser("token", help="replace a member's API token")
    token_actions = token.add_subparsers(dest="action", required=True, metavar="ACTION")
    rotate = token_actions.add_parser("rotate", help="a new API token (printed once); the old one stops working")
    rotate.add_argument("--member", metavar="NAME", help="whose token (default: the owner's)")
    add_data(rotate, household=True)
    rotate.set_defaults(handler=token_rotate)


def _until(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(
            f"--until must be a date or time such as 2026-12-24 or 2026-12-24T18:00:00Z, not {value!r}"
        ) from None
    if moment.tzinfo is None and len(value.strip()) == 10:  # a whole day: to its end, in UTC
        moment = moment.replace(hour=23, minute=59, second=59)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def member_add(store: ClipStore, args: argparse.Namespace) -> None:
    home = store.system(pick_household(store, args.household).id, "cli")
    cameras = [c.strip() for c in args.cameras.split(",") if c.strip()] if args.cameras else None
    new = home.members.add(args.name, args.role, cameras, _until(args.until))
    base = (args.url or Settings.from_env().public_url or DEFAULT_URL).rstrip("/")
    member = new.member
    sees = "every camera" if member.cameras is None else "the cameras " + ", ".join(member.cameras)
    print(
        f"Added {member.name} ({member.role}, sees {sees}). Their API token follows on standard output, once;"
        f" give it to them, or give them this link to choose a password for the web page (it works once, for a"
        f" week):\n  {base}/welcome/{new.setup_secret}",
        file=sys.stderr,
    )
    print(new.token)


def member_list(store: ClipStore, args: argparse.Namespace) -> None:
    home = store.system(pick_household(store, args.household).id, "cli")
    for member in home.members.all():
        cameras = "all cameras" if member.cameras is None else ",".join(member.cameras)
        until = (
            f"\tuntil {datetime.fromtimestamp(member.expires_at, UTC).date().isoformat()}" if member.expires_at else ""
        )
        password = "password set" if member.has_password else "no password yet"
        print(f"{member.id}\t{member.name}\t{member.role}\t{cameras}\t{password}{until}")


def member_remove(store: ClipStore, args: argparse.Namespace) -> int:
    home = store.system(pick_household(store, args.household).id, "cli")
    member_id = member_slug(args.name)
    name = home.members.name_of(member_id)
    if not args.yes and not confirm_on_terminal(f"Remove {name}? Their tokens, sign-ins and Alexa links end now."):
        print("Nothing was removed.", file=sys.stderr)
        return 1
    home.members.remove(member_id)
    print(f"Removed {name}: their tokens, sign-ins and Alexa links no longer work.", file=sys.stderr)
    return 0


def token_rotate(store: ClipStore, args: argparse.Namespace) -> None:
    home = store.system(pick_household(store, args.household).id, "cli")
    member_id = member_slug(args.member) if args.member else "owner"
    name = home.members.name_of(member_id)
    token = home.members.rotate_token(member_id)
    print(f"A new API token for {name} follows, once; the old one stopped working.", file=sys.stderr)
    print(token)
