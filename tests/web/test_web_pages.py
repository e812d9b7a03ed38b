"""The page's views through the Flask test client: filters, pages, the player, delete and undo, shares, settings."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from clipstore import ClipQuery

CLIP_LINK = re.compile(r'href="/clips/([0-9a-f]{16})[?"]')


def listed(html: str) -> list[str]:
    """Clip ids linked from a list page, in page order."""
    return list(dict.fromkeys(CLIP_LINK.findall(html)))


def test_list_is_newest_first_grouped_by_day_and_camera(user, web_demo):
    page = user.get("/")
    assert page.status_code == 200
    expected = web_demo.clip_ids()
    assert len(expected) > 30  # the demo spans more than one page
    ids = listed(page.text)
    assert len(ids) == 30
    # Newest first by day; inside a day clips are grouped by camera (cameras in order of their newest clip).
    assert ids[0] == expected[0]
    assert set(ids) == set(expected[:30])
    assert page.text.count('class="day"') >= 2 and "Today" in page.text and "Yesterday" in page.text
    assert f"{len(expected)} clips" in page.text
    assert "Front Door" in page.text and '<img src="/clips/' in page.text


def test_day_names_read_like_the_voice_answers():
    from datetime import date

    from skill.web.common import day_name

    ref = date(2026, 11, 24)  # a Tuesday
    assert day_name(date(2026, 11, 24), ref) == "Today"
    assert day_name(date(2026, 11, 23), ref) == "Yesterday"
    assert day_name(date(2026, 11, 21), ref) == "Saturday"
    assert day_name(date(2026, 11, 3), ref) == "Tuesday, November 3"
    assert day_name(date(2025, 12, 31), ref) == "Wednesday, December 31, 2025"


def test_pagination_follows_the_store_cursor(web_app, user, web_demo):
    web_app.config["WEB_PAGE_SIZE"] = 7
    seen: list[str] = []
    url = "/?camera=front_door"
    for _ in range(10):
        page = user.get(url)
        assert page.status_code == 200
        seen += listed(page.text)
        match = re.search(r'href="([^"]+)" rel="next"', page.text)
        if not match:
            break
        url = match.group(1).replace("&amp;", "&")
        assert "camera=front_door" in url and "cursor=" in url
    assert seen == web_demo.clip_ids(camera="front_door")
    assert "Back to the newest" in user.get(url).text


def test_filters_by_camera_label_and_day(user, web_demo):
    garage = user.get("/?camera=garage")
    assert set(listed(garage.text)) == set(web_demo.clip_ids(camera="garage"))
    person = user.get("/?label=person")
    assert set(listed(person.text)) == set(web_demo.clip_ids(label="person"))
    both = user.get("/?camera=front_door&label=person")
    assert set(listed(both.text)) == set(web_demo.clip_ids(camera="front_door", label="person"))
    assert 'value="front_door" selected' in both.text and 'value="person" selected' in both.text
    # A day runs from local midnight to midnight in the household's zone.
    first = web_demo.store.clips.get(web_demo.household.id, web_demo.clip_ids()[0])
    day = first.started_at.astimezone(ZoneInfo(web_demo.household.timezone)).date()
    one_day = user.get(f"/?day={day.isoformat()}")
    ids = listed(one_day.text)
    assert ids and first.id in ids
    for clip_id in ids:
        clip = web_demo.store.clips.get(web_demo.household.id, clip_id)
        assert clip.started_at.astimezone(ZoneInfo(web_demo.household.timezone)).date() == day
    empty = user.get("/?day=2001-01-01")
    assert empty.status_code == 200 and "No clips here" in empty.text


def test_filters_by_time_of_day(user, web_demo):
    tz = ZoneInfo(web_demo.household.timezone)
    first = web_demo.store.clips.get(web_demo.household.id, web_demo.clip_ids()[0])
    local = first.started_at.astimezone(tz)
    start, end = f"{local.hour:02d}:00", f"{(local.hour + 1) % 24:02d}:00"
    page = user.get(f"/?day={local.date().isoformat()}&from={start}&to={end}")
    ids = listed(page.text)
    assert first.id in ids and f'value="{start}"' in page.text and f'value="{end}"' in page.text
    for clip_id in ids:
        moment = web_demo.store.clips.get(web_demo.household.id, clip_id).started_at.astimezone(tz)
        assert moment.date() == local.date() and moment.hour == local.hour
    assert set(ids) < set(listed(user.get(f"/?day={local.date().isoformat()}").text)) | {first.id}
    for query in ("from=25:00", "to=noon", "from=9"):
        assert user.get(f"/?{query}").status_code == 400, query


def test_bad_filter_values_are_friendly_400s(user):
    for query in (
        "camera=attic",
        "label=ghost",
        "day=yesterday",
        "day=2026-02-30",
        "cursor=not-a-cursor",
        "cursor=" + "%3C" * 5,
    ):
        page = user.get(f"/?{query}")
        assert page.status_code == 400, query
        assert "text/html" in page.content_type and "Go to your clips" in page.text
    assert user.get("/access?camera=attic").status_code == 400
    assert user.get("/access?show=secrets").status_code == 400
    assert user.get("/access?before=yesterday").status_code == 400


def test_player_page_is_audited_and_streams_with_range(user, web_demo):
    clip_id = web_demo.clip_ids(camera="front_door")[0]
    page = user.get(f"/clips/{clip_id}")
    assert page.status_code == 200
    assert f'src="/clips/{clip_id}/video.mp4"' in page.text and 'preload="metadata"' in page.text
    assert "Front Door" in page.text and "Share with support" in page.text and "Delete" in page.text
    views = web_demo.store.audit.events(web_demo.household.id, clip_id=clip_id, action="view")
    assert len(views) == 1 and views[0].channel == "web" and views[0].actor == "owner"
    whole = user.get(f"/clips/{clip_id}/video.mp4")
    assert whole.status_code == 200 and whole.mimetype == "video/mp4" and whole.headers["Accept-Ranges"] == "bytes"
    part = user.get(f"/clips/{clip_id}/video.mp4", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and len(part.data) == 100 and part.data == whole.data[100:200]
    plays = web_demo.store.audit.events(web_demo.household.id, clip_id=clip_id, action="play")
    assert len(plays) == 1 and plays[0].channel == "web"  # a seek is not another play
    thumb = user.get(f"/clips/{clip_id}/thumbnail.jpg")
    assert thumb.status_code == 200 and thumb.mimetype == "image/jpeg"
    assert "max-age=3600" in thumb.headers["Cache-Control"]


def test_player_links_to_neighbours_within_the_filter(user, web_demo):
    ids = web_demo.clip_ids(camera="garage")
    page = user.get(f"/clips/{ids[1]}?camera=garage")
    assert f'href="/clips/{ids[0]}?camera=garage"' in page.text and 'rel="prev"' in page.text
    assert f'href="/clips/{ids[2]}?camera=garage"' in page.text and 'rel="next"' in page.text
    assert 'href="/?camera=garage"' in page.text


def test_delete_needs_confirmation_then_undo_brings_it_back(user, web_demo):
    hid = web_demo.household.id
    clip_id = web_demo.clip_ids()[0]
    confirm = user.get(f"/clips/{clip_id}/delete")
    assert confirm.status_code == 200 and "Delete this clip?" in confirm.text
    assert web_demo.store.clips.count(hid, ClipQuery(ids=(clip_id,))) == 1  # the confirm page changes nothing
    done = user.post(f"/clips/{clip_id}/delete", {"after": "/?camera=front_door"})
    assert done.status_code == 302 and done.headers["Location"] == "/?camera=front_door"
    assert web_demo.store.clips.count(hid, ClipQuery(ids=(clip_id,))) == 0
    page = user.get("/")
    assert clip_id not in listed(page.text)
    assert "Deleted the " in page.text and "You can bring it back until" in page.text and "Undo" in page.text
    assert "1 clip deleted" in user.get("/cameras").text  # the undo offer stays while it is restorable
    assert user.get(f"/clips/{clip_id}").status_code == 404
    event = web_demo.store.audit.events(hid, action="delete")[0]
    assert event.channel == "web" and event.clip_id == clip_id
    undone = user.post("/undo", {"back": "/"})
    assert undone.status_code == 302
    assert web_demo.store.clips.get(hid, clip_id)
    page = user.get("/")
    assert clip_id in listed(page.text) and "Restored 1 clip" in page.text and "clip deleted" not in page.text
    again = user.post("/undo", {"back": "/"})
    assert again.status_code == 302 and "nothing left to restore" in user.get("/").text


def test_share_shows_the_voice_consent_and_needs_the_confirm(user, web_demo):
    hid = web_demo.household.id
    clip_id = web_demo.clip_ids(camera="front_door")[0]
    consent = user.get(f"/clips/{clip_id}/share")
    assert consent.status_code == 200
    assert "Anyone you give the link to will be able to watch the front door clip from" in consent.text
    assert "for 7 days. You can stop sharing at any time. Share it?" in consent.text
    assert web_demo.store.shares.active(hid) == []
    player = user.get(f"/clips/{clip_id}")
    assert "Anyone you give the link to will be able to watch" in player.text  # the same text in the dialog
    declined = user.post(f"/clips/{clip_id}/share", {})
    assert declined.status_code == 302 and web_demo.store.shares.active(hid) == []
    made = user.post(f"/clips/{clip_id}/share", {"consent": "yes"})
    assert made.status_code == 200 and "/share/" in made.text  # the guest link, handed to the sharer
    shares = web_demo.store.shares.active(hid)
    assert len(shares) == 1 and shares[0].clip_id == clip_id and shares[0].channel == "web"
    access = user.get("/access")
    assert "Stop sharing" in access.text and "Shared with a guest link" in access.text
    stop = user.post(f"/shares/{shares[0].id}/revoke")
    assert stop.status_code == 302 and web_demo.store.shares.active(hid) == []
    assert user.post("/shares/no-such-share/revoke").status_code == 404


def test_revoke_all(user, web_demo):
    hid = web_demo.household.id
    for clip_id in web_demo.clip_ids()[:2]:
        user.post(f"/clips/{clip_id}/share", {"consent": "yes"})
    assert len(web_demo.store.shares.active(hid)) == 2
    user.post("/shares/revoke-all")
    assert web_demo.store.shares.active(hid) == []
    assert "Stopped 2 shares" in user.get("/access").text


def test_cameras_privacy_mode_and_names(user, web_demo):
    hid = web_demo.household.id
    page = user.get("/cameras")
    assert page.status_code == 200 and "Turn recording off" in page.text and "porch, doorbell" in page.text
    user.post("/cameras/garage/recording", {"state": "off"})
    assert web_demo.store.cameras.get(hid, "garage").recording is False
    assert "Privacy mode" in user.get("/").text
    assert user.post("/cameras/garage/recording", {"state": "maybe"}).status_code == 400
    user.post("/cameras/garage/recording", {"state": "on"})
    assert web_demo.store.cameras.get(hid, "garage").recording is True
    saved = user.post("/cameras/garage", {"name": "Car Port", "synonyms": "carport, shed\nworkshop"})
    assert saved.status_code == 302
    cam = web_demo.store.cameras.get(hid, "garage")
    assert cam.name == "Car Port" and cam.synonyms == ("carport", "shed", "workshop")
    bad = user.post("/cameras/garage", {"name": "<script>", "synonyms": ""})
    assert bad.status_code == 400 and 'aria-invalid="true"' in bad.text and "&lt;script&gt;" in bad.text
    assert web_demo.store.cameras.get(hid, "garage").name == "Car Port"
    assert user.post("/cameras/attic", {"name": "Attic"}).status_code == 404
    events = web_demo.store.audit.events(hid, action="camera_update")
    assert events and all(e.channel == "web" for e in events)


def test_settings_change_and_bad_values_change_nothing(user, web_demo):
    hid = web_demo.household.id
    page = user.get("/settings")
    assert page.status_code == 200 and 'value="America/New_York" selected' in page.text
    ok = user.post("/settings", {"retention_days": "14", "timezone": "Europe/Berlin"})
    assert ok.status_code == 302
    household = web_demo.store.households.get(hid)
    assert household.retention_days == 14 and household.timezone == "Europe/Berlin"
    for form in (
        {"retention_days": "0", "timezone": "UTC"},
        {"retention_days": "9999", "timezone": "UTC"},
        {"retention_days": "ten", "timezone": "UTC"},
        {"retention_days": "7", "timezone": "Mars/Base"},
        {"retention_days": "7"},
    ):
        bad = user.post("/settings", form)
        assert bad.status_code == 400, form
        assert 'role="alert"' in bad.text
    household = web_demo.store.households.get(hid)
    assert household.retention_days == 14 and household.timezone == "Europe/Berlin"


def test_shortening_retention_on_the_page_asks_naming_the_count_and_undo_restores_both(user, web_demo):
    hid, store = web_demo.household.id, web_demo.store
    total = store.clips.count(hid, ClipQuery())
    older = store.clips.count(hid, store.retention_preview(hid, 1))
    assert 0 < older < total
    asked = user.post("/settings", {"retention_days": "1", "timezone": "America/New_York"})
    assert asked.status_code == 409
    assert f"Delete {older} older clips?" in asked.text and 'name="confirm" value="yes"' in asked.text
    assert store.households.get(hid).retention_days == 30 and store.clips.count(hid, ClipQuery()) == total
    done = user.post("/settings", {"retention_days": "1", "timezone": "America/New_York", "confirm": "yes"})
    assert done.status_code == 302
    assert store.households.get(hid).retention_days == 1 and store.clips.count(hid, ClipQuery()) == total - older
    assert f"Deleted {older} older clips." in user.get("/settings").text
    user.post("/undo")
    assert store.households.get(hid).retention_days == 30 and store.clips.count(hid, ClipQuery()) == total


def test_access_log_shows_who_opened_what(user, web_demo):
    clip_id = web_demo.clip_ids(camera="driveway")[0]
    user.get("/")
    user.get(f"/clips/{clip_id}")
    log = user.get("/access")
    assert log.status_code == 200
    row = re.search(r"<tr>(?:(?!</tr>).)*Opened the clip(?:(?!</tr>).)*</tr>", log.text, re.DOTALL)
    assert row and "Owner" in row.group(0) and "Web page" in row.group(0) and "Driveway" in row.group(0)
    assert "Loaded the thumbnail" not in log.text  # only with show=all
    garage = user.get("/access?camera=garage")
    assert "Opened the clip" not in garage.text and "Nothing to show for these choices" in garage.text
    assert "Listed clips" in user.get("/access?show=all").text
    head = web_demo.store.audit.head(web_demo.household.id)
    assert f'<code title="{head.hash}">{head.hash[:16]}</code>' in user.get("/access").text
