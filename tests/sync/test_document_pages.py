"""Published documents arrive page by page (issue 16 item 3, real server on loopback, page
size 1): a form is not offered until the code list it names is on the device, whatever page
brings it; a document under a newer schema is refused, said so on the sync page's overview
and in ``sync status``, and the last good version stays in use."""

from __future__ import annotations

import copy
import hashlib
import json

from documentkit import AID_KINDS, form_v2, publish, publish_refused, retire
from sqlalchemy import delete, select, update

from homevisit.model import ReceivedDocument
from homevisit.protocol.vocabulary import DocumentKind
from homevisit.server.models import DataDocument
from homevisit.sync.overview import sync_overview
from homevisit.sync.progress import Phase
from homevisit.visits import published

CHECKLIST = {
    "kind": "helpdesk_checklist", "id": "loan-documents", "version": 1,
    "title": {"zh": "贷款材料", "en": "Loan documents"},
    "items": [{"code": "application_form", "zh": "申请表", "en": "Application form"}],
}


def usable_version(device) -> int:
    return device.store.run(lambda s: published.newest_usable_form(s, "home-visit").version)


def test_a_form_waits_for_a_code_list_that_arrives_on_a_later_page(central, device):
    central.user("counselor", "wang")
    d = device(central, "wang")
    d.engine.documents_limit = 1
    publish(central, AID_KINDS, form_v2())
    # The code list is withdrawn before this device saw it: the form now names a list the
    # device does not have (and will not get until a new version is published).
    retire(central, "codelist", "aid-kinds", 1)

    trail: list[tuple[int, int]] = []

    def after_each_page(progress) -> None:
        if progress.phase is Phase.DOCUMENTS:
            trail.append((progress.done, usable_version(d)))

    result = d.engine.run(after_each_page)
    assert result.ok and result.documents_received == 1
    assert d.store.run(lambda s: s.scalars(select(ReceivedDocument.doc_id)).all()) == [
        "home-visit"]
    assert usable_version(d) == 1  # form v2 is here, but not offered

    newer = copy.deepcopy(AID_KINDS)
    newer["version"] = 2
    newer["items"].append({"code": "work_study", "zh": "勤工助学", "en": "Work-study"})
    publish(central, newer)
    result = d.engine.run(after_each_page)
    assert result.ok and result.documents_received == 1
    assert usable_version(d) == 2
    # (documents so far in that sync, form version new visits get) after each page: the
    # retired list's page brought nothing, the form's page left new visits on v1, and the
    # page of the list the form needs (a later sync) made v2 usable.
    assert trail == [(0, 1), (1, 1), (1, 2)]
    definition = d.store.run(lambda s: published.newest_usable_form(s, "home-visit"))
    assert [c.code for c in definition.field("policies.aid_received").choices] == [
        "grant", "loan", "work_study"]


def test_a_document_in_a_newer_format_is_refused_and_the_last_good_one_kept(central, device):
    central.user("counselor", "wang")
    d = device(central, "wang")
    d.engine.documents_limit = 1
    publish(central, AID_KINDS)
    assert d.sync().ok
    newer = copy.deepcopy(AID_KINDS)
    newer["version"] = 2
    newer["items"] = newer["items"][:1]
    publish(central, newer)
    with central.services.sessions.begin() as s:  # as a newer server release stores it
        s.execute(update(DataDocument).where(DataDocument.doc_id == "aid-kinds",
                                             DataDocument.version == 2)
                  .values(schema_version=2))

    result = d.sync()
    assert result.ok and result.documents_refused == 1 and result.documents_received == 0
    kept = d.store.run(lambda s: published.codelists(s)("aid-kinds"))
    assert (kept.version, [i.code for i in kept.items]) == (1, ["grant", "loan"])
    overview = d.store.run(sync_overview)
    [said] = overview.refused_documents
    assert said.zh.startswith("已拒收代码表 aid-kinds v2：格式版本 2") and "请更新应用" in said.zh
    assert "update the app" in said.en and "last usable version stays in use" in said.en

    # Said again by every later sync's overview until a usable version arrives, not pulled
    # again meanwhile.
    assert d.sync().documents_refused == 0
    assert len(d.store.run(sync_overview).refused_documents) == 1
    third = copy.deepcopy(AID_KINDS)
    third["version"] = 3
    publish(central, third)
    assert d.sync().documents_received == 1
    assert d.store.run(sync_overview).refused_documents == ()
    assert d.store.run(lambda s: published.codelists(s)("aid-kinds")).version == 3
    kinds = d.store.run(lambda s: s.scalars(select(ReceivedDocument.kind)).all())
    assert set(kinds) == {DocumentKind.CODELIST}


