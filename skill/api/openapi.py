"""The OpenAPI 3 document of every `/api` route, built from the views' docstrings (YAML after `---`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from apispec import APISpec
from apispec_webframeworks.flask import FlaskPlugin
from flask import Blueprint, Flask, current_app
from flask.typing import ResponseReturnValue
from werkzeug.routing import Rule

from .openapi_parts import PATH_PARAMS, QUERY_PARAMS, RESPONSES, SCHEMAS

logger = logging.getLogger(__name__)

bp = Blueprint("openapi", __name__)

_CACHE_KEY = "clipstore.openapi"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class _RulePlugin(FlaskPlugin):
    """FlaskPlugin that documents a given URL rule (Flask allows several rules per view)."""

    def path_helper(
        self,
        path: str | None = None,
        operations: dict | None = None,
        parameters: list[dict] | None = None,
        *,
        view: Callable[..., Any] | None = None,
        app: Flask | None = None,
        rule: Rule | None = None,
        **kwargs: Any,
    ) -> str | None:
        found = super().path_helper(path, operations, parameters, view=view, app=app, **kwargs)
        return self.flaskpath2openapi(rule.rule) if rule is not None else found


def _defaults(rule: Rule, view: Callable[..., Any]) -> dict[str, dict]:
    """A minimal operation per HTTP method of a rule (docstring YAML overrides it)."""
    doc = (view.__doc__ or "").strip().splitlines()
    summary = doc[0].strip() if doc and doc[0].strip() != "---" else rule.endpoint
    tag = rule.endpoint.split(".")[0] if "." in rule.endpoint else "api"
    methods = sorted(m.lower() for m in rule.methods or () if m not in ("HEAD", "OPTIONS"))
    return {
        m: {
            "summary": summary,
            "tags": [tag],
            "operationId": f"{rule.endpoint}.{m}" if len(methods) > 1 else rule.endpoint,
            "responses": {"default": {"description": "See the summary."}},
        }
        for m in methods
    }


def build_spec(app: Flask) -> dict:
    """Build the document for every rule under /api that the app has now."""
    spec = APISpec(
        title="Home clips API",
        version="1.0.0",
        openapi_version="3.0.3",
        plugins=[_RulePlugin()],
        info={
            "description": "Clips, cameras and settings of one household. Every call needs "
            '`Authorization: Bearer TOKEN`; errors are `{"error": ...}` with a 4xx status.'
        },
        security=[{"bearerAuth": []}],
    )
    spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "The household's API token."}
    )
    for name, schema in SCHEMAS.items():
        spec.components.schema(name, schema)
    for name, param in QUERY_PARAMS.items():
        spec.components.parameter(name, "query", {"name": name, **param})  # "name" in param wins
    for name, response in RESPONSES.items():
        spec.components.response(name, response)
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if not (rule.rule == "/api" or rule.rule.startswith("/api/")):
            continue
        view = app.view_functions[rule.endpoint]
        path_params = [
            {"name": arg, "in": "path", "required": True, **PATH_PARAMS.get(arg, {"schema": {"type": "string"}})}
            for arg in sorted(rule.arguments)
        ]
        spec.path(view=view, app=app, rule=rule, operations=_defaults(rule, view), parameters=path_params)
    doc = spec.to_dict()
    _fill_in(doc, app)
    return doc


def _fill_in(doc: dict, app: Flask) -> None:
    """Give every documented operation a summary, tag and operationId; drop methods a rule lacks."""
    for path, item in doc.get("paths", {}).items():
        flask_rules = [r for r in app.url_map.iter_rules() if FlaskPlugin.flaskpath2openapi(r.rule) == path]
        allowed = {m.lower() for r in flask_rules for m in r.methods or ()}
        for method in [m for m in _METHODS if m in item]:
            if method not in allowed:
                del item[method]
                continue
            rule = next(r for r in flask_rules if method.upper() in (r.methods or ()))
            view = app.view_functions[rule.endpoint]
            for key, value in _defaults(rule, view).get(method, {}).items():
                if key != "responses":
                    item[method].setdefault(key, value)


def openapi_document(app: Flask) -> dict:
    """The app's document, built on first use and cached."""
    doc = app.extensions.get(_CACHE_KEY)
    if doc is None:
        doc = build_spec(app)
        app.extensions[_CACHE_KEY] = doc
    return doc


@bp.get("/api/openapi.json")
def openapi_json() -> ResponseReturnValue:
    """This OpenAPI document.
    ---
    get:
      security: []
      responses:
        200: {description: The OpenAPI 3 document, content: {application/json: {schema: {type: object}}}}
    """
    return openapi_document(current_app._get_current_object())  # type: ignore[attr-defined]
