"""Members of a household: roles, cameras, passwords, tokens, removal; cameras that can be removed with undo.
Through the store's door, on both backends."""

from __future__ import annotations

import pytest

from clipstore import Caller, ClipQuery, Conflict, Forbidden, Invalid, NeedsConfirmation, NotFound


@pytest.fixture
def owner(demo):
    return demo.store.home(Caller(demo.household.id, "owner", "api"))


def test_each_role_may_what_the_contract_says(demo, owner):
    hid = demo.household.id
    garage = demo.store.clips.page(hid, ClipQuery(camera="garage"), limit=1)[0][0]
    for role, may_change in (("adult", True), ("child", False), ("guest", False)):
        added = owner.members.add(f"Person {role}", role, ["garage"], expires_at=demo.store.now() + 3600)
        home = demo.store.home(demo.store.access.authenticate(added.token))
        assert home.clips.view(garage.id).id == garage.id  # every role may view its cameras
        if may_change:
            assert home.cameras.switch("garage", False).recording is False
            home.cameras.switch("garage", True)
        else:
            with pytest.raises(Forbidden):
                home.clips.delete(ClipQuery(ids=(garage.id,)))
            with pytest.raises(Forbidden):
                home.shares.create(garage.id)
        with pytest.raises(Forbidden):  # only an owner manages the household
            home.settings.update(retention_days=5)
        with pytest.raises(Forbidden):
            home.members.add("Someone")
    assert demo.store.clips.count(hid, ClipQuery(camera="garage")) > 0


def test_a_guest_is_nobody_after_the_expiry(demo, owner, clock):
    added = owner.members.add("Visitor", "guest", ["front_door"], expires_at=demo.store.now() + 60)
    assert demo.store.access.authenticate(added.token) is not None
    clock.advance(61)
    assert demo.store.access.authenticate(added.token) is None
    with pytest.raises(Invalid):
        owner.members.add("No End", "guest")  # a guest needs an expiry


def test_another_camera_is_404_everywhere(demo, owner):
    kim = demo.store.home(demo.store.access.authenticate(owner.members.add("Kim", "adult", ["front_door"]).token))
    garage = demo.store.clips.page(demo.household.id, ClipQuery(camera="garage"), limit=1)[0][0]
    for attempt in (
        lambda: kim.clips.view(garage.id),
        lambda: kim.clips.find(garage.id),
        lambda: kim.clips.page(ClipQuery(camera="garage")),
        lambda: kim.cameras.get("garage"),
        lambda: kim.cameras.switch("garage", False),
        lambda: kim.shares.create(garage.id),
        lambda: kim.clips.delete(ClipQuery(camera="garage")),
        lambda: kim.log.events(camera="garage"),
    ):
        with pytest.raises(NotFound):
            attempt()
    assert kim.clips.count(ClipQuery()) == demo.store.clips.count(demo.household.id, ClipQuery(camera="front_door"))


def test_a_clip_shared_with_a_member_is_theirs_to_watch_until_revoked(demo, owner):
    kim_token = owner.members.add("Kim", "adult", ["front_door"]).token
    kim = demo.store.home(demo.store.access.authenticate(kim_token))
    garage = demo.store.clips.page(demo.household.id, ClipQuery(camera="garage"), limit=1)[0][0]
    with pytest.raises(NotFound):
        kim.clips.view(garage.id)
    share = owner.shares.create(garage.id, with_whom="kim")
    assert kim.clips.view(garage.id).id == garage.id and [s.id for s in kim.shares.received()] == [share.id]
    owner.shares.revoke(share.id)
    with pytest.raises(NotFound):
        kim.clips.view(garage.id)
    with pytest.raises(Invalid):
        owner.shares.create(garage.id, with_whom="support")  # no SUPPORT_CONTACT on this server


def test_passwords_are_hashed_and_the_link_works_once(demo, owner):
    added = owner.members.add("Sam", "adult")
    assert demo.store.access.sign_in("Sam", "anything at all") is None  # no password yet
    caller = demo.store.access.set_password(added.setup_secret, "a long pass phrase")
    assert caller.member == "sam" and caller.channel == "web"
    with pytest.raises(NotFound):
        demo.store.access.set_password(added.setup_secret, "another one entirely")
    with pytest.raises(Invalid):
        demo.store.access.set_password(owner.members.password_link("sam"), "short")
    assert demo.store.access.sign_in("sam", "a long pass phrase").member == "sam"
    assert demo.store.access.sign_in("Sam", "a wrong pass phrase") is None
    stored = demo.store.db.query("SELECT password_hash FROM members WHERE slug = 'sam'")[0]["password_hash"]
    assert stored.startswith("$argon2id$") and "pass phrase" not in stored


def test_removing_a_member_ends_tokens_sessions_and_alexa_links(demo, owner):
    added = owner.members.add("Sam", "adult")
    caller = demo.store.access.authenticate(added.token)
    sid = demo.store.access.start_session(caller)
    link = demo.store.alexa_links.create(
        demo.household.id, client_id="alexa", actor="sam", scope="voice", access_token="S" * 40, refresh_token="T" * 40
    )
    assert demo.store.access.alexa("S" * 40) is not None
    owner.members.remove("sam")
    assert demo.store.access.authenticate(added.token) is None
    assert demo.store.access.session(sid) is None
    assert demo.store.access.alexa("S" * 40) is None
    assert demo.store.alexa_links.get(demo.household.id, link.id).revoked_at is not None
    with pytest.raises(Conflict):  # the last owner stays
        demo.store.home(Caller(demo.household.id, "sam_owner", "api", "owner")).members.remove("owner")


def test_rotating_a_token_stops_the_old_one_at_once(demo, owner):
    assert demo.store.access.authenticate(demo.token) is not None
    fresh = owner.members.rotate_token()
    assert demo.store.access.authenticate(demo.token) is None
    assert demo.store.access.authenticate(fresh).member == "owner"


def test_removing_a_camera_asks_then_undo_brings_back_the_camera_and_its_clips(demo, owner):
    hid = demo.store.households.get(demo.household.id).id
    clips = demo.store.clips.count(hid, ClipQuery(camera="garage"))
    with pytest.raises(NeedsConfirmation) as asked:
        owner.cameras.remove("garage")
    assert asked.value.count == clips and [c.id for c in owner.cameras.all()].count("garage") == 1
    assert owner.cameras.remove("garage", confirm=True) == clips
    assert "garage" not in [c.id for c in owner.cameras.all()]
    with pytest.raises(NotFound):
        owner.clips.page(ClipQuery(camera="garage"))
    restored = owner.clips.restore_last()
    assert restored.clips == clips and "garage" in [c.id for c in owner.cameras.all()]
    owner.cameras.remove("garage", confirm=True)
    demo.store.purge(now=demo.store.now() + demo.store.trash_grace_s + 1)
    assert demo.store.db.query("SELECT COUNT(*) FROM cameras WHERE slug = 'garage'")[0][0] == 0
    assert owner.clips.restore_last().clips == 0


@pytest.mark.parametrize("name", ["Support", "guest"])
def test_support_and_guest_are_no_member_names(demo, owner, name):
    with pytest.raises(Invalid, match="whom a clip is shared with"):
        owner.members.add(name, "adult")
    assert [m.id for m in owner.members.all()] == ["owner"]
