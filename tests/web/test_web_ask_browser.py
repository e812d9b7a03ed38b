"""The command box in real Chromium (headless) against a real server on 127.0.0.1: typed questions with the
keyboard alone, a follow-up in the same conversation, a delete with its yes, and push to talk through Chromium's
fake microphone fed with a WAV of synthesised speech."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from clipstore import ClipQuery
from testkit import browser as pw

SAID = "show me the latest garage clip"
COUNT_CALLS = """(() => {
    window.__microphone = {calls: 0, streams: []};
    const devices = navigator.mediaDevices;
    if (!devices || !devices.getUserMedia) return;
    const original = devices.getUserMedia.bind(devices);
    devices.getUserMedia = async (constraints) => {
        window.__microphone.calls += 1;
        const stream = await original(constraints);
        window.__microphone.streams.push(stream);
        return stream;
    };
})();"""


@pytest.fixture(scope="module")
def chromium_with_mic(playwright, spoken) -> Iterator:
    """Chromium whose microphone says SAID once when it is opened (0.8 s of silence before and after)."""
    with pw.launch(playwright, pw.fake_microphone(str(spoken(SAID)))) as browser:
        yield browser


def _answer(page) -> str:
    return page.locator("#answer").inner_text().strip()


def _tab_to(page, element_id: str) -> None:
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} cannot be reached with the Tab key")


def _ask(page, text: str, expect: str) -> None:
    """Type a question into the focused box, press Enter, wait until the answer starts with `expect`."""
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    pw.wait_for(page, f"document.getElementById('answer').textContent.startsWith('{expect}')")


def test_typed_question_follow_up_and_delete_with_its_yes_by_keyboard(chromium, server, web_demo):
    hid, store = web_demo.household.id, web_demo.store
    page = pw.new_page(chromium)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pw.sign_in(page, server, web_demo.token)
    assert page.locator("#answer").get_attribute("aria-live") == "polite"

    _tab_to(page, "ask-text")
    _ask(page, "how many clips from the garage", "You have")
    garage = web_demo.clip_ids(camera="garage")
    assert _answer(page) == f"You have {len(garage)} clips from the garage."
    assert page.locator("#ask-heard").inner_text() == "You asked: “how many clips from the garage”"
    assert page.evaluate("document.activeElement.id") == "ask-text"  # ready for the next question

    _ask(page, "show me the latest garage clip", "Here")
    assert page.locator("#ask-player video").get_attribute("src") == f"/clips/{garage[0]}/video.mp4"
    pw.wait_for(page, "document.querySelector('#ask-player video').readyState >= 1")  # the page's player loads it

    _ask(page, "delete it", "Delete the garage clip")  # a follow-up: "it" is the clip just shown
    buttons = page.locator("#ask-actions button")
    assert buttons.all_inner_texts() == ["Yes", "No"]
    assert page.evaluate("document.activeElement.textContent") == "No"  # the safe choice has the focus
    assert store.clips.count(hid, ClipQuery(ids=(garage[0],))) == 1
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent") == "Yes"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    pw.wait_for(page, "document.getElementById('answer').textContent.startsWith('Done. I deleted 1 clip')")
    assert store.clips.count(hid, ClipQuery(ids=(garage[0],))) == 0
    assert "You can bring it back" in page.locator(".undo-bar").inner_text()  # the page shows the change too
    assert page.locator(f'a.clip-card[href^="/clips/{garage[0]}"]').count() == 0
    assert not errors, errors
    page.context.close()


def test_push_to_talk_with_a_fake_microphone(chromium_with_mic, server, web_demo):
    page = pw.new_page(chromium_with_mic, permissions=["microphone"])
    page.add_init_script(COUNT_CALLS)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pw.sign_in(page, server, web_demo.token)
    mic = page.locator("#ask-mic")
    assert mic.is_visible() and mic.inner_text().strip() == "Talk"
    assert page.evaluate("window.__microphone.calls") == 0  # nothing is recorded before the press

    _tab_to(page, "ask-mic")
    page.keyboard.press("Enter")  # first press: start
    pw.wait_for(page, "document.getElementById('ask-mic').textContent.trim() === 'Send'")
    assert page.evaluate("window.__microphone.calls") == 1
    assert _answer(page).startswith("Listening")
    page.wait_for_timeout(4_500)  # the fake microphone plays the recording: 0.8 s + speech + 0.8 s
    page.keyboard.press("Enter")  # second press: send
    pw.wait_for(page, "document.getElementById('answer').textContent.startsWith('Here')", timeout_ms=60_000)
    assert page.locator("#ask-heard").inner_text() == f"You said: “{SAID}”"
    garage = web_demo.clip_ids(camera="garage")
    assert page.locator("#ask-player video").get_attribute("src") == f"/clips/{garage[0]}/video.mp4"
    assert page.evaluate("window.__microphone.streams.every(s => s.getTracks().every(t => t.readyState === 'ended'))")
    assert mic.inner_text().strip() == "Talk"
    [view] = web_demo.store.audit.events(web_demo.household.id, action="view", limit=1)
    assert (view.channel, view.clip_id) == ("web", garage[0])
    assert not errors, errors
    page.context.close()


def test_a_clear_message_without_a_microphone_or_permission(chromium, server, web_demo):
    refused = pw.new_page(chromium)  # no fake device, no permission granted: the browser refuses
    pw.sign_in(refused, server, web_demo.token)
    refused.locator("#ask-mic").click()
    pw.wait_for(refused, "document.getElementById('answer').textContent.includes('type your question')")
    assert "microphone" in _answer(refused).lower()
    assert refused.locator("#ask-mic").inner_text().strip() == "Talk"  # nothing is recording
    refused.context.close()

    insecure = pw.new_page(chromium)  # as over plain http from another machine: no getUserMedia at all
    insecure.add_init_script("Object.defineProperty(navigator, 'mediaDevices', {value: undefined});")
    pw.sign_in(insecure, server, web_demo.token)
    insecure.locator("#ask-mic").click()
    pw.wait_for(insecure, "document.getElementById('answer').textContent.startsWith('Talking needs a secure')")
    insecure.context.close()
