"""The OAuth 2.0 authorization server for Alexa account linking (Authlib), over the store's link repository.

Authorization-code grant with refresh tokens (docs/interface.md §4). The one client is Alexa, configured by
`ALEXA_CLIENT_ID` and `ALEXA_CLIENT_SECRET` (app config first, then the environment); it authenticates at the
token endpoint with HTTP Basic or with the secret in the body. Redirects go only to Amazon's account-linking
URIs. Access tokens last an hour; the refresh token lasts until the household revokes the link (Alexa is a
confidential client: a refresh also needs the client secret).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.integrations.flask_oauth2.requests import FlaskOAuth2Payload, FlaskOAuth2Request
from authlib.oauth2.rfc6749 import AuthorizationCodeMixin, ClientMixin, OAuth2Request, TokenMixin
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant, RefreshTokenGrant
from flask import Flask, Request, current_app

from clipstore import ACCESS_TTL_S, AlexaLink, ClipStore, LinkCode, same_secret

logger = logging.getLogger(__name__)

AMAZON_REDIRECT_HOSTS = ("pitangui.amazon.com", "layla.amazon.com", "alexa.amazon.co.jp")
REDIRECT_PATH_PREFIX = "/api/skill/link/"
VENDOR_ID = re.compile(r"[A-Z0-9]{6,32}")
"""What an Amazon vendor id looks like (e.g. M2AAAAAAAAAAAA): the last part of the redirect path."""
SCOPE = "voice"
"""The one scope: the voice actions of the skill (nothing of the clip API)."""
AUTH_METHODS = ["client_secret_basic", "client_secret_post"]


def _normalised(uri: str) -> str | None:
    """`https://host/path` with the host in lower case and the default port dropped; None for anything that is
    not a plain https URL (user info, a query, a fragment, a percent escape, a backslash, a non-default port)."""
    if not uri or len(uri) > 2000 or any(ch in uri for ch in "%\\@?#") or not uri.isascii():
        return None
    try:
        parts = urlsplit(uri)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() != "https" or port not in (None, 443) or not parts.hostname:
        return None
    return f"https://{parts.hostname.lower()}{parts.path}"


def allowed_redirect(uri: str | None, vendor_id: str | None = None) -> bool:
    """True only for Amazon's account-linking redirect URIs: `https://{host}/api/skill/link/{vendor id}` for the
    three Amazon hosts, compared exactly after normalising (case, default port). With `vendor_id` (the
    configured `ALEXA_VENDOR_ID`) only that vendor's; without it, any vendor id (upper-case letters and digits)."""
    normal = _normalised(uri or "")
    if normal is None:
        return False
    for host in AMAZON_REDIRECT_HOSTS:
        prefix = f"https://{host}{REDIRECT_PATH_PREFIX}"
        if normal.startswith(prefix):
            vendor = normal[len(prefix) :]
            return vendor == vendor_id if vendor_id else VENDOR_ID.fullmatch(vendor) is not None
    return False


def setting(app: Flask, name: str) -> str | None:
    """A setting from the app config (which `Settings` fills from the environment); None when empty."""
    value = app.config.get(name)
    return (str(value).strip() or None) if value is not None else None


