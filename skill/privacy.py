"""`GET /privacy`: the privacy policy as a page, made from the promises of docs/privacy.md (one source).

The skill manifest points Alexa's certification and the Alexa app here (`privacyPolicyUrl`). Each promise of
docs/privacy.md has a test; the page shows the promises in plain words, without the test names.
"""

from __future__ import annotations

import html
import logging
import re
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Flask, current_app

logger = logging.getLogger(__name__)

bp = Blueprint("privacy", __name__)

PROMISES = Path(__file__).parent / "privacy.md"
"""docs/privacy.md, which the package carries (skill/privacy.md links to it, and a wheel holds its text)."""
_CODE = re.compile(r"`([^`]*)`")

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Privacy · Home Clips</title>
<style>body{{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}
li{{margin:.4rem 0}}</style></head>
<body><h1>Home Clips privacy policy</h1>
<p>Home Clips keeps your camera clips on the server your household runs. Nobody at Home Clips receives your
clips, and no one else does unless you share one. This is what the server promises; each promise is checked by
an automated test before every release.</p>
<h2>When you use the Alexa skill</h2>
<ul>
<li>Amazon hears what you say to Alexa and the answers it speaks, as for any skill. On a device with a screen,
Alexa fetches the clip you asked to see through a signed link that expires after an hour; the Alexa app card
shows its thumbnail through a link that expires after a day.</li>
<li>Linking the skill gives Alexa a key of its own that can do the voice requests and nothing else. It never
gets your household token. You can unlink Alexa at any time on the settings page; it stops working at once.</li>
<li>With a voice code set, deleting, sharing, turning recording on or off and keeping clips for less time
also need the code. It is stored only as a salted hash and never spoken back.</li>
</ul>
<h2>What the server promises</h2>
<ul>
{promises}
</ul>
</body></html>
"""


@lru_cache(maxsize=1)
def promises(path: Path = PROMISES) -> tuple[str, ...]:
    """The promise column of docs/privacy.md's promise table (the one headed "promise"), in order."""
    found, inside = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|"):
            if inside:
                break  # the table ended
            continue
        if cells[0] == "promise":
            inside = True
        elif inside and len(cells) >= 2 and cells[0] and not set(cells[0]) <= {"-"}:
            found.append(cells[0])
    return tuple(found)


def _plain(text: str) -> str:
    return html.escape(_CODE.sub(r"\1", text))


@bp.get("/privacy")
def privacy_page():
    """The privacy policy (public: no sign-in)."""
    body = _PAGE.format(promises="\n".join(f"<li>{_plain(p)}</li>" for p in promises()))
    response = current_app.response_class(body, mimetype="text/html")
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def init_app(app: Flask) -> None:
    """Register `/privacy`."""
    app.register_blueprint(bp)
