"""Account linking pages: `GET/POST /alexa/link` (authorization) and `POST /alexa/token` (docs/interface.md §4).

Alexa opens `/alexa/link?response_type=code&client_id=...&redirect_uri=...&state=...&scope=voice` in the
Alexa app. The person signs in with the household token (checked by the clip store, the token goes nowhere
else); the page then sends the browser to Amazon's redirect URI with a one-time code, which Amazon exchanges
at `/alexa/token` for the link's own access and refresh tokens (see `oauth`).

The page's Content-Security-Policy allows the form to lead to Amazon's redirect URI and nowhere else:
browsers apply `form-action` to the redirect that follows a form post, so `'self'` alone blocks linking.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from authlib.oauth2 import OAuth2Error
from flask import Blueprint, Flask, current_app, jsonify, render_template, request

from .oauth import LinkServer, LinkUser, allowed_redirect, build_server, vendor_id

logger = logging.getLogger(__name__)

bp = Blueprint("alexa_linking", __name__, template_folder="templates")

MAX_TOKEN_BODY = 8 * 1024
NOT_FROM_ALEXA = "This page only works when opened from the Alexa app's Link Account button."

__all__ = ["allowed_redirect", "init_app"]


def _server() -> LinkServer:
    return current_app.extensions["alexa_oauth"]


def _page(status: int = 200, redirect_uri: str | None = None, **context: str | None):
    """The linking page (alexa_link.html, styled like the rest of the site) with its own strict headers."""
    html_text = render_template("alexa_link.html", **{"problem": None, "error": None, "action": "", **context})
    response = current_app.response_class(html_text, status=status, mimetype="text/html")
    origin = ""
    if redirect_uri and allowed_redirect(redirect_uri, vendor_id()):
        parts = urlsplit(redirect_uri)
        origin = f" https://{parts.hostname}"
    response.headers["Content-Security-Policy"] = (
        f"default-src 'none'; style-src 'self'; img-src 'self'; "
        f"form-action 'self'{origin}; frame-ancestors 'none'; "
        "base-uri 'none'"
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _problem(message: str, status: int = 400):
    return _page(status, problem=message)


def _form(redirect_uri: str, error: str = "", status: int = 200):
    return _page(status, redirect_uri, action=request.full_path.rstrip("?"), error=error or None)


@bp.route("/alexa/link", methods=["GET", "POST"])
def link():
    """The authorization page Alexa opens during account linking."""
    if request.method == "POST" and any(key in request.form for key in ("client_id", "redirect_uri", "state")):
        return _problem(NOT_FROM_ALEXA)  # the OAuth parameters travel only in the address, once
    asked = request.args.get("redirect_uri")
    if asked is not None and not allowed_redirect(asked, vendor_id()):
        logger.info("account linking: refused a redirect URI that is not Amazon's for this skill")
        return _problem(NOT_FROM_ALEXA)  # before Authlib, which raises on some of them (a 500)
    try:
        grant = _server().get_consent_grant(end_user=None)
    except ValueError:  # Authlib refusing to describe a malformed parameter in its error
        logger.info("account linking: refused a malformed authorization request")
        return _problem(NOT_FROM_ALEXA)
    except OAuth2Error as error:
        logger.info("account linking: refused an authorization request (%s: %s)", error.error, error.description)
        if error.error == "invalid_client":
            return _problem(
                "Linking to Alexa is not set up on this server yet, or this link is not from the Home "
                "Clips skill. Ask whoever runs your Home Clips server to set it up (ALEXA_CLIENT_ID and "
                "ALEXA_CLIENT_SECRET, docs/alexa.md)."
            )
        return _problem(NOT_FROM_ALEXA)
    redirect_uri = grant.redirect_uri
    if request.method == "GET":
        return _form(redirect_uri)
    if request.form.get("decision") == "deny":
        logger.info("account linking: the person cancelled")
        return _no_store(_server().create_authorization_response(grant=grant, grant_user=None))
    access = current_app.extensions["clipstore"].access
    token = (request.form.get("token") or "").strip()
    name, password = (request.form.get("name") or "").strip(), request.form.get("password") or ""
    found = access.authenticate(token, "web") if token else access.sign_in(name, password) if name else None
    if found is None:
        logger.info("account linking: a wrong sign-in was entered")
        message = (
            "Enter your name and password."
            if not (token or name)
            else "That sign-in is not valid. Check it and try again."
        )
        return _form(redirect_uri, message, 400)
    logger.info("account linking: member %s of household %s approved a link", found.member, found.household_id)
    return _no_store(
        _server().create_authorization_response(grant=grant, grant_user=LinkUser(found.household_id, found.member))
    )


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.post("/alexa/token")
def token():
    """The access-token URI: Amazon exchanges a code, or a refresh token, for an access token."""
    if (request.content_length or 0) > MAX_TOKEN_BODY:
        response = jsonify({"error": "invalid_request", "error_description": "request body too large"})
        response.status_code = 413
        return response
    return _server().create_token_response()


def init_app(app: Flask) -> None:
    """Register the account-linking routes and the authorization server."""
    app.extensions["alexa_oauth"] = build_server(app)
    app.register_blueprint(bp)
