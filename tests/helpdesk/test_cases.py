"""A case from call to close, without Qt: each edit committed with its outbox row; refused
input kept as typed and never sent; the checklist follows loan type and student status;
duplicates of the day pointed out; time from call to close; the day's summary."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from homevisit.helpdesk import cases
from homevisit.helpdesk.documents import current_checklist, current_policy_card
from homevisit.helpdesk.summary import day_summary, summary_text
from homevisit.ids import id_check_character
from homevisit.model import HelpDeskCase, Outbox
from homevisit.protocol.vocabulary import LoanType, StudentStatus
from tests.helpdesk.conftest import DAY, DESK

CALLED = dt.datetime(2026, 7, 20, 1, 0, tzinfo=dt.UTC)


def valid_id(seq: int) -> str:
    first17 = f"32032120060101{seq:03d}"
    return first17 + id_check_character(first17)


def wrong_check(seq: int) -> str:
    good = valid_id(seq)
    return good[:17] + ("0" if good[17] != "0" else "1")


def open_case(store, number: int = 1, loan: LoanType = LoanType.FIRST) -> str:
    def work(s):  # type: ignore[no-untyped-def]
        from homevisit.model import DeskShift

        return cases.open_case(s, s.get(DeskShift, (DESK, DAY)), volunteer="v1",
                               ticket_number=number, loan_type=loan, now=CALLED)

    return store.run(work)


def test_the_checklist_differs_for_first_loan_renewal_new_and_current():
    checklist = current_checklist()
    first_new = {i.code for i in checklist.items_for(LoanType.FIRST, StudentStatus.NEW)}
    renewal_current = {i.code for i in checklist.items_for(LoanType.RENEWAL,
                                                           StudentStatus.CURRENT)}
    assert {"application_form", "admission_letter", "hukou_book_original",
            "student_id_card_original", "co_borrower_id_card_original"} <= first_new
    assert "student_card_or_report" not in first_new
    assert "student_card_or_report" in renewal_current and "admission_letter" not in (
        renewal_current)
    steps = {s.code: s for s in checklist.steps}
    assert steps["acceptance_certificate"].pattern is not None
    assert "contract_signed" in {s.code for s in checklist.steps_for(LoanType.FIRST)}
    card = " ".join(t.zh for _c, t in current_policy_card().items)
    assert "20000" in card and "25000" in card and "2024 年 9 月 1 日" in card


def test_a_wrong_check_character_is_refused_at_the_field_and_kept_as_typed(store):
    case_id = open_case(store)
    saved = store.run(lambda s: cases.set_field(s, case_id, "student_id_number",
                                                wrong_check(1)))
    assert saved.field == "student_id_number"
    assert saved.problem is not None and "校验位不符" in saved.problem.zh
    view = store.run(lambda s: cases.view(s, case_id))
    assert view.unsaved["student_id_number"] == wrong_check(1)
    assert view.values["student_id_number"] is None
    sent = store.run(lambda s: [o.payload for o in s.scalars(select(Outbox))])
    assert all(wrong_check(1) not in str(p) for p in sent)
    store.run(lambda s: cases.set_field(s, case_id, "student_id_number", valid_id(1)))
    view = store.run(lambda s: cases.view(s, case_id))
    assert view.values["student_id_number"] == valid_id(1) and view.unsaved == {}


def test_a_check_code_of_the_wrong_shape_is_refused_and_kept(store):
    case_id = open_case(store)
    saved = store.run(lambda s: cases.set_step(s, case_id, "acceptance_certificate", "12-34"))
    assert saved.problem is not None and "8 位数字或大写字母" in saved.problem.zh
    assert store.run(lambda s: cases.view(s, case_id)).unsaved == {
        "step:acceptance_certificate": "12-34"}
    store.run(lambda s: cases.set_step(s, case_id, "acceptance_certificate", "ab12cd34"))
    assert store.run(lambda s: cases.view(s, case_id)).steps == {
        "acceptance_certificate": "AB12CD34"}


def test_a_first_loan_needs_a_co_borrower_before_it_closes(store):
    case_id = open_case(store)
    store.run(lambda s: cases.set_field(s, case_id, "outcome", "accepted"))
    with pytest.raises(cases.FieldProblem) as problem:
        store.run(lambda s: cases.close_case(s, case_id))
    assert problem.value.field == "co_borrower_name" and "共同借款人" in problem.value.text.zh
    store.run(lambda s: cases.set_field(s, case_id, "co_borrower_name", "王建国"))
    store.run(lambda s: cases.set_field(s, case_id, "co_borrower_relation", "father"))
    later = CALLED + dt.timedelta(minutes=11, seconds=20)
    assert store.run(lambda s: cases.close_case(s, case_id, now=later)) == 12


def test_the_same_student_today_is_pointed_out_at_once(store):
    first, second = open_case(store, 1), open_case(store, 2)
    store.run(lambda s: cases.set_field(s, first, "student_id_number", valid_id(5)))
    saved = store.run(lambda s: cases.set_field(s, second, "student_id_number", valid_id(5)))
    assert saved.warning is not None and "第 1 号" in saved.warning.zh


def test_missing_documents_and_the_day_summary(store):
    case_id = open_case(store, 3)
    for field, value in (("student_status", "new"), ("co_borrower_name", "李梅"),
                         ("co_borrower_relation", "mother"), ("outcome", "documents_missing")):
        store.run(lambda s, f=field, v=value: cases.set_field(s, case_id, f, v))
    for code in ("application_form", "admission_letter", "student_id_card_original",
                 "co_borrower_id_card_original"):
        store.run(lambda s, c=code: cases.tick(s, case_id, c, True))
    store.run(lambda s: cases.close_case(s, case_id, now=CALLED + dt.timedelta(minutes=9)))
    row = store.run(lambda s: s.get(HelpDeskCase, case_id).missing_documents)
    assert row == ["hukou_book_original"]
    open_case(store, 4, LoanType.RENEWAL)  # still open
    summary = store.run(lambda s: day_summary(s, DESK, DAY))
    assert summary.cases == 2 and summary.outcomes == {"documents_missing": 1, "open": 1}
    assert summary.minutes_per_case == 9.0 and summary.open_tickets == [4]
    text = summary_text(summary, "zh")
    assert "户口簿原件" in text and "材料不全: 1" in text


def test_a_newer_checklist_from_the_server_wins_over_the_shipped_one(store):
    import copy
    import hashlib
    import json

    import yaml

    from homevisit.model import ReceivedDocument
    from homevisit.protocol.vocabulary import DocumentKind
    from homevisit.resources import resource_path

    shipped = yaml.safe_load(resource_path("helpdesk", "student-loan-checklist.yaml")
                             .read_text("utf-8"))
    newer = copy.deepcopy(shipped)
    newer["version"] = 2
    newer["items"].append({"code": "poverty_certificate", "zh": "家庭经济困难证明",
                           "en": "Proof of financial difficulty", "loan_types": ["first"]})
    broken = {**copy.deepcopy(shipped), "version": 3, "items": []}  # fails the schema

    def receive(s, body):  # type: ignore[no-untyped-def]
        s.add(ReceivedDocument(kind=DocumentKind.HELPDESK_CHECKLIST, doc_id="student-loan",
                               version=body["version"], body=body,
                               sha256=hashlib.sha256(json.dumps(body).encode()).hexdigest()))

    case_id = open_case(store)
    store.run(lambda s: receive(s, newer))
    assert store.run(lambda s: current_checklist(s).version) == 2
    store.run(lambda s: cases.tick(s, case_id, "poverty_certificate", True))
    view = store.run(lambda s: cases.view(s, case_id))
    assert view.checklist_document.item("poverty_certificate") is not None
    store.run(lambda s: receive(s, broken))  # never used as it is: the shipped one instead
    assert store.run(lambda s: current_checklist(s).version) == 1  # shipped, not broken
