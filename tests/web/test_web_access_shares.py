"""The access log's "Shared with support" rows name the clip with its time, as every other clip row does."""

from __future__ import annotations

import re

from skill.web.common import when


def rows(page: str, what: str) -> list[str]:
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r"<tr>(?:(?!</tr>).)*</tr>", page, re.DOTALL)
        if what in row
    ]


def test_a_share_row_names_the_clip_and_its_time(user, web_demo, web_app):
    front = web_demo.store.clips.get(web_demo.household.id, web_demo.clip_ids(camera="front_door")[0])
    garage = web_demo.store.clips.get(web_demo.household.id, web_demo.clip_ids(camera="garage")[0])
    assert user.post(f"/clips/{front.id}/share", {"consent": "yes"}).status_code == 200  # the page's own button
    shown = user.client.post(
        "/api/intent", json={"text": "show me the latest garage clip"}, headers={"X-CSRF-Token": user.csrf}
    ).json
    asked = user.client.post(
        "/api/intent", json={"text": "share it", "session": shown["session"]}, headers={"X-CSRF-Token": user.csrf}
    ).json
    assert asked["expect_reply"]
    user.client.post(
        "/api/intent", json={"intent": "Yes", "session": asked["session"]}, headers={"X-CSRF-Token": user.csrf}
    )  # the command box's Yes
    with web_app.test_request_context():
        from flask import g

        g.household = web_demo.household
        front_time, garage_time = when(front.started_at), when(garage.started_at)
    shared = rows(user.get("/access").text, "Shared")
    assert len(shared) == 2, shared
    assert f"Garage · {garage_time}" in shared[0] and f"Front Door · {front_time}" in shared[1]
