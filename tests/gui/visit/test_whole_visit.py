"""A counselor completes every step of a visit with the real widgets, then finalizes it."""

from __future__ import annotations

import io
import os

from PIL import Image
from sqlalchemy import select

from homevisit.gui import translations
from homevisit.gui.households.detail import HouseholdDetailDialog
from homevisit.gui.qt import QPoint, Qt
from homevisit.gui.visit.flags_panel import FlagCard
from homevisit.gui.visit.wizard import VisitWizard
from homevisit.model import (
    Attachment,
    AuditEvent,
    ConsentRecord,
    Flag,
    Member,
    Outbox,
    Visit,
    VisitVersion,
)
from homevisit.protocol.vocabulary import FlagStatus
from homevisit.visits import draft
from tests.gui.visit.conftest import TODAY
from tests.gui.visit.driver import Counselor

SIGNATURE_STROKE = [(40, 60), (80, 90), (120, 50), (160, 95), (200, 60), (240, 80)]


def open_wizard(qtbot, workspace, household_id) -> tuple[VisitWizard, Counselor]:
    if os.environ.get("HOMEVISIT_VISIT_SHOTS"):
        translations.install("zh_CN")
    wizard = VisitWizard(workspace, household_id, today=TODAY, save_delay_ms=50)
    qtbot.addWidget(wizard)
    with qtbot.waitSignal(wizard.loaded, timeout=10_000):
        wizard.resize(1200, 820)
        wizard.show()
    return wizard, Counselor(qtbot, wizard)


def sign(counselor: Counselor, box_name: str) -> None:
    from homevisit.gui.visit.signature_box import SignatureBox

    box = counselor.wizard.findChild(SignatureBox, box_name)
    assert box is not None
    counselor.drag(box.pad, SIGNATURE_STROKE)
    assert not box.pad.is_empty()
    with counselor.qtbot.waitSignal(counselor.wizard.attachment_added, timeout=10_000):
        counselor.click(box.save_button)
    assert box.saved


def fill_consent(c: Counselor) -> None:
    c.choose("consent.visit_mode", "home")
    c.choose("consent.notice_version", "notice-2025-1")
    c.answer("consent.notice_explained", True)
    c.tick("consent.consent_choices", "basic_information", "document_photos",
           "health_information")
    assert not c.row("consent.authorisation_signed").isVisible()
    c.answer("consent.roster_check_authorised", True)
    assert c.row("consent.authorisation_signed").isVisible()  # shown by the definition's rule
    c.answer("consent.authorisation_signed", True)
    c.answer("consent.guardian_signed", True)
    sign(c, "consentSignature")


def fill_members(c: Counselor) -> None:
    # The roster comes pre-filled from the household record: student, father, mother.
    for index in range(3):
        c.choose(f"members.people.{index}.life_status", "living")
        c.choose(f"members.people.{index}.health", "healthy")
    for index in (1, 2):
        c.choose(f"members.people.{index}.custody", "custodial")
    c.choose("members.people.2.occupation", "farmer")
    assert not c.row("members.people.1.employer_type").isVisible()
    c.choose("members.people.1.occupation", "worker")
    assert c.row("members.people.1.employer_type").isVisible()
    c.type("members.people.1.employer", "红窑镇人民政府")
    c.choose("members.people.1.employer_type", "government_agency")