def test_a_volunteer_device_gets_help_desk_documents_only(central, device):
    central.user("volunteer", "zhao")
    publish(central, AID_KINDS, form_v2(), CHECKLIST)
    d = device(central, "zhao")
    result = d.sync()
    assert result.ok and result.documents_received == 1
    held = d.store.run(lambda s: s.scalars(select(ReceivedDocument.doc_id)).all())
    assert held == ["loan-documents"]
    checklist = d.store.run(lambda s: published.newest_received(
        s, DocumentKind.HELPDESK_CHECKLIST, "loan-documents"))
    assert checklist is not None and checklist["items"][0]["zh"] == "申请表"


def test_a_refused_publication_never_reaches_a_device(central, device):
    central.user("counselor", "wang")
    d = device(central, "wang")
    broken = form_v2()  # names a code list the server does not have
    assert "aid-kinds" in publish_refused(central, broken)
    bad_code = copy.deepcopy(AID_KINDS)
    bad_code["items"][1]["code"] = "Loan!"
    assert "items/1/code" in publish_refused(central, bad_code)
    result = d.sync()
    assert result.ok and result.documents_received == 0 and result.documents_refused == 0
    assert d.store.run(lambda s: s.scalars(select(ReceivedDocument.doc_id)).all()) == []
    assert usable_version(d) == 1


def test_a_server_restored_behind_the_device_cursor_is_pulled_again(central, device):
    central.user("counselor", "wang")
    d = device(central, "wang")
    publish(central, AID_KINDS, CHECKLIST)  # the device's cursor passes both
    assert d.sync().documents_received == 1
    with central.services.sessions.begin() as s:  # the backup from before they were published
        s.execute(delete(DataDocument))
    publish(central, form_v2_needing_nothing_new())
    result = d.sync()
    assert result.ok and result.documents_received == 1, result.error
    assert usable_version(d) == 2
    assert d.store.run(lambda s: s.scalars(select(ReceivedDocument.doc_id)
                                           .order_by(ReceivedDocument.doc_id)).all()) == [
        "aid-kinds", "home-visit"]


def form_v2_needing_nothing_new() -> dict:
    data = form_v2()
    policies = next(s for s in data["steps"] if s["id"] == "policies")
    policies["fields"] = [f for f in policies["fields"] if f["id"] != "aid_received"]
    policies["fields"].append({"id": "aid_note", "type": "text",
                               "label": {"zh": "已获资助说明", "en": "Aid already received"}})
    return data


def test_a_broken_or_damaged_document_from_the_server_is_refused(central, device):
    """What a faulty server could send despite its own checks: a form that breaks its
    schema, and a code list whose bytes do not match their checksum."""
    central.user("counselor", "wang")
    d = device(central, "wang")
    publish(central, AID_KINDS, form_v2())
    broken = form_v2()
    broken["steps"][0]["fields"][0]["type"] = "not-a-type"
    with central.services.sessions.begin() as s:
        s.execute(update(DataDocument).where(DataDocument.kind == DocumentKind.FORM,
                                             DataDocument.version == 2)
                  .values(body=broken, sha256=canonical_sha256(broken)))
        s.execute(update(DataDocument).where(DataDocument.doc_id == "aid-kinds")
                  .values(sha256="0" * 64))
    result = d.sync()
    assert result.ok and (result.documents_received, result.documents_refused) == (0, 2)
    said = sorted(t.en for t in d.store.run(sync_overview).refused_documents)
    assert said[0].startswith("Refused code list aid-kinds v1: its content does not match")
    assert said[1].startswith("Refused form home-visit v2: it is not valid (")
    assert "steps/0/fields/0/type" in said[1]
    assert usable_version(d) == 1


def canonical_sha256(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False,
                                     separators=(",", ":")).encode("utf-8")).hexdigest()
