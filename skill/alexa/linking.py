"""Account linking (OAuth 2.0 implicit grant): the household pastes its API token once.

Configure the skill's account linking with "Implicit Grant" and the authorization URI
`{PUBLIC_URL}/alexa/link`. Alexa opens that page in the Alexa app with `state` and
`redirect_uri`; the user enters the household's API token (the same token the clip API uses);
after checking it, the page sends the browser back to Amazon's redirect URI with the token as
`access_token`, which Alexa then puts into every request as `context.System.user.accessToken`.
Only Amazon's own redirect URIs are accepted, so the token can never be sent elsewhere.
"""
from __future__ import annotations

import html
import logging
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, Flask, current_app, redirect, request

logger = logging.getLogger(__name__)

bp = Blueprint("alexa_linking", __name__)

AMAZON_REDIRECT_HOSTS = ("pitangui.amazon.com", "layla.amazon.com", "alexa.amazon.co.jp")
REDIRECT_PATH_PREFIX = "/api/skill/link/"

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Link Home Clips</title>
<style>body{{font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}}
input{{width:100%;padding:.5rem;font-size:1rem}}button{{margin-top:1rem;padding:.5rem 1rem;font-size:1rem}}
.error{{color:#b00020}}</style></head>
<body><h1>Link Home Clips to Alexa</h1>
<p>Enter your household's API token. Alexa will use it to find, show and delete your clips when you ask.</p>
{error}
<form method="post" action="">
<input type="hidden" name="state" value="{state}">
<input type="hidden" name="redirect_uri" value="{redirect_uri}">
<label for="token">API token</label>
<input id="token" name="token" type="password" autocomplete="off" required>
<button type="submit">Link</button>
</form></body></html>
"""


def allowed_redirect(uri: str | None) -> bool:
    """True only for Amazon's account-linking redirect URIs (https, known host, link path)."""
    if not uri:
        return False
    try:
        parts = urlsplit(uri)
        port = parts.port
    except ValueError:
        return False
    return (parts.scheme == "https" and (parts.hostname or "").lower() in AMAZON_REDIRECT_HOSTS
            and port in (None, 443) and parts.path.startswith(REDIRECT_PATH_PREFIX)
            and ".." not in parts.path and not parts.fragment and not parts.username)


def _page(state: str, redirect_uri: str, error: str = "", status: int = 200):
    body = _PAGE.format(state=html.escape(state), redirect_uri=html.escape(redirect_uri),
                        error=f'<p class="error">{html.escape(error)}</p>' if error else "")
    response = current_app.response_class(body, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
    return response


@bp.route("/alexa/link", methods=["GET", "POST"])
def link():
    """The authorization page Alexa opens during account linking."""
    values = request.form if request.method == "POST" else request.args
    state = values.get("state", "")
    redirect_uri = values.get("redirect_uri", "")
    if not allowed_redirect(redirect_uri) or len(state) > 2000:
        return _page("", "", "This page only works when opened from the Alexa app's Link Account button.", 400)
    if request.method == "GET":
        if values.get("response_type", "token") != "token":
            return _page(state, redirect_uri, "Only the implicit grant (response_type=token) is supported.", 400)
        return _page(state, redirect_uri)
    token = (request.form.get("token") or "").strip()
    found = current_app.extensions["clipstore"].households.authenticate(token) if token else None
    if found is None:
        logger.info("account linking: wrong token entered")
        return _page(state, redirect_uri, "That token is not valid. Check it and try again.", 400)
    logger.info("account linking: household %s linked to Alexa", found[0].id)
    fragment = urlencode({"state": state, "access_token": token, "token_type": "Bearer"})
    response = redirect(f"{redirect_uri}#{fragment}", code=302)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def init_app(app: Flask) -> None:
    """Register the account-linking page."""
    app.register_blueprint(bp)