def test_counselor_completes_every_step_and_finalizes(qtbot, workspace, household_id, tmp_path):
    wizard, c = open_wizard(qtbot, workspace, household_id)
    assert wizard.current_page().id == "consent"
    # Later steps appear only once the guardian consents to basic information.
    assert wizard.step_list.item(wizard.pages.index(wizard.page("members"))).isHidden()
    fill_consent(c)
    assert not wizard.step_list.item(wizard.pages.index(wizard.page("members"))).isHidden()

    c.next()
    assert wizard.current_page().id == "household"
    c.choose("household.residence_type", "rural")
    c.answer("household.parents_divorced", False)

    c.next()
    fill_members(c)
    # The father works for a government body: flags appear with the question to ask.
    qtbot.waitUntil(lambda: len(wizard.flags_panel.cards) >= 1, timeout=10_000)
    card = wizard.flags_panel.cards[0]
    question = card.findChild(type(card.status), "question").text()
    assert question == wizard.flags[0].question.zh  # the question to ask, in Chinese

    c.next()
    assert wizard.current_page().id == "income"
    c.type("income.wages", "abc")
    assert c.message("income.wages") == "请填写数字。"  # inline, in Chinese, next to the field
    c.type("income.wages", "36000")
    assert c.message("income.wages") == ""
    c.type("income.farming", "4000")
    c.type("income.business", "0")

    c.next()
    c.type("expenses.medical", "2000")
    c.type("expenses.education", "3000")

    c.next()
    c.choose("housing.housing_type", "own_brick")
    c.answer("housing.has_car", True)
    assert "机动车" in c.message("housing.has_car")  # the definition's warning
    c.type("housing.car_note", "二手三轮车，用于运送农产品")
    c.answer("housing.has_registered_business", False)
    c.answer("housing.has_second_house", False)

    c.next()
    c.answer("special_situations.student_disability", False)
    c.next()
    c.tick("policies.explained", "student_loan", "privacy_dignity")
    c.next()
    c.type("observations.observations", "房屋为自建砖房，家具简朴，学生学习用品齐全。")
    c.tick("observations.student_traits", next(iter(
        c.row("observations.student_traits").editor.boxes)))

    c.next()
    assert wizard.current_page().id == "documents"
    add_redacted_photo(c, tmp_path)

    c.next()
    assert wizard.current_page().id == "recommendation"
    assert "量化" in wizard.score_box.text() or "score" in wizard.score_box.text().lower()
    suggested = wizard.score_box.suggested
    other = "difficult" if suggested != "difficult" else "generally_difficult"
    c.choose("recommendation.level", other)
    assert c.message("recommendation.reason") == ""  # not shouted before it is touched
    c.type("recommendation.reason", "父亲")
    assert "至少" in c.message("recommendation.reason")  # too short: min_length 5
    c.type("recommendation.reason", "父亲工资收入低且母亲务农，家庭负担重")
    c.answer("recommendation.counselor_signed", True)

    c.next()
    assert wizard.current_page().id == "signatures"
    sign(c, "guardianSignature")
    sign(c, "visitorSignature")

    explain_flags(c)

    c.next()
    assert wizard.current_page().id == "finalize"
    # The household's detail is open beside the wizard; no shell is there to refresh it.
    detail = HouseholdDetailDialog(workspace, household_id)
    qtbot.addWidget(detail)
    qtbot.waitUntil(lambda: detail.detail is not None, timeout=10_000)
    assert [v.status for v in detail.detail.visits] == ["draft"]
    qtbot.waitUntil(lambda: wizard.finalize_page.button.isEnabled(), timeout=5_000)
    with qtbot.waitSignal(wizard.finalized, timeout=10_000):
        c.finalize()
    qtbot.waitUntil(lambda: [v.status for v in detail.detail.visits] == ["finalized"],
                    timeout=10_000)
    assert detail.visits.item(0, 0).text() == detail.tr("Finalized")
    assert not detail.detail.open_visit_id  # the detail now offers a new visit, not this one

    c.shot(name="12_finalized")
    # Read-only afterwards, and everything is in the store with outbox rows to sync.
    assert not wizard.page("consent").step.isEnabled()
    assert not wizard.finalize_page.button.isEnabled()
    check_finalized_in_store(workspace, household_id)


