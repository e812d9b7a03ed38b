"""Property-based tests of the API: schemathesis over the generated OpenAPI document, and hypothesis over the
intent API's structured input. No input makes a server error or a traceback in the server log.

CI runs a seeded, quick pass. For a long hunt:
`FUZZ_EXAMPLES=500 .venv/bin/python -m pytest tests/privacy/test_api_fuzz.py`.
"""

from __future__ import annotations

import json
import logging
import os

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from clipstore import ClipQuery
from intents.catalogue import INTENTS, SLOTS
from skill.app import create_app

EXAMPLES_PER_OPERATION = int(os.environ.get("FUZZ_EXAMPLES", "12"))
QUICK = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def errors_logged(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]


def test_no_generated_request_makes_a_server_error(homes, clock, caplog):
    app = create_app(homes.data_dir, clock=clock)
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    headers = {"Authorization": f"Bearer {homes.a_token}"}
    tried = []
    for result in schema.get_all_operations():
        operation = result.ok()
        tried.append(operation.label)

        @given(case=operation.as_strategy())
        @QUICK
        def run(case):
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        run()
    app.extensions["clipstore"].close()
    assert len(tried) >= 20
    assert errors_logged(caplog) == []


_SLOT_NAMES = sorted({name for names in SLOTS.values() for name in names} | {"x", ""})
_ANY_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=120)
    | st.sampled_from(["\x00", "front_door\x00", "\ud800"[:0] + "\u0000\u0001"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
_DATES = st.one_of(
    st.dates().map(str), st.from_regex(r"\A[0-9]{4}(-W[0-9]{2}(-WE)?|-[0-9]{2})?\Z"), st.text(max_size=12)
)
_SLOT_VALUES = st.one_of(
    _ANY_JSON,
    _DATES,
    st.integers(-(10**6), 10**6),
    st.sampled_from(
        [
            "front_door",
            "garage",
            "attic",
            "MO",
            "NI",
            "latest",
            "next",
            "on",
            "off",
            "person",
            "today",
            "9999-12-31",
            "0000-01-01",
            "-1",
            "7",
        ]
    ),
)
_BODIES = st.fixed_dictionaries(
    {"intent": st.one_of(st.sampled_from(INTENTS), st.none(), st.text(max_size=20))},
    optional={
        "slots": st.one_of(st.dictionaries(st.sampled_from(_SLOT_NAMES), _SLOT_VALUES, max_size=4), _ANY_JSON),
        "session": st.one_of(st.text(max_size=40), _ANY_JSON),
    },
)


def test_structured_intents_never_make_a_server_error(homes, clock, caplog):
    """Any intent with any slots: a spoken answer (200) or a 4xx JSON error, and nothing destroyed."""
    app = create_app(homes.data_dir, clock=clock)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {homes.a_token}"}
    clips = homes.store.clips.count(homes.a.id, ClipQuery())

    @given(body=_BODIES)
    @settings(QUICK, max_examples=EXAMPLES_PER_OPERATION * 25)
    def run(body):
        response = client.post("/api/intent", data=json.dumps(body), headers=headers, content_type="application/json")
        assert response.status_code in (200, 400), (body, response.json)
        assert response.is_json and (response.json.get("speech") or response.json.get("error"))

    run()
    app.extensions["clipstore"].close()
    assert homes.store.clips.count(homes.a.id, ClipQuery()) == clips  # no yes was ever given
    assert errors_logged(caplog) == []
