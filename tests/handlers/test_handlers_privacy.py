"""Undo, sharing with consent, revoking: the privacy conversations, on both clip services."""

from __future__ import annotations

import requests
from talk import Conversation

from clipstore import ClipQuery


def test_undo_brings_back_the_last_deletion(service, store, household):
    total = store.clips.count(household.id, ClipQuery())
    talk = Conversation(service)
    talk.say("delete all clips from yesterday")
    deleted = talk.say("yes")
    assert "say undo" in deleted.speech
    gone = total - store.clips.count(household.id, ClipQuery())
    assert gone > 1
    assert talk.say("undo").speech == f"Done. I brought back {gone} clips."
    assert store.clips.count(household.id, ClipQuery()) == total
    assert talk.say("undo").speech.startswith("There's nothing to bring back.")


def test_undo_after_the_grace_period_finds_nothing(service, store, household):
    talk = Conversation(service)
    talk.say("delete the garage recordings")
    talk.say("yes")
    store.purge(now=store.now() + store.trash_grace_s + 1)
    assert talk.say("bring back the clips I just deleted").speech.startswith("There's nothing to bring back.")
    assert store.clips.count(household.id, ClipQuery(camera="garage")) == 0


def test_share_asks_with_the_consent_text_and_only_yes_shares(service, store, household):
    talk = Conversation(service)
    question = talk.say("send the latest front door clip")
    assert question.expect_reply
    assert question.speech.startswith("Anyone you give the link to will be able to watch the front door clip from")
    assert question.speech.endswith("for 7 days. You can stop sharing at any time. Share it?")
    assert store.shares.active(household.id) == []
    assert talk.say("no").speech == "Okay, I won't share it. Nothing was sent anywhere."
    assert store.shares.active(household.id) == []
    talk.say("send the latest front door clip")
    done = talk.say("yes")
    assert done.speech.startswith("Shared. Anyone with the link can watch that clip until")
    shares = store.shares.active(household.id)
    latest = store.clips.page(household.id, ClipQuery(camera="front_door"), limit=1)[0][0]
    assert [s.clip_id for s in shares] == [latest.id]


def test_share_then_change_of_subject_shares_nothing(service, store, household):
    talk = Conversation(service)
    talk.say("show the garage clip")
    assert talk.say("share this clip").expect_reply
    talk.say("how many clips today")
    assert talk.say("yes").speech == "There's nothing waiting for a yes right now."
    assert store.shares.active(household.id) == []


def test_stop_sharing_ends_every_share(service, store, household):
    talk = Conversation(service)
    assert talk.say("stop sharing my clips").speech == "None of your clips are shared, so there's nothing to stop."
    for camera in ("garage", "driveway"):
        talk.say(f"share the latest {camera} clip")
        talk.say("yes")
    assert len(store.shares.active(household.id)) == 2
    assert talk.say("stop sharing my clips").speech.startswith("Done. I stopped 2 shares.")
    assert store.shares.active(household.id) == []


def test_share_link_works_is_audited_and_dies_with_revoke(live_server, store, household, token):
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token}"
    clip = store.clips.page(household.id, ClipQuery(camera="backyard"), limit=1)[0][0]
    refused = http.post(f"{live_server}/api/clips/{clip.id}/shares", json={"consent": False})
    assert refused.status_code == 400 and "Anyone you give the link to" in refused.json()["error"]
    share = http.post(f"{live_server}/api/clips/{clip.id}/shares", json={"consent": True}).json()
    video = requests.get(share["url"], timeout=10)
    assert video.status_code == 200 and video.headers["Content-Type"] == "video/mp4"
    opened = store.audit.events(household.id, action="share_open")
    assert [(e.channel, e.actor, e.clip_id) for e in opened] == [("share", f"share:{share['id']}", clip.id)]
    assert http.delete(f"{live_server}/api/shares").json() == {"revoked": 1}
    assert requests.get(share["url"], timeout=10).status_code == 404
    forged = share["url"].replace("sig=", "sig=0")
    assert requests.get(forged, timeout=10).status_code == 403


def test_shortening_retention_asks_naming_the_count_and_undo_restores_both(service, store, household):
    total = store.clips.count(household.id, ClipQuery())
    older = store.clips.count(household.id, store.retention_preview(household.id, 1))
    assert 0 < older < total
    talk = Conversation(service)
    question = talk.say("keep clips for one day")
    assert question.expect_reply
    assert question.speech == f"That deletes {older} clips older than 1 day, from all cameras. Keep clips for 1 day?"
    store.purge(now=store.now() + 3600)  # nothing happens before a yes, whatever the janitor does
    assert store.households.get(household.id).retention_days == 30
    assert store.clips.count(household.id, ClipQuery()) == total
    done = talk.say("yes")
    assert done.speech.startswith(f"Done. I'll keep clips for 1 day. I deleted {older} older clips;")
    assert store.households.get(household.id).retention_days == 1
    assert store.clips.count(household.id, ClipQuery()) == total - older
    assert talk.say("undo").speech == f"Done. I brought back {older} clips, and I'll keep clips for 30 days again."
    assert store.households.get(household.id).retention_days == 30
    assert store.clips.count(household.id, ClipQuery()) == total


def test_shortening_retention_then_no_changes_nothing(service, store, household):
    total = store.clips.count(household.id, ClipQuery())
    talk = Conversation(service)
    talk.say("only keep recordings for 1 day")
    assert talk.say("no").speech == "Okay. I'll keep clips for 30 days, as before. Nothing was deleted."
    assert store.households.get(household.id).retention_days == 30
    assert store.clips.count(household.id, ClipQuery()) == total
    assert talk.say("keep clips for 60 days").speech.startswith("Okay. I'll keep clips for 60 days")
