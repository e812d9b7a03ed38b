"""The session rule, held against every handler and every path that asks.

Rule: a reply that asks (a question, or a sentence that starts "Say ..." / "Ask ...") keeps the session open
with a reprompt (`shouldEndSession: false`). A reply that does not ask ends the session, or stays open on
purpose: only while a clip is on a screen (an APL directive in the answer), with `shouldEndSession` left out so
the microphone stays closed. The answer to SessionEndedRequest carries no speech and no directives.
"""

from __future__ import annotations

import re

import pytest

from intents.handlers import HANDLERS
from skill.alexa.slots import BUILTIN_INTENTS, CUSTOM_INTENTS
from skill.alexa.turn import APL_TOKEN
from skill.app import create_app
from testkit.alexa_requests import SKILL_NOW, TODAY, copy_demo, envelope, intent, post, slot

ASKS = re.compile(r"\?|(^|[.!?] )(Say|Ask) ")
FRONT_DOOR = slot("camera", "front door", static=[("front_door", "front door")])
LATEST = {"which": slot("which", "latest", static=[("latest", "latest")])}
THIS = {"which": slot("which", "this", static=[("this", "this")])}
NEXT = {"which": slot("which", "next", static=[("next", "next")])}


@pytest.fixture
def client(tmp_path, monkeypatch):
    monkeypatch.delenv("ALEXA_VERIFY", raising=False)
    data, _, _ = copy_demo(tmp_path / "data")
    app = create_app(
        data,
        public_url="https://clips.example.test",
        clock=SKILL_NOW.timestamp,
        config={
            "TESTING": True,
            "ALEXA_VERIFY": "0",
            "ALEXA_CLOCK": lambda: SKILL_NOW,
            "ALEXA_SETTINGS_GET": lambda *a: None,
        },
    )
    yield app.test_client()
    app.extensions["clipstore"].close()


class Walk:
    """Sends requests as one Alexa user would, carrying session attributes, and checks each answer."""

    def __init__(self, client, token: str) -> None:
        self.client, self.token = client, token
        self.attributes: dict = {}
        self.intents: set[str] = set()
        self.asked: list[str] = []

    def say(self, request: dict, *, new: bool = False, linked: bool = True, **kwargs) -> dict:
        if new:
            self.attributes = {}
        doc = envelope(request, token=self.token if linked else None, new=new, attributes=self.attributes, **kwargs)
        response = post(self.client, doc)
        assert response.status_code == 200, response.get_data(as_text=True)
        answer = response.get_json()
        self.attributes = answer.get("sessionAttributes") or {}
        if request["type"] == "IntentRequest":
            self.intents.add(request["intent"]["name"])
        self.check(request, answer["response"])
        return answer["response"]

    def check(self, request: dict, response: dict) -> None:
        label = request.get("intent", {}).get("name", request["type"])
        directives = [d["type"] for d in response.get("directives") or []]
        if request["type"] == "SessionEndedRequest":
            assert "outputSpeech" not in response and not directives and "reprompt" not in response, response
            return
        text = response.get("outputSpeech", {}).get("ssml", "").removeprefix("<speak>").removesuffix("</speak>")
        if ASKS.search(text):
            self.asked.append(text)
            reprompt = response.get("reprompt", {}).get("outputSpeech", {}).get("ssml", "")
            assert response.get("shouldEndSession") is False and len(reprompt) > len("<speak></speak>"), (
                label,
                text,
                response,
            )
        elif any(d.startswith("Alexa.Presentation.APL.") for d in directives):
            assert "shouldEndSession" not in response and "reprompt" not in response, (label, response)
        else:
            assert response.get("shouldEndSession") is True, (label, text, response)


