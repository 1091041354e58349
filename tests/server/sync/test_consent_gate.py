"""The server refuses a forged push of a capture without its consent choice (DESIGN §4):
an attachment needs 拍摄证件及证明材料 / 拍摄居住环境, health answers need 采集健康状况信息.
Over real HTTP, SQLite and PostgreSQL."""

from __future__ import annotations

import os

from synchelp import (
    attachment_payload,
    consent_payload,
    op,
    push,
    sha,
    upload,
    visit_payload,
)

HEALTH = {"members": {"people": [
    {"name": "学生", "relation": "self", "health": "serious_illness"}]}}


def _consent(visit, **choices):
    return {**consent_payload(visit), "choices": choices}


def test_a_home_photo_without_its_consent_choice_is_refused(actor, make_household):
    me = actor("counselor")
    household = make_household(me.username)
    photo = os.urandom(20_000)
    upload(me.client, photo, household)
    visit = visit_payload(household)
    meta = attachment_payload(household, visit["id"], sha(photo), len(photo))  # home_photo
    results = push(me.client, [op("visit", visit),
                               op("consent", _consent(visit, document_photos=True)),
                               op("attachment", meta)])
    assert [r["status"] for r in results] == ["applied", "applied", "rejected"]
    assert results[2]["reason"]["code"] == "consent_required"
    assert "home_photos" in results[2]["reason"]["message"]
    assert me.client.get(f"/api/v1/attachments/{meta['id']}/content").status_code == 404
    # With no consent record at all, a document photo is refused too.
    other = visit_payload(household)
    doc = {**attachment_payload(household, other["id"], sha(photo), len(photo)),
           "doc_type": "id_card"}
    results = push(me.client, [op("visit", other), op("attachment", doc)])
    assert results[1]["reason"]["code"] == "consent_required"


def test_health_answers_need_their_consent_in_the_same_or_an_earlier_push(actor, make_household):
    me = actor("counselor")
    household = make_household(me.username)
    forged = visit_payload(household, answers=HEALTH)
    [result] = push(me.client, [op("visit", forged)])
    assert result["status"] == "rejected" and result["reason"]["code"] == "consent_required"
    assert "health_information" in result["reason"]["message"]
    # A device folds edits into unsent ops: the consent may follow the visit in one push.
    visit = visit_payload(household, answers=HEALTH)
    results = push(me.client, [op("visit", visit),
                               op("consent", _consent(visit, health_information=True))])
    assert [r["status"] for r in results] == ["applied", "applied"]
