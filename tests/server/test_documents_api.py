"""The admin API for published documents (issue 16 item 1 and 2, over HTTP on loopback):
publish, list, read, retire and check, audited; invalid documents refused with the place
named; drafts and every document endpoint closed to other roles."""

from __future__ import annotations

import copy

import pytest
from document_examples import AID_KINDS, form_v2, shipped_form
from sqlalchemy import select

from homevisit.server import data_documents
from homevisit.server.models import AuditEvent

BASE = "/api/v1/admin/documents"


@pytest.fixture
def seeded(services):
    with services.sessions.begin() as s:
        data_documents.seed_shipped(s, actor="cli")


def test_admin_publishes_checks_lists_and_retires_audited(seeded, actor, services):
    admin = actor("admin", team=None)
    check = admin.client.post(f"{BASE}/check", json={"document": form_v2()})
    assert check.status_code == 422 and check.json()["error"]["code"] == "document_invalid"
    assert "aid-kinds" in check.json()["error"]["message"]

    r = admin.client.post(BASE, json={"document": AID_KINDS})
    assert r.status_code == 201, r.text
    assert (r.json()["kind"], r.json()["state"]) == ("codelist", "published")
    assert admin.client.post(BASE, json={"document": AID_KINDS}).status_code == 200

    check = admin.client.post(f"{BASE}/check", json={"document": form_v2()})
    assert check.status_code == 200, check.text
    body = check.json()
    assert body["current_version"] == 1 and body["open_visits"] == 0
    assert {"what": "added", "part": "field", "name": "policies.aid_received"} in body["changes"]

    r = admin.client.post(BASE, json={"document": form_v2(), "draft": True})
    assert r.status_code == 201 and r.json()["state"] == "draft"
    r = admin.client.post(BASE, json={"document": form_v2()})
    assert r.status_code == 201 and r.json()["state"] == "published"

    forms = admin.client.get(BASE, params={"kind": "form"}).json()
    assert [(d["version"], d["state"]) for d in forms] == [(1, "published"), (2, "published")]
    one = admin.client.get(f"{BASE}/form/home-visit/2").json()
    assert one["body"]["version"] == 2

    r = admin.client.post(f"{BASE}/form/home-visit/1/retire")
    assert r.status_code == 200 and r.json()["state"] == "retired"
    assert admin.client.post(f"{BASE}/form/home-visit/1/retire").status_code == 409
    assert admin.client.post(f"{BASE}/form/home-visit/9/retire").status_code == 404

    with services.sessions() as s:
        actions = s.scalars(select(AuditEvent.action).where(
            AuditEvent.entity == "data_document", AuditEvent.actor == admin.username)).all()
    assert sorted(actions) == ["document.draft", "document.publish", "document.publish",
                               "document.retire"]


def test_an_invalid_document_is_refused_naming_the_place(seeded, actor):
    admin = actor("admin", team=None)
    form = shipped_form()
    form["version"] = 2
    form["steps"][0]["fields"][0]["visible_when"] = {"field": "household.residence_type",
                                                     "eq": "rural"}
    r = admin.client.post(BASE, json={"document": form})
    assert r.status_code == 422 and r.json()["error"]["code"] == "document_invalid"
    assert "consent.visit_mode" in r.json()["error"]["message"]
    changed = copy.deepcopy(AID_KINDS)
    changed["items"][0]["code"] = "Not A Code"
    r = admin.client.post(BASE, json={"document": changed})
    assert r.status_code == 422 and "items/0/code" in r.json()["error"]["message"]
    assert [d["version"] for d in admin.client.get(BASE, params={"kind": "form"}).json()] == [1]


@pytest.mark.parametrize("role", ["supervisor", "counselor", "volunteer"])
def test_other_roles_never_see_or_change_documents(seeded, actor, role):
    other = actor(role)
    assert other.client.get(BASE).status_code == 403
    assert other.client.get(f"{BASE}/form/home-visit/1").status_code == 403
    assert other.client.post(BASE, json={"document": AID_KINDS}).status_code == 403
    assert other.client.post(f"{BASE}/check", json={"document": AID_KINDS}).status_code == 403
    assert other.client.post(f"{BASE}/form/home-visit/1/retire").status_code == 403
