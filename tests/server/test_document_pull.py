"""Devices pull published documents (issue 16 items 3 and 4, over HTTP on loopback, SQLite
and PostgreSQL): pages in publishing order with a small page size, scoped by role, never a
draft, a retired or a refused document; two admins publishing the same version at once get
one 201 and one 409 that says what happened, never a 500."""

from __future__ import annotations

import copy
import threading

import pytest
from document_examples import AID_KINDS, form_v2, shipped_form

from homevisit.server import data_documents

BASE = "/api/v1/admin/documents"
PULL = "/api/v1/sync/documents"

CHECKLIST = {
    "kind": "helpdesk_checklist", "id": "loan-documents", "version": 1,
    "title": {"zh": "贷款材料", "en": "Loan documents"},
    "items": [{"code": "application_form", "zh": "申请表", "en": "Application form"}],
}


@pytest.fixture
def seeded(services):
    with services.sessions.begin() as s:
        data_documents.seed_shipped(s, actor="cli")


def pull_everything(client, limit: int) -> tuple[list[tuple[str, str, int]], int]:
    """Every document a device would get, page by page; and how many pages it took."""
    got: list[tuple[str, str, int]] = []
    since, pages = 0, 0
    while True:
        r = client.get(PULL, params={"since": since, "limit": limit})
        assert r.status_code == 200, r.text
        page = r.json()
        pages += 1
        assert len(page["documents"]) <= limit
        got += [(d["kind"], d["doc_id"], d["version"]) for d in page["documents"]]
        for d in page["documents"]:
            assert d["schema_version"] == 1 and len(d["sha256"]) == 64 and d["body"]
        if not page["more"]:
            return got, pages
        assert page["cursor"] > since
        since = page["cursor"]


def test_devices_page_through_published_documents_scoped_by_role(seeded, actor):
    admin = actor("admin", team=None)
    assert admin.client.post(BASE, json={"document": AID_KINDS}).status_code == 201
    assert admin.client.post(BASE, json={"document": form_v2()}).status_code == 201
    assert admin.client.post(BASE, json={"document": CHECKLIST}).status_code == 201
    draft = copy.deepcopy(CHECKLIST)
    draft["version"] = 2
    assert admin.client.post(BASE, json={"document": draft, "draft": True}).status_code == 201

    counselor = actor("counselor")
    everything, pages = pull_everything(counselor.client, limit=3)
    assert pages > 3  # the small page size was honoured
    assert ("form", "home-visit", 2) in everything and ("codelist", "aid-kinds", 1) in everything
    assert ("rule_set", "jiangsu-2020", 1) in everything
    assert {kind for kind, _, _ in everything} == {"form", "codelist", "rule_set"}
    # Publishing order: the code list the form needs came first.
    assert everything.index(("codelist", "aid-kinds", 1)) < everything.index(
        ("form", "home-visit", 2))
    assert pull_everything(actor("supervisor").client, limit=50)[0] == everything

    volunteer, _ = pull_everything(actor("volunteer").client, limit=1)
    # Help-desk kinds only (the shipped checklist and policy card, seeded at init, and the
    # one published here), never the draft.
    assert {kind for kind, _, _ in volunteer} == {"helpdesk_checklist", "policy_card"}
    assert ("helpdesk_checklist", "loan-documents", 1) in volunteer
    assert ("helpdesk_checklist", "loan-documents", 2) not in volunteer

    # Nothing new: one empty page, the cursor where it was.
    last = counselor.client.get(PULL, params={"since": 0, "limit": 200}).json()["cursor"]
    r = counselor.client.get(PULL, params={"since": last, "limit": 5}).json()
    assert r == {"documents": [], "cursor": last, "more": False, "reset": False}
    # A cursor from before the server was restored from a backup: start again.
    r = counselor.client.get(PULL, params={"since": last + 5, "limit": 5}).json()
    assert r == {"documents": [], "cursor": 0, "more": True, "reset": True}

    # A retired version is no longer sent.
    assert admin.client.post(f"{BASE}/form/home-visit/1/retire").status_code == 200
    assert ("form", "home-visit", 1) not in pull_everything(counselor.client, limit=4)[0]


@pytest.mark.parametrize("broken, place", [
    ("condition", "consent.visit_mode"),
    ("code", "no_such_code"),
    ("schema", "steps/0/fields/0/type"),
])
def test_an_invalid_document_never_reaches_a_device(seeded, actor, broken, place):
    admin = actor("admin", team=None)
    form = shipped_form()
    form["version"] = 2
    first = form["steps"][0]["fields"][0]
    if broken == "condition":  # names a later field
        first["visible_when"] = {"field": "household.residence_type", "eq": "rural"}
    elif broken == "code":  # a code its list does not have
        first["visible_when"] = {"field": "consent.visit_mode", "eq": "no_such_code"}
        form["steps"][0]["fields"][1]["visible_when"] = first.pop("visible_when")
    else:
        first["type"] = "not-a-type"
    r = admin.client.post(BASE, json={"document": form})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "document_invalid"
    assert place in r.json()["error"]["message"]
    got, _ = pull_everything(actor("counselor").client, limit=5)
    assert ("form", "home-visit", 2) not in got


def publish_at_once(admins, bodies) -> list:
    """Each admin posts their body at the same moment (a barrier), from their own thread
    and connection; the answers in admin order."""
    start = threading.Barrier(len(admins))
    answers: list = [None] * len(admins)

    def publish(n: int) -> None:
        start.wait()
        answers[n] = admins[n].client.post(BASE, json={"document": bodies[n]})

    threads = [threading.Thread(target=publish, args=(n,)) for n in range(len(admins))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def test_two_admins_publishing_one_version_at_once_get_201_and_409(seeded, actor):
    admins = [actor("admin", team=None), actor("admin", team=None)]
    for version in range(2, 6):
        bodies = []
        for n in range(2):
            body = copy.deepcopy(CHECKLIST)
            body["version"] = version
            body["title"] = {"zh": f"贷款材料 {n}", "en": f"Loan documents {n}"}
            bodies.append(body)
        answers = publish_at_once(admins, bodies)
        codes = sorted(a.status_code for a in answers)
        assert codes == [201, 409], [a.text for a in answers]
        refused = next(a for a in answers if a.status_code == 409).json()["error"]
        assert refused["code"] == "conflict"
        # Publishing at the same moment, or just after the other one landed: either way a
        # 409 that names the document and the version.
        assert "loan-documents" in refused["message"]
        assert f"v{version}" in refused["message"]
    listed = admins[0].client.get(BASE, params={"kind": "helpdesk_checklist"}).json()
    ours = "loan-documents"  # besides the shipped checklist seeded at init
    assert [d["version"] for d in listed if d["doc_id"] == ours] == [2, 3, 4, 5]
    got, _ = pull_everything(actor("volunteer").client, limit=2)
    assert [v for _, doc_id, v in got if doc_id == ours] == [2, 3, 4, 5]
