"""The case screen: one walk-in from the call of their ticket to the close.

Every keystroke goes to the store worker as one small transaction (helpdesk.cases), so a
crash loses at most the field being edited. A refused value (wrong ID check character, a
校验码 of the wrong shape, a first loan without a co-borrower) gets its message under the
field and stays as typed. ID numbers are shown masked once the field loses focus.
"""

from __future__ import annotations

import html
from typing import Any

from homevisit.gui.messages import core_language, error_text
from homevisit.gui.qt import (
    QCheckBox,
    QComboBox,
    QFocusEvent,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    Signal,
)
from homevisit.gui.tasks import run_in_store
from homevisit.helpdesk import cases
from homevisit.helpdesk.documents import Checklist, PolicyCard
from homevisit.i18n import Text
from homevisit.ids import is_valid_resident_id, mask_id
from homevisit.protocol.vocabulary import CaseOutcome, LoanType, StudentStatus
from homevisit.workspace import Workspace

STAGES = (("undergraduate", Text("本专科生", "Undergraduate")),
          ("postgraduate", Text("研究生", "Postgraduate")))
RELATIONS = (("father", Text("父亲", "Father")), ("mother", Text("母亲", "Mother")),
             ("guardian", Text("其他法定监护人", "Other legal guardian")),
             ("self_spouse", Text("配偶", "Spouse")))
STATUSES = ((StudentStatus.NEW.value, Text("新生（录取通知书）", "New (admission letter)")),
            (StudentStatus.CURRENT.value, Text("在校生（学生证）", "Current (student card)")))
OUTCOMES = ((CaseOutcome.ACCEPTED.value, Text("已受理", "Accepted")),
            (CaseOutcome.DOCUMENTS_MISSING.value, Text("材料不全", "Documents missing")),
            (CaseOutcome.REFERRED.value, Text("转介", "Referred")))


def _t(text: Text) -> str:
    return text.in_language(core_language())