def add_redacted_photo(c: Counselor, tmp_path) -> None:
    from homevisit.gui.visit.capture_dialog import CaptureDialog

    photo = tmp_path / "hukou.png"
    Image.new("RGB", (400, 300), (230, 230, 230)).save(photo)
    c.press("addAttachment")
    dialog = c.wizard.findChild(CaptureDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.load_file(photo)  # what the file chooser or a drop hands over
    dialog.doc_type.setCurrentIndex(dialog.doc_type.findData("hukou"))
    editor = dialog.editor
    target = editor._target()
    # Black out the top-left quarter of the photo with a mouse drag.
    start = target.topLeft().toPoint() + QPoint(1, 1)
    end = (target.topLeft() + (target.bottomRight() - target.topLeft()) / 2).toPoint()
    c.drag(editor, [(start.x(), start.y()), (end.x(), end.y())])
    c.shot(dialog, "capture_dialog")
    before = c.wizard.documents.list.count()
    with c.qtbot.waitSignal(c.wizard.attachment_added, timeout=10_000):
        c.qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    c.qtbot.waitUntil(lambda: c.wizard.documents.list.count() == before + 1, timeout=5_000)

    added = c.wizard.attachments[-1]
    assert added.doc_type == "hukou"
    row = c.wizard.workspace.store.run(lambda s: s.get(Attachment, added.id))
    stored = c.wizard.workspace.vault.read_bytes(row.vault_file_id, row.file_key)
    image = Image.open(io.BytesIO(stored)).convert("L")
    assert image.getpixel((20, 20)) < 40  # burned in: black in the stored pixels
    assert image.getpixel((380, 280)) > 200  # the rest untouched


def explain_flags(c: Counselor) -> None:
    for index in range(len(c.wizard.flags_panel.cards)):
        card: FlagCard = c.wizard.flags_panel.cards[index]
        c.keys(card.explanation, "父亲为镇政府临时聘用保洁员，非在编人员")
        with c.saved():
            c.click(card.save)
    assert all(f.status == "explained" for f in c.wizard.flags)


def check_finalized_in_store(workspace, household_id) -> None:
    def read(session):
        visit = session.scalars(select(Visit).where(Visit.household_id == household_id)).one()
        versions = session.scalars(select(VisitVersion)).all()
        queued = {row.entity for row in session.scalars(select(Outbox))}
        consent = session.scalars(select(ConsentRecord)).one()
        flags = session.scalars(select(Flag)).all()
        kinds = {a.doc_type for a in session.scalars(select(Attachment))}
        audited = [(e.action, e.detail) for e in session.scalars(select(AuditEvent))]
        return visit, versions, queued, consent, flags, kinds, audited

    visit, versions, queued, consent, flags, kinds, audited = workspace.store.run(read)
    consent_events = [detail for action, detail in audited if action == "consent"]
    assert consent_events and consent_events[0]["signed"]  # the signed consent, audited
    assert "王" not in repr(audited)  # no names in the audit log
    assert visit.status.value == "finalized" and visit.version == 1
    assert [v.version for v in versions] == [1]
    assert versions[0].recommended_level == visit.recommended_level
    assert visit.recommendation_reason
    assert draft.WIZARD_KEY not in versions[0].answers
    assert {"visit", "visit_version", "consent", "attachment", "flag"} <= queued
    assert consent.signature_attachment_id and consent.roster_check_authorised
    assert flags and all(f.status is FlagStatus.EXPLAINED for f in flags)
    assert set(draft.SIGNATURES) | {"hukou"} <= kinds
    # The roster went back to the household's member rows, queued for the server.
    father = workspace.store.run(lambda s: s.scalars(select(Member).where(
        Member.household_id == household_id, Member.relation == "father")).one())
    assert (father.occupation, father.employer) == ("worker", "红窑镇人民政府")
    assert "member" in queued


def test_the_wizard_keeps_the_sessions_time_per_step_with_the_answers(
        qtbot, workspace, household_id):
    wizard, c = open_wizard(qtbot, workspace, household_id)
    assert wizard.current_page().id == wizard.session.current == "consent"
    fill_consent(c)
    c.next()
    assert wizard.current_page().id == wizard.session.current == "household"
    c.click(wizard.back_button)
    assert wizard.session.current == "consent"
    with qtbot.waitSignal(wizard.saved, timeout=10_000):
        wizard.close()
    place = workspace.store.run(lambda s: s.get(Visit, wizard.snapshot.visit_id).answers)[
        draft.WIZARD_KEY]
    assert place["step"] == "consent"
    stays = place["stays"]
    assert [s["page"] for s in stays] == ["consent", "household", "consent"]
    assert all(s["left"] is not None and s["left"] >= s["entered"] for s in stays)

    again, _ = open_wizard(qtbot, workspace, household_id)
    assert again.current_page().id == "consent"
    assert [s.page for s in again.session.stays] == ["consent", "household", "consent",
                                                     "consent"]
