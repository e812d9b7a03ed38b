"""Who is calling the intent API: a program with the household's bearer token, or the web page's own session.

The page's command box talks to `POST /api/intent` with the browser's session cookie. A cookie alone is not
enough (another site could make the browser send it): the call must also carry the session's CSRF token in the
`X-CSRF-Token` header, which only the page's own script can read (from its forms) and set. Turns that come from
the page are audited on the `web` channel, as everything else the page does.
"""

from __future__ import annotations

import functools
import hmac
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from flask import g, request, session
from flask.typing import ResponseReturnValue

from ..errors import json_error
from .auth import bearer_token, current_store, require_token, unauthorized

logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

CSRF_HEADER = "X-CSRF-Token"


def _page_session() -> bool:
    """Load the signed-in page's member into `g.home` (the web channel); False when there is none."""
    caller = current_store().access.session(session.get("sid"))
    if caller is None:
        return False
    g.home = current_store().home(caller)
    return True


def _csrf_ok() -> bool:
    expected, given = session.get("csrf"), request.headers.get(CSRF_HEADER, "")
    return isinstance(expected, str) and bool(expected) and hmac.compare_digest(expected.encode(), given.encode())


def require_caller(view: F) -> F:
    """Decorator: a bearer token (as `require_token`), or else the page's signed-in session with its CSRF token.

    The view then reads `home()` (the caller's household through the store's door, channel "api" or "web").
    """
    by_token = require_token(view)

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        from_page = "sid" in session or CSRF_HEADER in request.headers
        if bearer_token() is not None or not from_page:
            return by_token(*args, **kwargs)
        if not _page_session():
            return unauthorized("you are signed out: sign in on the page again")
        if not _csrf_ok():
            logger.info("refused a page call to %s without a valid CSRF token", request.path)
            return json_error(f"the page's call needs its {CSRF_HEADER} header: reload the page", 403)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