class MaskedIdEdit(QLineEdit):
    """An ID number field that shows a stored number masked (3203**********123X) while it
    is not being edited; the full number only while the volunteer types in it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full = ""

    def show_number(self, number: str, *, masked: bool) -> None:
        self.full = number
        self.setText(mask_id(number) if masked and number and not self.hasFocus() else number)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self.full and self.text() == mask_id(self.full):  # shown masked: edit the number
            self.setText(self.full)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if "*" not in self.text():
            self.full = self.text()
        if is_valid_resident_id(self.full):  # a refused number stays as typed, to fix
            self.setText(mask_id(self.full))


class CaseScreen(QWidget):
    """Emits :attr:`closed` with the ticket number once the case is closed."""

    closed = Signal(int)
    slip_requested = Signal(str)

    def __init__(self, workspace: Workspace, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpdeskCase")
        self.workspace, self.case_id = workspace, case_id
        self.ticket = 0
        self.loan_type = LoanType.FIRST
        self.problems: dict[str, QLabel] = {}
        self.inputs: dict[str, Any] = {}
        self.item_boxes: dict[str, QCheckBox] = {}
        self.step_boxes: dict[str, QCheckBox] = {}
        self._loading = True
        outer = QHBoxLayout(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        body = QWidget(scroll)
        scroll.setWidget(body)
        outer.addWidget(scroll, 3)
        self.form = QVBoxLayout(body)
        self.heading = QLabel(body)
        self.heading.setObjectName("caseHeading")
        self.heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.form.addWidget(self.heading)
        self.duplicate = QLabel(body)
        self.duplicate.setObjectName("duplicateNotice")
        self.duplicate.setWordWrap(True)
        self.duplicate.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.duplicate.hide()
        self.form.addWidget(self.duplicate)
        self._applicant(body)
        self.checklist_box = QGroupBox(self.tr("Documents brought"), body)
        self.checklist_layout = QVBoxLayout(self.checklist_box)
        self.form.addWidget(self.checklist_box)
        self.steps_box = QGroupBox(self.tr("Steps"), body)
        self.steps_layout = QVBoxLayout(self.steps_box)
        self.form.addWidget(self.steps_box)
        self._lists: QWidget | None = None  # the rows of both boxes, rebuilt together
        self._steps: QWidget | None = None
        self._outcome(body)
        outer.addWidget(self._policy_card(), 2)

    # --- building --------------------------------------------------------------------------

    def _field(self, layout: QFormLayout, label: str, field: str, widget: QWidget) -> None:
        widget.setObjectName(f"field:{field}")
        problem = QLabel(widget.parent())  # type: ignore[arg-type]  # a QWidget parent
        problem.setObjectName(f"problem:{field}")
        problem.setWordWrap(True)
        problem.setStyleSheet("color: #b3261e;")
        problem.hide()
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(problem)
        layout.addRow(label, column)
        self.inputs[field], self.problems[field] = widget, problem

    def _line(self, layout: QFormLayout, label: str, field: str, parent: QWidget) -> QLineEdit:
        edit = MaskedIdEdit(parent) if field.endswith("id_number") else QLineEdit(parent)
        edit.textEdited.connect(lambda text, f=field: self._save(f, text))
        self._field(layout, label, field, edit)
        return edit

    def _choice(self, layout: QFormLayout, label: str, field: str,
                choices: tuple[tuple[str, Text], ...], parent: QWidget) -> QComboBox:
        combo = QComboBox(parent)
        combo.addItem("", "")
        for code, text in choices:
            combo.addItem(_t(text), code)
        combo.currentIndexChanged.connect(
            lambda _i, f=field, c=combo: self._save(f, c.currentData()))
        self._field(layout, label, field, combo)
        return combo

    def _applicant(self, body: QWidget) -> None:
        student = QGroupBox(self.tr("Student"), body)
        form = QFormLayout(student)
        self._line(form, self.tr("Name"), "student_name", student)
        self._line(form, self.tr("ID number"), "student_id_number", student)
        self._line(form, self.tr("Mobile"), "student_phone", student)
        self._line(form, self.tr("University"), "school", student)
        self._choice(form, self.tr("Stage"), "stage", STAGES, student)
        self._choice(form, self.tr("New or current"), "student_status", STATUSES, student)
        self.form.addWidget(student)
        co = QGroupBox(self.tr("Co-borrower"), body)
        form = QFormLayout(co)
        self._line(form, self.tr("Name"), "co_borrower_name", co)
        self._line(form, self.tr("ID number"), "co_borrower_id_number", co)
        self._choice(form, self.tr("Relation"), "co_borrower_relation", RELATIONS, co)
        self.form.addWidget(co)

    def _outcome(self, body: QWidget) -> None:
        box = QGroupBox(self.tr("Problems and outcome"), body)
        form = QFormLayout(box)
        problems = QPlainTextEdit(box)
        problems.setMaximumHeight(70)
        problems.textChanged.connect(
            lambda: self._save("problems", problems.toPlainText()))
        self._field(form, self.tr("Problems and how they were solved"), "problems", problems)
        self._choice(form, self.tr("Outcome"), "outcome", OUTCOMES, box)
        self._line(form, self.tr("Follow-up"), "follow_up", box)
        buttons = QHBoxLayout()
        self.slip_button = QPushButton(self.tr("What to bring next time…"), box)
        self.slip_button.setObjectName("slipButton")
        self.slip_button.clicked.connect(lambda: self.slip_requested.emit(self.case_id))
        self.close_button = QPushButton(self.tr("Close case"), box)
        self.close_button.setObjectName("closeCaseButton")
        self.close_button.clicked.connect(self.close_case)
        buttons.addWidget(self.slip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        form.addRow(buttons)
        self.form.addWidget(box)
        self.form.addStretch(1)

    def _policy_card(self) -> QWidget:
        self.policy_browser = QTextBrowser(self)
        self.policy_browser.setObjectName("policyCard")
        return self.policy_browser

    def _show_policy_card(self, card: PolicyCard) -> None:
        lines = [f"<h3>{html.escape(_t(card.title))}</h3>"]
        lines += [f"<p>{html.escape(_t(text))}</p>" for _code, text in card.items]
        self.policy_browser.setHtml("".join(lines))

    def _rebuild_checklist(self, checklist: Checklist, status: str | None,
                           ticked: dict[str, bool], steps: dict[str, Any],
                           unsaved: dict[str, str]) -> None:
        """The items this applicant brings and the steps of this loan type (new or current
        student, first loan or renewal: another list)."""
        for old in (self._lists, self._steps):
            if old is not None:
                old.hide()
                old.deleteLater()
        for field in [f for f in self.inputs if f.startswith("step:")]:
            del self.inputs[field], self.problems[field]
        self._lists, self._steps = QWidget(self.checklist_box), QWidget(self.steps_box)
        self.checklist_layout.addWidget(self._lists)
        self.steps_layout.addWidget(self._steps)
        items, rows = QVBoxLayout(self._lists), QFormLayout(self._steps)
        self.item_boxes, self.step_boxes = {}, {}
        for entry in checklist.items_for(self.loan_type,
                                         StudentStatus(status) if status else None):
            box = QCheckBox(_t(entry.text), self._lists)
            box.setObjectName(f"item:{entry.code}")
            box.setChecked(bool(ticked.get(entry.code)))
            box.toggled.connect(lambda on, c=entry.code: self._tick(c, on))
            items.addWidget(box)
            self.item_boxes[entry.code] = box
        for step in checklist.steps_for(self.loan_type):
            if step.pattern is None:
                box = QCheckBox(_t(step.text), self._steps)
                box.setObjectName(f"step:{step.code}")
                box.setChecked(bool(steps.get(step.code)))
                box.toggled.connect(lambda on, c=step.code: self._step(c, on))
                rows.addRow(box)
                self.step_boxes[step.code] = box
                continue
            edit = QLineEdit(self._steps)
            edit.setText(unsaved.get(f"step:{step.code}") or str(steps.get(step.code) or ""))
            edit.textEdited.connect(lambda text, c=step.code: self._step(c, text))
            self._field(rows, _t(step.text), f"step:{step.code}", edit)

    # --- loading ---------------------------------------------------------------------------

    def load(self) -> None:
        run_in_store(self.workspace.store, lambda s: cases.view(s, self.case_id),
                     self._show, owner=self)

    def _show(self, case: cases.CaseView) -> None:
        self._loading = True
        self.ticket, self.loan_type = case.ticket_number or 0, case.loan_type
        loan = self.tr("first loan") if case.loan_type is LoanType.FIRST else self.tr("renewal")
        self.heading.setText(self.tr("Ticket %1 · %2").replace("%1", str(self.ticket))
                             .replace("%2", loan))
        for field, widget in self.inputs.items():
            if field.startswith("step:"):
                continue
            value = case.unsaved.get(field, case.values.get(field))
            if isinstance(widget, MaskedIdEdit):
                widget.show_number(str(value or ""), masked=field not in case.unsaved)
            elif isinstance(widget, QLineEdit):
                widget.setText("" if value is None else str(value))
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(str(value or ""))
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value or "")))
        self._rebuild_checklist(case.checklist_document, case.values.get("student_status"),
                                case.checklist, case.steps, case.unsaved)
        self._show_policy_card(case.policy_card)
        self._show_duplicate(case)
        self._loading = False

    def refresh_notice(self) -> None:
        """After a sync: only the duplicate notice (the server's count) — never the fields,
        which the volunteer may be typing in."""
        run_in_store(self.workspace.store, lambda s: cases.view(s, self.case_id),
                     self._show_duplicate, owner=self)

    def _show_duplicate(self, case: cases.CaseView) -> None:
        if case.seen_today:
            text = cases.SEEN_TODAY.format(numbers="、".join(map(str, case.seen_today)))
        elif case.seen_elsewhere:
            text = cases.SEEN_ELSEWHERE.format(count=case.seen_elsewhere)
        else:
            self.duplicate.hide()
            return
        self.duplicate.setText(_t(text))
        self.duplicate.show()

    # --- saving ----------------------------------------------------------------------------

    def _problem(self, field: str, text: str | None) -> None:
        label = self.problems.get(field)
        if label is None:
            return
        label.setText(text or "")
        label.setVisible(bool(text))

    def _failed(self, field: str, error: BaseException) -> None:
        if isinstance(error, cases.FieldProblem):
            self._problem(error.field, _t(error.text))
        else:
            self._problem(field, error_text(error))

    def _save(self, field: str, value: Any) -> None:
        if self._loading:
            return

        def saved(result: cases.Saved) -> None:
            widget = self.inputs.get(field)
            if isinstance(widget, MaskedIdEdit):
                widget.full = str(value)
            self._problem(field, _t(result.problem) if result.problem else None)
            if result.problem is not None:
                return
            if field == "student_id_number":
                warning = result.warning
                self.duplicate.setText(_t(warning) if warning else "")
                self.duplicate.setVisible(warning is not None)
            if field == "student_status":
                self.load()  # new or current student: another checklist
            if field in ("co_borrower_name", "co_borrower_relation"):
                self._problem("co_borrower_name", None)

        run_in_store(self.workspace.store,
                     lambda s: cases.set_field(s, self.case_id, field, value), saved,
                     lambda e: self._failed(field, e), owner=self)

    def _tick(self, code: str, on: bool) -> None:
        if not self._loading:
            run_in_store(self.workspace.store, lambda s: cases.tick(s, self.case_id, code, on),
                         owner=self)

    def _step(self, code: str, value: bool | str) -> None:
        if self._loading:
            return
        field = f"step:{code}"
        run_in_store(self.workspace.store,
                     lambda s: cases.set_step(s, self.case_id, code, value),
                     lambda r: self._problem(field, _t(r.problem) if r.problem else None),
                     lambda e: self._failed(field, e), owner=self)

    def close_case(self) -> None:
        run_in_store(self.workspace.store, lambda s: cases.close_case(s, self.case_id),
                     lambda _minutes: self.closed.emit(self.ticket),
                     lambda e: self._failed("outcome", e), owner=self)

    def field(self, name: str) -> QWidget:
        return self.inputs[name]

    def problem_text(self, name: str) -> str:
        label = self.problems[name]
        return label.text() if label.isVisible() or label.text() else ""

