"""Debian's Chromium, headless, driven by Playwright: launching it, signing in to the page, waiting under the CSP.

The page's Content-Security-Policy forbids eval, which Playwright's `wait_for_function` polling needs, so waits are
promises evaluated in the page instead (the CSP stays on: the tests prove the page works under it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000


def fake_microphone(wav: str) -> tuple[str, ...]:
    """Chromium's arguments for a microphone that plays `wav` once (then silence) from when it is opened, with
    the permission granted as if a person had clicked Allow."""
    return (
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}%noloop",
    )


def missing_chromium() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if os.access(CHROMIUM, os.X_OK):
        return None
    return f"{CHROMIUM} is missing: run scripts/setup.sh --test as root (apt-get install chromium)"


@contextmanager
def playwright() -> Iterator[Any]:
    """Playwright's sync API for the block (one at a time: browsers are launched from it with `launch`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as running:
        yield running


@contextmanager
def launch(running: Any, extra_args: Sequence[str] = ()) -> Iterator[Any]:
    """A headless Chromium (never a downloaded one) for the duration of the block."""
    browser = running.chromium.launch(executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *extra_args])
    try:
        yield browser
    finally:
        browser.close()


def new_page(browser: Any, viewport: dict = DESKTOP, **options: Any) -> Any:
    """A page in a fresh context (its own cookies and storage)."""
    phone = viewport == PHONE
    context = browser.new_context(viewport=viewport, device_scale_factor=1, is_mobile=phone, has_touch=phone, **options)
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def sign_in(page: Any, base: str, token: str) -> None:
    """Sign in on the page's own form, as a person would."""
    page.goto(f"{base}/")
    page.get_by_text("Sign in with an access token instead").click()
    page.get_by_label("Access token").fill(token)
    page.get_by_role("button", name="Sign in with the token").click()
    page.wait_for_url(f"{base}/")


WAIT_FOR = """async () => {
    const deadline = Date.now() + %d;
    while (!(%s)) {
        if (Date.now() > deadline) throw new Error("timed out waiting for: %s");
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return true;
}"""


def wait_for(page: Any, test: str, timeout_ms: int = TIMEOUT_MS) -> None:
    """Wait until the JavaScript expression `test` (no double quotes) is true in the page."""
    page.evaluate(WAIT_FOR % (timeout_ms, test, test))
