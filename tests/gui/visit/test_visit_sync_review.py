"""The whole round with a real server on loopback: the counselor records and finalizes a
visit in the wizard, syncs; the supervisor returns it with a comment; after the next sync
the wizard shows it returned; the counselor revises, finalizes version 2 and resubmits."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from homevisit.model import Attachment, Household
from homevisit.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from homevisit.server.models import Visit as ServerVisit
from homevisit.sync.engine import SyncEngine
from homevisit.sync.enrol import enrol, save_enrolment
from tests.gui.visit.conftest import FATHER_ID, STUDENT_ID
from tests.gui.visit.test_whole_visit import (
    add_redacted_photo,
    explain_flags,
    open_wizard,
    sign,
)
from tests.sync.synckit import FAST_RETRY, Central


@pytest.fixture
def central(tmp_path):
    server = Central.start(tmp_path / "central")
    yield server
    server.stop()


def _sync(engine: SyncEngine) -> None:
    result = engine.run()
    assert result.error is None and result.rejected == 0, result


def _server_visit(central: Central, household_id: str) -> tuple[str, int]:
    with central.services.sessions() as s:
        visit = s.scalars(select(ServerVisit).where(
            ServerVisit.household_id == household_id)).one()
        return visit.status, visit.version


def record_visit(qtbot, c, tmp_path) -> None:
    """Every step, with the members entered by hand (the server sent none)."""
    c.choose("consent.visit_mode", "home")
    c.type("consent.student_id_number", STUDENT_ID)
    c.choose("consent.notice_version", "notice-2025-1")
    c.answer("consent.notice_explained", True)
    c.tick("consent.consent_choices", "basic_information", "document_photos")
    c.answer("consent.roster_check_authorised", False)
    c.answer("consent.guardian_signed", True)
    sign(c, "consentSignature")
    c.next()
    c.choose("household.residence_type", "rural")
    c.answer("household.parents_divorced", False)
    c.next()
    roster = c.wizard.page("members").step.rosters["people"]
    for name, relation in (("王小明", "self"), ("王大山", "father")):
        c.click(roster.add_button)
        index = len(roster.items) - 1
        c.type(f"members.people.{index}.name", name)
        c.choose(f"members.people.{index}.relation", relation)
        c.choose(f"members.people.{index}.life_status", "living")
    c.type("members.people.1.id_number", FATHER_ID)
    c.choose("members.people.1.custody", "custodial")
    c.choose("members.people.1.occupation", "civil_servant")  # raises a flag
    c.choose("members.people.1.employer_type", "government_agency")
    qtbot.waitUntil(lambda: len(c.wizard.flags_panel.cards) >= 1, timeout=10_000)
    c.next()
    for field, amount in (("wages", "24000"), ("farming", "6000"), ("business", "0")):
        c.type(f"income.{field}", amount)
    c.next()
    c.type("expenses.medical", "1000")
    c.type("expenses.education", "2500")
    c.next()
    c.choose("housing.housing_type", "own_dilapidated")
    for field in ("has_car", "has_registered_business", "has_second_house"):
        c.answer(f"housing.{field}", False)
    c.next()
    c.answer("special_situations.student_disability", False)
    c.next()
    c.tick("policies.explained", "student_loan")
    c.next()
    c.type("observations.observations", "房屋年久失修，学生独立完成作业，待人有礼。")
    c.next()
    add_redacted_photo(c, tmp_path)
    c.next()
    c.choose("recommendation.level", c.wizard.score_box.suggested)
    c.answer("recommendation.counselor_signed", True)
    c.next()
    sign(c, "guardianSignature")
    sign(c, "visitorSignature")
    explain_flags(c)
    c.next()


def test_visit_goes_to_review_comes_back_returned_and_is_resubmitted(
        qtbot, workspace, central, tmp_path):
    central.user("counselor", "teacher-li")
    central.user("supervisor", "office-zhang")
    household_id = central.household("teacher-li")
    enrolment = enrol(central.url, "teacher-li", central.users["teacher-li"], "laptop")
    workspace.store.run(lambda s: save_enrolment(s, enrolment))
    engine = SyncEngine(workspace.store, workspace.vault, retry=FAST_RETRY)
    try:
        _sync(engine)  # the assigned household arrives
        assert workspace.store.run(lambda s: s.get(Household, household_id)) is not None

        wizard, c = open_wizard(qtbot, workspace, household_id)
        record_visit(qtbot, c, tmp_path)
        with qtbot.waitSignal(wizard.finalized, timeout=10_000):
            c.finalize()
        wizard.close()

        _sync(engine)
        status, version = _server_visit(central, household_id)
        assert (status, version) == ("submitted", 1)
        assert workspace.store.run(lambda s: all(a.uploaded for a in s.scalars(
            select(Attachment))))

        supervisor = enrol(central.url, "office-zhang", central.users["office-zhang"], "office")
        visit_id = wizard.snapshot.visit_id
        answer = httpx.post(
            f"{central.url}/api/v1/review/visits/{visit_id}/decision",
            headers={"Authorization": f"Bearer {supervisor.tokens.access}",
                     PROTOCOL_HEADER: PROTOCOL_VERSION},
            json={"decision": "return", "version": 1,
                  "comments": [{"field": "income.wages", "text": "请补充工资收入证明"}]})
        assert answer.status_code == 200, answer.text

        _sync(engine)  # the return comes back with the review
        wizard, c = open_wizard(qtbot, workspace, household_id)
        assert wizard.status_badge.text() == "Returned for revision" or "退回" in \
            wizard.status_badge.text()
        assert "家庭收入 · 工资性收入：请补充工资收入证明" in wizard.review_notes.text()
        c.shot(name="returned")
        assert wizard.page("income").step.isEnabled()  # reopened for revision
        wizard.go_to_page("documents")
        add_redacted_photo(c, tmp_path)  # the proof the supervisor asked for
        wizard.go_to_page("finalize")
        qtbot.waitUntil(lambda: wizard.finalize_page.button.isEnabled(), timeout=5_000)
        with qtbot.waitSignal(wizard.finalized, timeout=10_000):
            c.finalize()
        assert wizard.snapshot.status.value == "revised" and wizard.snapshot.version == 2
        wizard.close()

        _sync(engine)
        assert _server_visit(central, household_id) == ("submitted", 2)
    finally:
        engine.close()
