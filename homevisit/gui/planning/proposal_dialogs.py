"""Proposing a household (提议新家庭) and a supervisor's decision on a proposal.

Consent first: the family's details can be typed only once the counselor has chosen the
notice, confirmed it was explained and that the family agrees to be proposed (the same
notice versions as the visit's consent step). Minimal data: township code, address, a
contact's name, why — no ID number, no phone."""

from __future__ import annotations

from homevisit.gui.messages import core_language
from homevisit.gui.planning.common import HINT_STYLE, PlanningDialog, editor
from homevisit.gui.qt import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)
from homevisit.planning import proposals
from homevisit.planning.proposals import (
    NOTICE_VERSIONS,
    REASON_LABELS,
    ProposalConsent,
    ProposalDraft,
    ProposalRow,
)
from homevisit.protocol.vocabulary import ProposalReason
from homevisit.workspace import Workspace


def _relations() -> list[tuple[str, str]]:
    from homevisit.visits.codelists import load_codelist  # jsonschema: only when it opens

    codes = load_codelist("relations")
    return [(item.code, item.label.in_language(core_language()))
            for item in codes.items if item.code != "self"]


class ProposalDialog(PlanningDialog):
    """A counselor proposes a family that is on no list."""

    def __init__(self, workspace: Workspace, actor: str, region_code: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(workspace, self.tr("&Propose"), parent)
        self.actor = actor
        self.setWindowTitle(self.tr("Propose a household"))
        consent = QGroupBox(self.tr("1. Consent first"), self)
        consent_form = QFormLayout(consent)
        self.notice = QComboBox(consent)
        self.notice.setObjectName("noticeChoice")
        for code, notice in NOTICE_VERSIONS.items():
            self.notice.addItem(notice.in_language(core_language()), code)
        consent_form.addRow(self.tr("Notice"), self.notice)
        self.explained = QCheckBox(self.tr("I explained the privacy notice to the family"),
                                   consent)
        self.explained.setObjectName("noticeExplained")
        self.agrees = QCheckBox(self.tr("The family agrees to be proposed for student aid"),
                                consent)
        self.agrees.setObjectName("familyAgrees")
        consent_form.addRow(self.explained)
        consent_form.addRow(self.agrees)
        self.body.addWidget(consent)

        self.details = QGroupBox(self.tr("2. The family (no ID numbers)"), self)
        form = QFormLayout(self.details)
        self.region = QLineEdit(region_code, self.details)
        self.region.setObjectName("regionEdit")
        self.region.setMaxLength(9)
        self.region.setPlaceholderText("320321")
        form.addRow(self.tr("Township or county code"), self.region)
        self.address = QLineEdit(self.details)
        self.address.setObjectName("addressEdit")
        self.address.setMaxLength(200)
        form.addRow(self.tr("Address"), self.address)
        self.contact = QLineEdit(self.details)
        self.contact.setObjectName("contactEdit")
        self.contact.setMaxLength(100)
        form.addRow(self.tr("Contact's name"), self.contact)
        self.relation = QComboBox(self.details)
        self.relation.setObjectName("relationChoice")
        self.relation.addItem(self.tr("(not given)"), None)
        for code, relation in _relations():
            self.relation.addItem(relation, code)
        form.addRow(self.tr("Contact's relation to the student"), self.relation)
        reasons = QWidget(self.details)
        grid = QGridLayout(reasons)
        grid.setContentsMargins(0, 0, 0, 0)
        self.reasons: dict[ProposalReason, QCheckBox] = {}
        for number, reason in enumerate(ProposalReason):
            box = QCheckBox(REASON_LABELS[reason].in_language(core_language()), reasons)
            box.setObjectName(f"reason_{reason.value}")
            self.reasons[reason] = box
            grid.addWidget(box, number // 2, number % 2)
        form.addRow(self.tr("Why"), reasons)
        self.note = editor(self.details, "noteEdit")
        form.addRow(self.tr("Note"), self.note)
        self.body.addWidget(self.details)
        hint = QLabel(self.tr("Saved on this laptop now; it reaches your supervisor at the next "
                              "sync. You will see the decision here."), self)
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        self.body.addWidget(hint)
        self.finish_layout()
        for box in (self.explained, self.agrees):
            box.toggled.connect(self._consent_changed)
        self._consent_changed()

    def consent(self) -> ProposalConsent:
        return ProposalConsent(self.notice.currentData(), self.explained.isChecked(),
                               self.agrees.isChecked())

    def _consent_changed(self) -> None:
        """Nothing about the family is typed before the family has agreed."""
        confirmed = self.consent().confirmed
        self.details.setEnabled(confirmed)
        self.action.setEnabled(confirmed)
        self.message.setText("")

    def _save(self) -> None:
        consent, actor = self.consent(), self.actor
        draft = ProposalDraft(
            region_code=self.region.text(), address=self.address.text(),
            contact_name=self.contact.text(), contact_relation=self.relation.currentData(),
            reasons=[r for r, box in self.reasons.items() if box.isChecked()],
            note=self.note.toPlainText())
        self.write(lambda s: proposals.propose(s, consent, draft, actor=actor))


class ProposalDecisionDialog(PlanningDialog):
    """A supervisor accepts a proposal into assignments or declines it with a reason."""

    def __init__(self, workspace: Workspace, actor: str, row: ProposalRow,
                 parent: QWidget | None = None) -> None:
        super().__init__(workspace, self.tr("&Save decision"), parent)
        self.actor, self.row = actor, row
        self.setWindowTitle(self.tr("Decide on a proposed household"))
        form = QFormLayout()
        form.addRow(self.tr("Address"), QLabel(f"{row.address} ({row.region_code})", self))
        form.addRow(self.tr("Proposed by"), QLabel(row.proposed_by or "—", self))
        why = "、".join(REASON_LABELS[ProposalReason(r)].in_language(core_language())
                       for r in row.reasons if r in ProposalReason.__members__.values())
        reasons = QLabel(why + (f" — {row.note}" if row.note else ""), self)
        reasons.setWordWrap(True)
        form.addRow(self.tr("Why"), reasons)
        self.accept_button = QRadioButton(
            self.tr("Accept: the household is assigned to the proposing counselor"), self)
        self.accept_button.setObjectName("acceptChoice")
        self.accept_button.setChecked(True)
        self.decline_button = QRadioButton(self.tr("Decline"), self)
        self.decline_button.setObjectName("declineChoice")
        group = QButtonGroup(self)
        group.addButton(self.accept_button)
        group.addButton(self.decline_button)
        form.addRow(self.accept_button)
        form.addRow(self.decline_button)
        self.reason = editor(self, "reasonEdit")
        self.reason.textChanged.connect(lambda: self.message.setText(""))
        form.addRow(self.tr("Reason (the counselor sees it)"), self.reason)
        self.body.addLayout(form)
        self.finish_layout()

    def _save(self) -> None:
        accept, reason, actor, row_id = (self.accept_button.isChecked(),
                                         self.reason.toPlainText(), self.actor, self.row.id)
        self.write(lambda s: proposals.decide(s, row_id, accept=accept, actor=actor,
                                              reason=reason))
