"""schemathesis against the app's own OpenAPI over real HTTP: no 500, every answer's status
is documented and its body matches the schema — for valid and for invalid requests, as an
admin (who may call everything) and anonymously.

Bounded: HOMEVISIT_SCHEMATHESIS_EXAMPLES examples per operation and mode (default 6).
"""

from __future__ import annotations

import os

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from homevisit.protocol import CLIENT_VERSION_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION

EXAMPLES = int(os.environ.get("HOMEVISIT_SCHEMATHESIS_EXAMPLES", "6"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
]


def _fuzz(operation, mode: GenerationMode, base_url: str, headers: dict[str, str], session) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case) -> None:
        response = case.call(base_url=base_url, headers=headers, session=session, timeout=30)
        assert response.headers.get(PROTOCOL_HEADER.lower()) == [PROTOCOL_VERSION]
        case.validate_response(response, checks=CHECKS, headers=headers)

    run()


@pytest.mark.parametrize("who", ["admin", "anonymous"])
def test_no_500_and_every_answer_matches_the_schema(who, app, live_server, people, database_url):
    if who == "anonymous" and not database_url.startswith("sqlite"):
        pytest.skip("anonymous answers are 401s before any query: one backend is enough")
    headers = {CLIENT_VERSION_HEADER: "0.1.0"}
    if who == "admin":
        headers["Authorization"] = f"Bearer {people.actor('admin', team=None).access_token}"
    schema = schemathesis.openapi.from_dict(app.openapi())
    failures: list[str] = []
    session = requests.Session()  # keep-alive: a new connection per example is most of the time
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _fuzz(operation, mode, live_server.url, headers, session)
            except Unsatisfiable:
                pass  # nothing to make invalid (no parameters, no body)
            except Exception as exc:  # collect every operation's failure, then report all
                failures.append(
                    f"{operation.method.upper()} {operation.path} [{mode.value}]: {str(exc)[:800]}"
                )
    assert not failures, "\n\n".join(failures)
