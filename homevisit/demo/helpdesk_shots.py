"""The volunteer's help-desk screens for the screenshot run: the day's queue, a case half
way through (with a refused 校验码 showing its message), and the day's summary."""

from __future__ import annotations

import time
from collections.abc import Callable

from homevisit.gui.helpdesk.page import HelpDeskPage
from homevisit.gui.qt import QApplication, QComboBox, QLineEdit, QScrollArea, QWidget
from homevisit.ids import id_check_character
from homevisit.protocol.vocabulary import LoanType


def _wait(predicate: Callable[[], object], timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise TimeoutError("the help-desk screen did not get ready")
        QApplication.processEvents()
        time.sleep(0.01)


def _type(widget: QWidget, text: str) -> None:
    assert isinstance(widget, QLineEdit)
    widget.setText(text)
    widget.textEdited.emit(text)  # as typing does: saved at once


def _choose(widget: QWidget, code: str) -> None:
    assert isinstance(widget, QComboBox)
    widget.setCurrentIndex(widget.findData(code))


def helpdesk_screens(window: QWidget, page: HelpDeskPage,
                     shot: Callable[[QWidget, str], None]) -> None:
    _wait(lambda: page.shift is not None)
    for loan in (LoanType.FIRST, LoanType.RENEWAL, LoanType.FIRST, LoanType.FIRST):
        page.queue.issue(loan)
    page.refresh_queue()
    _wait(lambda: page.ticket_list.count() >= 4)
    shot(window, "helpdesk-queue")
    page.call_next()
    _wait(lambda: page.case is not None and not page.case._loading)
    case = page.case
    assert case is not None
    first17 = "32032120060315002"
    _type(case.field("student_name"), "孙可欣")
    _type(case.field("student_id_number"), first17 + id_check_character(first17))
    _type(case.field("student_phone"), "13951234567")
    _type(case.field("school"), "中国矿业大学")
    _choose(case.field("stage"), "undergraduate")
    _choose(case.field("student_status"), "new")
    _type(case.field("co_borrower_name"), "孙建华")
    _choose(case.field("co_borrower_relation"), "father")
    _wait(lambda: "student_card_or_report" not in case.item_boxes)
    for code in ("application_form", "admission_letter", "student_id_card_original"):
        case.item_boxes[code].setChecked(True)
    case.step_boxes["online_registration"].setChecked(True)
    _type(case.field("step:acceptance_certificate"), "12-34")
    _wait(lambda: case.problem_text("step:acceptance_certificate") != "")
    shot(window, "helpdesk-case")
    scroll = case.findChild(QScrollArea)
    if scroll is not None:  # the steps, the refused 校验码 and the outcome
        scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    shot(window, "helpdesk-case-steps")
    _type(case.field("step:acceptance_certificate"), "")
    _choose(case.field("outcome"), "documents_missing")
    case.close_case()
    _wait(lambda: page.case is None)
    _wait(lambda: "1" in page.summary_label.text())
    shot(window, "helpdesk-summary")
