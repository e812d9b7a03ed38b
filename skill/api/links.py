"""Alexa links of the household: list them and revoke one (`/api/alexa/links`)."""

from __future__ import annotations

import logging

from flask import Blueprint
from flask.typing import ResponseReturnValue

from .auth import home, require_token

logger = logging.getLogger(__name__)

bp = Blueprint("alexa_links", __name__)


@bp.get("/api/alexa/links")
@require_token
def list_links() -> ResponseReturnValue:
    """The household's Alexa links that still work (each its own credential for the voice actions).
    ---
    get:
      responses:
        200:
          description: Every live link, newest first.
          content:
            application/json:
              schema:
                type: object
                required: [links]
                properties:
                  links:
                    type: array
                    items:
                      type: object
                      required: [id, created_at]
                      properties:
                        id: {type: string}
                        created_at: {type: string, format: date-time}
                        last_used_at: {type: string, format: date-time, nullable: true}
                        revoked_at: {type: string, format: date-time, nullable: true}
                        approved_by: {type: string, description: The member who linked Alexa}
                        scope: {type: string}
        401: Unauthorized
    """
    return {"links": [link.to_dict() for link in home().settings.alexa_links()]}


@bp.delete("/api/alexa/links/<link_id>")
@require_token
def revoke_link(link_id: str) -> ResponseReturnValue:
    """Unlink Alexa: the link's tokens stop working at once; Alexa then asks the person to link again.
    ---
    delete:
      responses:
        200:
          description: The link, now revoked.
          content: {application/json: {schema: {type: object, required: [id, revoked_at]}}}
        400: BadRequest
        401: Unauthorized
        404: NotFound
    """
    link = home().settings.revoke_alexa_link(link_id[:64])
    logger.info("household %s revoked Alexa link %s through the API", home().household_id, link.id)
    return link.to_dict()
