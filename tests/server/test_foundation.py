"""The app factory's cross-cutting behaviour over real HTTP: protocol header, error bodies,
auth and device revocation, body limit, client version; and migrations == models."""

from __future__ import annotations

import datetime as dt

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, update

from homevisit.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from homevisit.server.db import current_revision, head_revision
from homevisit.server.models import Base, DeviceAuditLog, Token, User


def test_migrated_database_matches_the_models(services):
    assert current_revision(services.engine) == head_revision()
    with services.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []


def test_every_answer_carries_the_protocol_header(live_server, anon):
    for response in (
        anon.get("/api/v1/health"),
        anon.get("/api/v1/no-such-thing"),
        anon.get("/api/v1/me"),
        anon.post(
            "/api/v1/auth/login", content=b"{not json", headers={"Content-Type": "application/json"}
        ),
    ):
        assert response.headers[PROTOCOL_HEADER] == PROTOCOL_VERSION, response.status_code


def test_malformed_json_is_a_400_with_a_code(live_server, anon):
    r = anon.post(
        "/api/v1/auth/login", content=b'{"username": ', headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "malformed_json"


def test_wrong_types_are_a_422_naming_fields_never_echoing_values(live_server, anon):
    secret = "320321199001011234"
    r = anon.post("/api/v1/auth/login", json={"username": secret, "password": 5, "device_name": []})
    assert r.status_code == 422
    body = r.json()["error"]
    assert body["code"] == "invalid_request"
    assert {tuple(d["loc"]) for d in body["details"]} >= {
        ("body", "password"),
        ("body", "device_name"),
    }
    assert secret not in r.text


def test_unknown_route_and_missing_token_have_codes(live_server, anon):
    assert anon.get("/api/v1/nowhere").json()["error"]["code"] == "not_found"
    r = anon.get("/api/v1/me")
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthenticated"


def test_english_message_when_asked(live_server, anon):
    r = anon.get("/api/v1/me", headers={"Accept-Language": "en-GB"})
    assert r.json()["error"]["message"] == "Log in first."
    assert "登录" in anon.get("/api/v1/me").json()["error"]["message"]


def test_login_registers_a_device_and_me_answers(actor):
    counselor = actor("counselor")
    r = counselor.client.get("/api/v1/me")
    assert r.status_code == 200
    assert r.json()["user"]["role"] == "counselor"
    assert r.json()["device_id"] == counselor.device_id


def test_wrong_password_then_rate_limited_with_a_clear_429(people, anon):
    username, _ = people.user("counselor")
    for _ in range(5):
        r = anon.post(
            "/api/v1/auth/login",
            json={"username": username, "password": "nope", "device_name": "x"},
        )
        assert r.status_code == 401 and r.json()["error"]["code"] == "bad_credentials"
    r = anon.post(
        "/api/v1/auth/login", json={"username": username, "password": "nope", "device_name": "x"}
    )
    assert r.status_code == 429
    assert r.json()["error"]["code"] == "too_many_attempts"
    assert int(r.headers["Retry-After"]) > 0


def test_revoked_device_gets_the_wipe_instruction(actor):
    admin = actor("admin", team=None)
    counselor = actor("counselor")
    r = admin.client.post(f"/api/v1/admin/devices/{counselor.device_id}/revoke")
    assert r.status_code == 200
    r = counselor.client.get("/api/v1/me")
    assert r.status_code == 401
    assert r.json()["error"] == {**r.json()["error"], "code": "device_revoked", "wipe": True}
    r = counselor.client.post(
        "/api/v1/auth/refresh", json={"refresh_token": counselor.refresh_token}
    )
    assert r.json()["error"]["code"] == "device_revoked"


def test_expired_token_is_refused_then_refresh_rotates(actor, services):
    counselor = actor("counselor")
    past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    with services.sessions.begin() as s:
        s.execute(update(Token).where(Token.kind == "access").values(expires_at=past))
    r = counselor.client.get("/api/v1/me")
    assert r.status_code == 401 and r.json()["error"]["code"] == "token_expired"
    r = counselor.client.post(
        "/api/v1/auth/refresh", json={"refresh_token": counselor.refresh_token}
    )
    assert r.status_code == 200
    new_access = r.json()["access_token"]
    assert (
        counselor.client.get(
            "/api/v1/me", headers={"Authorization": f"Bearer {new_access}"}
        ).status_code
        == 200
    )
    # the old refresh token was rotated away
    r = counselor.client.post(
        "/api/v1/auth/refresh", json={"refresh_token": counselor.refresh_token}
    )
    assert r.status_code == 401


def test_disabled_user_is_refused(actor, services):
    counselor = actor("counselor")
    with services.sessions.begin() as s:
        s.execute(update(User).where(User.username == counselor.username).values(disabled=True))
    r = counselor.client.get("/api/v1/me")
    assert r.status_code == 403 and r.json()["error"]["code"] == "account_disabled"


def test_oversized_body_is_413_and_nothing_written(actor, services):
    counselor = actor("counselor")
    event = {
        "seq": 1,
        "wall_time": "2026-07-01T00:00:00Z",
        "mono_ns": 1,
        "actor": "c",
        "action": "view",
        "entity": "household",
        "detail": {"pad": "x" * 2_000_000},
        "prev_hash": "0" * 64,
        "hash": "1" * 64,
    }
    r = counselor.client.post("/api/v1/device/audit-log", json={"events": [event]})
    assert r.status_code == 413 and r.json()["error"]["code"] == "body_too_large"

    def chunks():  # no Content-Length: the limit is enforced while streaming
        yield b'{"events": [{"pad": "'
        for _ in range(20):
            yield b"x" * 100_000
        yield b'"}]}'

    r = counselor.client.post(
        "/api/v1/device/audit-log", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 413 and r.json()["error"]["code"] == "body_too_large"
    with services.sessions() as s:
        assert s.execute(select(func.count()).select_from(DeviceAuditLog)).scalar_one() == 0


def test_client_version_is_enforced(actor, services):
    counselor = actor("counselor")
    r = counselor.client.get("/api/v1/device/policies", headers={"X-Homevisit-Client": "0.0.9"})
    assert r.status_code == 426 and r.json()["error"]["code"] == "client_too_old"
    bare = counselor.client.get("/api/v1/device/policies", headers={"X-Homevisit-Client": ""})
    assert bare.status_code == 426
    admin = actor("admin", team=None)
    assert (
        admin.client.put(
            "/api/v1/admin/policies/min_client_version", json={"value": "0.2.0"}
        ).status_code
        == 200
    )
    r = counselor.client.get("/api/v1/device/policies")
    assert r.status_code == 426 and "0.2.0" in r.json()["error"]["message"]
    r = counselor.client.get("/api/v1/device/policies", headers={"X-Homevisit-Client": "0.2.1"})
    assert r.status_code == 200 and r.json()["min_client_version"] == "0.2.0"


def test_device_audit_log_is_append_only(actor, services):
    counselor = actor("counselor")
    events = [
        {
            "seq": i,
            "wall_time": "2026-07-01T00:00:00Z",
            "mono_ns": i,
            "actor": "c",
            "action": "view",
            "entity": "household",
            "prev_hash": f"{i - 1:064x}",  # chained: each links to the one before
            "hash": f"{i:064x}",
        }
        for i in (1, 2)
    ]
    r = counselor.client.post("/api/v1/device/audit-log", json={"events": events})
    assert r.json() == {"accepted": 2, "duplicates": 0, "last_seq": 2}
    tampered = [{**events[0], "action": "delete"}]
    r = counselor.client.post("/api/v1/device/audit-log", json={"events": tampered})
    assert r.json() == {"accepted": 0, "duplicates": 1, "last_seq": 2}
    with services.sessions() as s:
        kept = s.execute(select(DeviceAuditLog.action).where(DeviceAuditLog.seq == 1)).scalar_one()
    assert kept == "view"