@dataclass(frozen=True)
class AlexaClient(ClientMixin):
    """Alexa, as the one OAuth client."""

    client_id: str
    client_secret: str

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> None:
        return None  # Alexa always sends its redirect_uri

    def get_allowed_scope(self, scope: str | None) -> str:
        return SCOPE  # whatever is asked, a link can do the voice actions and nothing else

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return allowed_redirect(redirect_uri, vendor_id())

    def check_client_secret(self, client_secret: str) -> bool:
        return same_secret(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint == "token" and method in AUTH_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in ("authorization_code", "refresh_token")


@dataclass(frozen=True)
class LinkUser:
    """The resource owner: a household, signed in on the link page with one of its tokens."""

    household_id: int
    actor: str

    def get_user_id(self) -> int:
        return self.household_id


@dataclass(frozen=True)
class IssuedCode(AuthorizationCodeMixin):
    """A stored authorization code as Authlib sees it."""

    code: LinkCode

    def get_redirect_uri(self) -> str:
        return self.code.redirect_uri

    def get_scope(self) -> str:
        return self.code.scope


@dataclass(frozen=True)
class RefreshCredential(TokenMixin):
    """A refresh token's link as Authlib sees it."""

    link: AlexaLink

    def check_client(self, client: ClientMixin) -> bool:
        return same_secret(client.get_client_id(), self.link.client_id)

    def get_scope(self) -> str:
        return self.link.scope

    def get_expires_in(self) -> int:
        return 0

    def is_expired(self) -> bool:
        return False

    def is_revoked(self) -> bool:
        return self.link.revoked_at is not None


def _store() -> ClipStore:
    return current_app.extensions["clipstore"]


class CodeGrant(AuthorizationCodeGrant):
    """Authorization codes kept (hashed) in the store, single use, five minutes."""

    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS

    def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
        user: LinkUser = request.user
        _store().access.save_link_code(
            code,
            user.household_id,
            user.actor,
            client_id=request.client.get_client_id(),
            redirect_uri=request.payload.redirect_uri,
            scope=request.scope or SCOPE,
        )

    def query_authorization_code(self, code: str, client: ClientMixin) -> IssuedCode | None:
        """The code, taken from the store as it is read (atomic: parallel exchanges can't both redeem it)."""
        found = _store().access.redeem_link_code(code, client.get_client_id())
        return IssuedCode(found) if found else None

    def delete_authorization_code(self, authorization_code: IssuedCode) -> None:
        """Nothing left to do: `query_authorization_code` already took the code."""

    def authenticate_user(self, authorization_code: IssuedCode) -> LinkUser:
        return LinkUser(authorization_code.code.household_id, authorization_code.code.actor)


class RefreshGrant(RefreshTokenGrant):
    """A refresh gives a new access token; the refresh token itself stays until the link is revoked."""

    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS
    INCLUDE_NEW_REFRESH_TOKEN = False

    def authenticate_refresh_token(self, refresh_token: str) -> RefreshCredential | None:
        link = _store().access.alexa_link_by_refresh_token(refresh_token)
        return RefreshCredential(link) if link else None

    def authenticate_user(self, refresh_token: RefreshCredential) -> LinkUser:
        return LinkUser(refresh_token.link.household_id, refresh_token.link.actor)

    def revoke_old_credential(self, refresh_token: RefreshCredential) -> None:
        """Nothing to retire: the refresh token lives as long as the link."""


class PublicUrlRequest(FlaskOAuth2Request):
    """The request as the world sees it: behind an https proxy, `PUBLIC_URL` is the scheme and host."""

    def __init__(self, request: Request, public_url: str) -> None:
        OAuth2Request.__init__(self, method=request.method, uri=public_url + request.full_path, headers=request.headers)
        self._request = request
        self.payload = FlaskOAuth2Payload(request)


class LinkServer(AuthorizationServer):
    """Authlib's Flask authorization server with the link repository as its storage."""

    def create_oauth2_request(self, request: object) -> FlaskOAuth2Request:
        from flask import request as flask_request

        public = current_app.config.get("PUBLIC_URL") or ""
        if public.startswith("https://"):
            return PublicUrlRequest(flask_request, public.rstrip("/"))
        return super().create_oauth2_request(request)


def vendor_id() -> str | None:
    """The Amazon vendor id whose skill may receive codes (`ALEXA_VENDOR_ID`), or None: any vendor's."""
    return setting(current_app, "ALEXA_VENDOR_ID")


def query_client(client_id: str) -> AlexaClient | None:
    """Alexa, if `client_id` is the configured one (and a secret is configured)."""
    expected, secret = setting(current_app, "ALEXA_CLIENT_ID"), setting(current_app, "ALEXA_CLIENT_SECRET")
    if not expected or not secret or not same_secret(client_id, expected):
        return None
    return AlexaClient(expected, secret)


def save_token(token: dict, request: OAuth2Request) -> None:
    """Store the tokens Authlib issued: a new link for a code, a new access token for a refresh; audited."""
    access = _store().access
    expires_in = int(token.get("expires_in") or ACCESS_TTL_S)
    if request.payload.grant_type == "refresh_token":
        link = request.refresh_token.link
        access.refresh_alexa_link(link, token["access_token"], token.get("refresh_token"), expires_in)
        logger.info("Alexa link %s refreshed its access token", link.id)
        return
    user: LinkUser = request.user
    link = access.create_alexa_link(
        user.household_id,
        user.actor,
        client_id=request.client.get_client_id(),
        scope=token.get("scope") or SCOPE,
        access_token=token["access_token"],
        refresh_token=token.get("refresh_token"),
        expires_in=expires_in,
    )
    logger.info("household %s linked Alexa (link %s)", user.household_id, link.id)


def build_server(app: Flask) -> LinkServer:
    """The authorization server for `app`, with both grants."""
    server = LinkServer()
    server.init_app(app, query_client=query_client, save_token=save_token)
    server.load_config(
        {
            "OAUTH2_REFRESH_TOKEN_GENERATOR": True,
            "OAUTH2_TOKEN_EXPIRES_IN": {"authorization_code": ACCESS_TTL_S, "refresh_token": ACCESS_TTL_S},
        }
    )
    server.register_grant(CodeGrant)
    server.register_grant(RefreshGrant)
    return server
