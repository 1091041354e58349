"""The demo's standard visit, driven through the real widgets: a 3-member household (student,
father, mother), one document photo and one flag (the father works for a government body).
Shared by the tests that finalize it and by the effort count."""

from __future__ import annotations

from homevisit.gui.visit.signature_box import SignatureBox
from tests.gui.visit.driver import Counselor
from tests.gui.visit.test_whole_visit import SIGNATURE_STROKE, add_redacted_photo


def fill_members(c: Counselor) -> None:
    """The roster as the counselor completes it (health and occupations may already be
    there from the household record)."""
    for index in range(3):
        c.choose(f"members.people.{index}.life_status", "living")
        c.choose(f"members.people.{index}.health", "healthy")
    for index in (1, 2):
        c.choose(f"members.people.{index}.custody", "custodial")
    c.choose("members.people.2.occupation", "farmer")
    c.choose("members.people.1.occupation", "worker")
    c.type("members.people.1.employer", "红窑镇人民政府")
    c.choose("members.people.1.employer_type", "government_agency")


def draw_signature(c: Counselor, box_name: str) -> None:
    """Sign in the box and move on: the wizard stores what was drawn when the page is left."""
    box = c.wizard.findChild(SignatureBox, box_name)
    assert box is not None
    c.drag(box.pad, SIGNATURE_STROKE)
    assert box.has_unsaved()


def next_storing_signatures(c: Counselor, count: int) -> None:
    added = []
    c.wizard.attachment_added.connect(added.append)
    c.next()
    c.qtbot.waitUntil(lambda: len(added) >= count, timeout=10_000)
    c.wizard.attachment_added.disconnect(added.append)


def fill_consent(c: Counselor) -> None:
    """The consent step as the counselor completes it (mode and notice are preset)."""
    c.choose("consent.visit_mode", "home")
    c.choose("consent.notice_version", "notice-2025-1")
    c.answer("consent.notice_explained", True)
    c.tick("consent.consent_choices", "basic_information", "document_photos",
           "health_information")
    c.answer("consent.roster_check_authorised", True)
    c.answer("consent.authorisation_signed", True)
    c.answer("consent.guardian_signed", True)
    draw_signature(c, "consentSignature")


def explain_flags(c: Counselor) -> None:
    """Type each explanation; it is recorded after a pause in typing."""
    for index in range(len(c.wizard.flags_panel.cards)):
        card = c.wizard.flags_panel.cards[index]
        with c.saved():
            c.keys(card.explanation, "父亲为镇政府临时聘用保洁员，非在编人员")
    c.qtbot.waitUntil(lambda: all(f.status == "explained" for f in c.wizard.flags),
                      timeout=10_000)


def record_standard_visit(c: Counselor, tmp_path, *, explain: bool = True) -> None:
    """Every step up to the finalize page (flags explained only with ``explain``)."""
    fill_consent(c)
    next_storing_signatures(c, 1)
    c.choose("household.residence_type", "rural")
    c.answer("household.parents_divorced", False)
    c.next()
    fill_members(c)
    c.qtbot.waitUntil(lambda: len(c.wizard.flags_panel.cards) >= 1, timeout=10_000)
    c.next()
    for field, amount in (("wages", "36000"), ("farming", "4000"), ("business", "0")):
        c.type(f"income.{field}", amount)
    c.next()
    c.type("expenses.medical", "2000")
    c.type("expenses.education", "3000")
    c.next()
    c.choose("housing.housing_type", "own_brick")
    for field in ("has_car", "has_registered_business", "has_second_house"):
        c.answer(f"housing.{field}", False)
    c.next()
    c.answer("special_situations.student_disability", False)
    c.next()
    c.tick("policies.explained", "student_loan", "privacy_dignity")
    c.next()
    c.type("observations.observations", "房屋为自建砖房，家具简朴，学生学习用品齐全。")
    c.next()
    add_redacted_photo(c, tmp_path)
    c.next()
    c.choose("recommendation.level", c.wizard.score_box.suggested)
    c.answer("recommendation.counselor_signed", True)
    c.next()
    draw_signature(c, "guardianSignature")
    draw_signature(c, "visitorSignature")
    if explain:
        explain_flags(c)
    next_storing_signatures(c, 2)
