"""Schemathesis against the generated OpenAPI document: no input makes the API fail with a 5xx."""
from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from skill.app import create_app

EXAMPLES_PER_OPERATION = 12


def test_no_generated_request_makes_a_server_error(homes):
    app = create_app(homes.data_dir)
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    headers = {"Authorization": f"Bearer {homes.a_token}"}
    tried = []
    for result in schema.get_all_operations():
        operation = result.ok()
        tried.append(operation.label)

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        run()
    app.extensions["clipstore"].close()
    assert len(tried) >= 20
