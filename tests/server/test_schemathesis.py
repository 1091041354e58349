"""schemathesis against the app's own OpenAPI over real HTTP, on every backend: no 500, and
every built-in check (status codes documented, bodies and headers match the schema, invalid
data refused, valid data accepted, …) holds — as an admin, a supervisor, a counselor, a
volunteer and anonymously, for valid and for invalid requests.

Then the stateful phase: schemathesis follows the OpenAPI links of the device workflow
(``server/openapi_links.py``: login, which registers the device → push → pull → upload,
chunk after chunk), feeding each answer into the next request.

Bounded for CI: HOMEVISIT_SCHEMATHESIS_EXAMPLES examples per operation, mode and role
(default 4) and HOMEVISIT_SCHEMATHESIS_STATEFUL scenarios (default 8). The larger run's
command is in the server README.
"""

from __future__ import annotations

import os
from typing import Any

import hypothesis
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from homevisit.protocol import API_PREFIX, CLIENT_VERSION_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION
from homevisit.protocol.records import Entity
from homevisit.server.assignments import assign_household
from homevisit.server.changes import bump, record_change
from homevisit.server.models import Household

EXAMPLES = int(os.environ.get("HOMEVISIT_SCHEMATHESIS_EXAMPLES", "4"))
STATEFUL = int(os.environ.get("HOMEVISIT_SCHEMATHESIS_STATEFUL", "8"))
ROLES = ["admin", "supervisor", "counselor", "volunteer", "anonymous"]
LOGIN = f"{API_PREFIX}/auth/login"


def _settings(examples: int, **extra: Any) -> hypothesis.settings:
    return hypothesis.settings(max_examples=examples, deadline=None, database=None,
                               derandomize=True, suppress_health_check=list(HealthCheck),
                               **extra)


def _fuzz(operation, mode: GenerationMode, base_url: str, headers: dict[str, str],
          session: requests.Session) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @_settings(EXAMPLES, phases=[Phase.explicit, Phase.generate])
    def run(case) -> None:
        # On the case itself, so that a check's own requests carry it too: the ignored-auth
        # check sends the case again without credentials, and a device path without its
        # client version is answered 426 before authentication is even looked at.
        case.headers = {CLIENT_VERSION_HEADER: headers[CLIENT_VERSION_HEADER],
                        **(case.headers or {})}
        sent = headers
        if _leaves_out_credentials(case):
            # A negative case whose invalid part is the missing Authorization header: sent
            # as generated (adding the token would make it valid, and then "accepted").
            sent = {k: v for k, v in headers.items() if k != "Authorization"}
        response = case.call(base_url=base_url, headers=sent, session=session, timeout=30)
        assert response.headers.get(PROTOCOL_HEADER.lower()) == [PROTOCOL_VERSION]
        case.validate_response(response, headers=headers)  # every built-in check

    run()


def _leaves_out_credentials(case) -> bool:
    components = getattr(case.meta, "components", None) or {}
    header = next((info for where, info in components.items()
                   if getattr(where, "value", where) == "header"), None)
    return (header is not None and header.mode is GenerationMode.NEGATIVE
            and "Authorization" not in (case.headers or {}))


def _county(people, services) -> dict[str, Any]:
    """One user per role, a household assigned to the counselor (so pulls and uploads
    have something real to chain on)."""
    users = {role: people.user(role, team="a" if role != "admin" else None)
             for role in ROLES if role != "anonymous"}
    household = "7f6c1d2e-0000-4000-8000-000000000001"
    with services.sessions.begin() as s:
        row = Household(id=household, region_code="320321", address="东村 1 号", rev=0)
        bump(row)
        s.add(row)
        s.flush()
        record_change(s, Entity.HOUSEHOLD, row)
        assign_household(s, household, users["counselor"][0], None, actor="test")
    return users


@pytest.mark.parametrize("who", ROLES)
def test_no_500_and_every_check_holds(who, app, live_server, people, services):
    users = _county(people, services)
    headers = {CLIENT_VERSION_HEADER: "0.1.0"}
    if who != "anonymous":
        headers["Authorization"] = f"Bearer {people.login(*users[who], who).access_token}"
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


def test_the_device_workflow_statefully(app, live_server, people, services):
    """login → push → pull → upload along the OpenAPI links, as the county's people."""
    users = _county(people, services)
    schema = schemathesis.openapi.from_dict(app.openapi())
    # Only the links the API declares: links schemathesis would guess from names (e.g.
    # "revoke the device you just listed") thin out the workflow's own steps.
    schema.config.phases.stateful.inference.algorithms = []
    session = requests.Session()
    server_errors: list[str] = []
    calls: list[tuple[str, str, int]] = []

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            self.auth: str | None = None
            self.logins = 0

        def before_call(self, case) -> None:
            if case.path == LOGIN and case.method.upper() == "POST":
                # Real people log in (mostly the counselor, whose household the pulls and
                # uploads chain on); made-up credentials would end every scenario at 401.
                role = ("counselor", "counselor", "supervisor", "volunteer")[self.logins % 4]
                self.logins += 1
                username, password = users[role]
                case.body = {"username": username, "password": password,
                             "device_name": "fuzz laptop"}
            case.headers = {**(case.headers or {}), CLIENT_VERSION_HEADER: "0.1.0"}
            if self.auth and "Authorization" not in case.headers:
                # The session's token, as a device sends it after logging in (links can
                # carry it only out of the login answer itself). Marked explicit the way
                # schemathesis's auth providers mark theirs, so its auth checks probe the
                # call without it and with a wrong one, and expect 401.
                case.headers["Authorization"] = self.auth
                case._has_explicit_auth = True

        def after_call(self, response, case) -> None:
            sent = response.request.headers.get("Authorization")
            if case.path == LOGIN and response.status_code == 200:
                self.auth = f"Bearer {response.json()['access_token']}"
            elif sent and 200 <= response.status_code < 300:
                self.auth = sent  # the last token that worked (a refresh replaces tokens)
            calls.append((case.method.upper(), case.path, response.status_code))
            if response.status_code >= 500:
                server_errors.append(f"{case.method} {case.path}: {response.status_code}")

        def get_call_kwargs(self, case) -> dict[str, Any]:
            return {"base_url": live_server.url, "session": session, "timeout": 30}

    Workflow.run(settings=_settings(STATEFUL, stateful_step_count=8))
    assert server_errors == []
    reached = {(method, path) for method, path, status in calls if status < 300}
    # The links were followed: a login answer fed a pull (which needs its token).
    assert ("POST", LOGIN) in reached and ("GET", f"{API_PREFIX}/sync/pull") in reached
