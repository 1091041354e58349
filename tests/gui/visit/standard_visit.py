"""The demo's standard visit, driven through the real widgets: a 3-member household (student,
father, mother), one document photo and one flag (the father works for a government body).
Shared by the tests that finalize it and by the effort count."""

from __future__ import annotations

from tests.gui.visit.driver import Counselor
from tests.gui.visit.test_whole_visit import (
    add_redacted_photo,
    explain_flags,
    fill_consent,
    fill_members,
    sign,
)


def record_standard_visit(c: Counselor, tmp_path, *, explain: bool = True) -> None:
    """Every step up to the finalize page (flags explained only with ``explain``)."""
    fill_consent(c)
    c.next()
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
    sign(c, "guardianSignature")
    sign(c, "visitorSignature")
    if explain:
        explain_flags(c)
    c.next()