def test_every_reply_that_asks_waits_and_every_other_ends(client):
    from testkit.alexa_requests import LINK_TOKEN

    walk = Walk(client, LINK_TOKEN)
    walk.say({"type": "LaunchRequest"}, new=True)
    walk.say({"type": "SessionEndedRequest", "reason": "USER_INITIATED"})
    walk.say({"type": "LaunchRequest"}, new=True, linked=False)  # LinkAccount card, ends
    walk.say(intent("ListClipsIntent"), new=True, linked=False)
    # Paths that ask.
    walk.say(intent("AMAZON.FallbackIntent"), new=True)
    walk.say(intent("SomethingElseIntent"), new=True)
    walk.say(intent("AMAZON.HelpIntent"), new=True)
    walk.say(
        intent("SetRecordingIntent", {"state": slot("state", "stop", static=[("off", "off")], type_name="STATE")}),
        new=True,
    )
    walk.say(intent("SetRecordingIntent", {"camera": FRONT_DOOR}), new=True)
    walk.say(intent("SetRetentionIntent"), new=True)
    walk.say(intent("ShareClipIntent", THIS), new=True)
    walk.say(intent("DeleteClipsIntent", THIS), new=True)
    walk.say(intent("ShowClipIntent", NEXT), new=True)
    walk.say(intent("ShowClipIntent", THIS), new=True)
    walk.say(intent("ListClipsIntent"), new=True)  # more than three: "Say show the next one ..."
    walk.say(intent("DeleteClipsIntent", {"camera": FRONT_DOOR, "date": slot("date", TODAY)}), new=True)
    walk.say(intent("DeleteClipsIntent", {"camera": FRONT_DOOR, "date": slot("date", TODAY)}, "DENIED"))
    walk.say(intent("ShareClipIntent", LATEST), new=True)
    walk.say(intent("ShareClipIntent", LATEST, "CONFIRMED"))
    walk.say(intent("SetRetentionIntent", {"days": slot("days", "1")}), new=True)  # shortening asks first
    walk.say(intent("AMAZON.NoIntent"))
    # Paths that answer and end, or show a clip and stay open without the microphone.
    walk.say(intent("CountClipsIntent", {"date": slot("date", TODAY)}), new=True)
    walk.say(intent("ListClipsIntent", {"camera": FRONT_DOOR, "date": slot("date", "2020-01-01")}), new=True)
    walk.say(intent("ShowClipIntent", LATEST), new=True)  # no screen: a card
    walk.say(intent("ShowClipIntent", LATEST), new=True, apl=True, video=False)  # a screen without video: a card
    shown = walk.say(intent("ShowClipIntent", LATEST), new=True, apl=True)
    assert shown["directives"][0]["type"] == "Alexa.Presentation.APL.RenderDocument"
    paused = walk.say(intent("AMAZON.PauseIntent"), apl=True, showing=APL_TOKEN)
    assert paused["directives"][0]["commands"] == [
        {"type": "ControlMedia", "componentId": "clipVideo", "command": "pause"}
    ]
    resumed = walk.say(intent("AMAZON.ResumeIntent"), apl=True, showing=APL_TOKEN)
    assert resumed["directives"][0]["commands"][0]["command"] == "play"
    walk.say(intent("AMAZON.PauseIntent"), new=True)  # nothing on a screen: said, and the session ends
    walk.say(intent("ShowClipIntent", NEXT), apl=True)
    walk.say(intent("DeleteClipsIntent", {"camera": FRONT_DOOR, "date": slot("date", TODAY)}, "CONFIRMED"), new=True)
    walk.say(intent("RestoreClipsIntent"), new=True)
    walk.say(intent("RestoreClipsIntent"), new=True)  # nothing left to bring back
    walk.say(intent("RevokeSharesIntent"), new=True)
    walk.say(intent("AccessLogIntent"), new=True)
    walk.say(
        intent(
            "SetRecordingIntent",
            {"camera": FRONT_DOOR, "state": slot("state", "stop", static=[("off", "off")], type_name="STATE")},
        ),
        new=True,
    )
    walk.say(intent("SetRetentionIntent", {"days": slot("days", "90")}), new=True)
    walk.say(intent("RetentionInfoIntent"), new=True)
    walk.say(intent("CameraStatusIntent", {"camera": FRONT_DOOR}), new=True)
    walk.say(intent("AMAZON.YesIntent"), new=True)  # nothing waiting for a yes
    walk.say(intent("AMAZON.StopIntent"), new=True)
    walk.say(intent("AMAZON.CancelIntent"), new=True)
    walk.say(intent("AMAZON.NavigateHomeIntent"), new=True)
    walk.say({"type": "SessionEndedRequest", "reason": "EXCEEDED_MAX_REPROMPTS"}, new=True)
    # With a voice code: the yes is followed by "What's your voice code?", which waits too.
    store = client.application.extensions["clipstore"]
    store.voice_codes.set(store.households.all()[0].id, "2580")
    code = {"code": slot("code", "1111")}
    walk.say(intent("VoiceCodeIntent", code), new=True)  # nothing waiting for a code: ends
    walk.say(intent("DeleteClipsIntent", {"date": slot("date", TODAY)}, "CONFIRMED"), new=True)
    walk.say(intent("VoiceCodeIntent", code))  # wrong: asks again
    walk.say(intent("VoiceCodeIntent", {"code": slot("code", "2580")}))  # right: done, ends
    walk.say(
        intent(
            "SetRecordingIntent",
            {"camera": FRONT_DOOR, "state": slot("state", "resume", static=[("on", "on")], type_name="STATE")},
        ),
        new=True,
    )  # with a code, recording changes ask first
    walk.say(intent("AMAZON.YesIntent"))
    walk.say(intent("AMAZON.CancelIntent"))

    # Every handler of the intent layer was walked, through its Alexa intent.
    alexa_names = {**{f"{v}Intent": v for v in CUSTOM_INTENTS.values()}, **BUILTIN_INTENTS}
    walked = {alexa_names.get(name) for name in walk.intents}
    assert set(HANDLERS) <= walked, set(HANDLERS) - walked
    assert len(walk.asked) >= 16, walk.asked
