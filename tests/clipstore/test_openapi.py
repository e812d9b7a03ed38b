"""The OpenAPI document at /api/openapi.json."""

from __future__ import annotations

import json
import re

from clipstore import LABELS
from skill.api.openapi import openapi_document
from skill.app import create_app

METHODS = {"get", "put", "post", "delete", "patch"}


def _flask_operations(app) -> set[tuple[str, str]]:
    ops = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
            ops |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    return ops


def _doc_operations(doc: dict) -> set[tuple[str, str]]:
    return {(path, m) for path, item in doc["paths"].items() for m in item if m in METHODS}


def _resolve(doc: dict, ref: dict) -> dict:
    if "$ref" not in ref:
        return ref
    node = doc
    for part in ref["$ref"].lstrip("#/").split("/"):
        node = node[part]
    return node


def test_every_api_route_is_documented(client, app):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.is_json
    doc = response.json
    assert doc["openapi"].startswith("3.")
    assert _doc_operations(doc) == _flask_operations(app)
    for path in (
        "/api/clips",
        "/api/clips/count",
        "/api/clips/{clip_id}",
        "/api/clips/{clip_id}/video",
        "/api/clips/{clip_id}/thumbnail",
        "/api/cameras",
        "/api/cameras/{camera_id}",
        "/api/household",
    ):
        assert path in doc["paths"]
    for path, method in _doc_operations(doc):
        operation = doc["paths"][path][method]
        assert operation["responses"] and operation["summary"] and operation["operationId"]


def test_security_parameters_and_schemas(client):
    doc = client.get("/api/openapi.json").json
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "The household's API token.",
    }
    assert doc["security"] == [{"bearerAuth": []}]
    assert doc["paths"]["/api/openapi.json"]["get"]["security"] == []
    params = {p["name"]: p for p in (_resolve(doc, p) for p in doc["paths"]["/api/clips"]["get"]["parameters"])}
    assert params["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}
    assert params["label"]["schema"]["enum"] == list(LABELS)
    assert params["after"]["schema"]["format"] == "date-time" and params["after"]["in"] == "query"
    path_params = doc["paths"]["/api/clips/{clip_id}"]["parameters"]
    assert path_params[0]["name"] == "clip_id" and path_params[0]["required"] is True
    ok = doc["paths"]["/api/clips"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert _resolve(doc, ok)["properties"]["clips"]["items"] == {"$ref": "#/components/schemas/Clip"}
    assert _resolve(doc, doc["paths"]["/api/clips"]["get"]["responses"]["401"])["description"]
    for ref in json.dumps(doc).split('"$ref": "')[1:]:
        _resolve(doc, {"$ref": ref.split('"')[0]})  # every reference resolves


def test_document_is_cached(app, client):
    first = client.get("/api/openapi.json").json
    assert openapi_document(app) is openapi_document(app)
    assert client.get("/api/openapi.json").json == first


def test_routes_added_later_are_picked_up(demo):
    app = create_app(demo.data_dir, config={"TESTING": True})

    @app.post("/api/test-extra/<thing>")
    def extra(thing: str):  # pragma: no cover - never called
        """Do the extra thing.
        ---
        post:
          responses:
            200: {description: Done}
        """

    @app.get("/api/test-undocumented")
    def undocumented():  # pragma: no cover - never called
        return {}

    doc = app.test_client().get("/api/openapi.json").json
    op = doc["paths"]["/api/test-extra/{thing}"]["post"]
    assert op["summary"] == "Do the extra thing." and op["responses"] == {"200": {"description": "Done"}}
    assert doc["paths"]["/api/test-extra/{thing}"]["parameters"][0]["name"] == "thing"
    assert doc["paths"]["/api/test-undocumented"]["get"]["responses"]
    app.extensions["clipstore"].close()


def test_document_validates(client):
    """Full validation of the generated document with openapi-spec-validator."""
    from openapi_spec_validator import validate

    validate(client.get("/api/openapi.json").json)
