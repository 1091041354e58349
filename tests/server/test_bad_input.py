"""Bad input gets a clear 4xx with a machine-readable code, and writes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from homevisit.server.models import AuditEvent, Device, DeviceAuditLog, User
from homevisit.server.storage import FileStorage


def rows(services, model) -> int:
    with services.sessions() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def test_admin_bad_bodies_are_refused_and_nothing_is_written(actor, services):
    admin = actor("admin", team=None)
    users_before, audit_before = rows(services, User), rows(services, AuditEvent)
    cases = [
        (b'{"username": "x", ', 400, "malformed_json"),
        (b"[1, 2, 3]", 422, "invalid_request"),
        (b'{"username": 5, "password": [], "role": "king"}', 422, "invalid_request"),
        (b'{"username": "ok-name", "password": "short", "role": "admin"}', 422, "invalid_request"),
        (
            b'{"username": "ok\\u0000name", "password": "long-enough", "role": "admin"}',
            422,
            "invalid_request",
        ),
        (
            b'{"username": "okname", "password": "long-enough", "role": "admin", "extra": 1}',
            422,
            "invalid_request",
        ),
    ]
    for body, status, code in cases:
        r = admin.client.post(
            "/api/v1/admin/users", content=body, headers={"Content-Type": "application/json"}
        )
        assert (r.status_code, r.json()["error"]["code"]) == (status, code), body
    assert rows(services, User) == users_before
    assert rows(services, AuditEvent) == audit_before


def test_nul_in_a_device_name_is_refused_on_every_backend(people, anon, services):
    username, password = people.user("counselor")
    r = anon.post(
        "/api/v1/auth/login",
        json={"username": username, "password": password, "device_name": "lap\u0000top"},
    )
    assert r.status_code == 422
    assert rows(services, Device) == 0


def test_unknown_policy_and_out_of_range_values(actor, services):
    admin = actor("admin", team=None)
    r = admin.client.put("/api/v1/admin/policies/../../etc/passwd", json={"value": 1})
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = admin.client.put("/api/v1/admin/policies/no_such_policy", json={"value": 1})
    assert r.status_code == 422
    r = admin.client.put("/api/v1/admin/policies/idle_lock_minutes", json={"value": "soon"})
    assert r.status_code == 422
    assert admin.client.get("/api/v1/admin/policies").json()["idle_lock_minutes"] == 5


def test_path_traversal_never_reaches_the_file_system(tmp_path):
    storage = FileStorage(tmp_path / "storage")
    outside = tmp_path / "secret"
    outside.write_bytes(b"x")
    for name in ("../secret", "../../etc/passwd", "..", "a/b", "0" * 63 + "/"):
        for call in (storage.has, storage.open_blob):
            try:
                call(name)
            except Exception as exc:
                assert type(exc).__name__ == "NotFound"
            else:
                raise AssertionError(f"{call.__name__} accepted {name!r}")
        try:
            storage.append_chunk(name, 0, b"data")
        except Exception as exc:
            assert type(exc).__name__ == "NotFound"
    assert outside.read_bytes() == b"x"
    assert not any((tmp_path / "storage").rglob("*secret*"))


def test_attachment_names_that_look_like_paths_are_refused():
    import pydantic
    import pytest

    from homevisit.protocol.records import AttachmentMeta

    base = {
        "id": "00000000-0000-4000-8000-000000000001",
        "household_id": "00000000-0000-4000-8000-000000000002",
        "doc_type": "id_card",
        "mime": "image/jpeg",
        "size": 10,
        "sha256": "a" * 64,
    }
    assert AttachmentMeta(**base, original_name="身份证正面.jpg").original_name
    for bad in ("../x.jpg", "a/b.jpg", "c:\\x.jpg", "..", "x\x00.jpg"):
        with pytest.raises(pydantic.ValidationError):
            AttachmentMeta(**base, original_name=bad)


def test_revoked_and_expired_tokens_write_nothing(actor, services):
    admin = actor("admin", team=None)
    counselor = actor("counselor")
    admin.client.post(f"/api/v1/admin/devices/{counselor.device_id}/revoke")
    event = {
        "seq": 1,
        "wall_time": "2026-07-01T00:00:00Z",
        "mono_ns": 1,
        "actor": "c",
        "action": "view",
        "entity": "household",
        "prev_hash": "0" * 64,
        "hash": "1" * 64,
    }
    r = counselor.client.post("/api/v1/device/audit-log", json={"events": [event]})
    assert r.status_code == 401 and r.json()["error"] == {
        "code": "device_revoked",
        "message": r.json()["error"]["message"],
        "wipe": True,
    }
    assert rows(services, DeviceAuditLog) == 0
