"""The help-desk checklist and policy card, as the case screen reads them.

One small door: :func:`current_checklist` and :func:`current_policy_card`. The newer of two
versions wins: the one shipped in ``resources/helpdesk/`` (validated like any published
document by :func:`homevisit.visits.data_documents.validate`) and the newest one received
from the server (issue 16, :func:`homevisit.visits.published.newest_received`). Without a
session (nothing received yet to look at) the shipped one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml
from sqlalchemy.orm import Session

from homevisit.errors import DefinitionInvalid, RuleSetInvalid
from homevisit.i18n import Text
from homevisit.protocol.vocabulary import DocumentKind, LoanType, StudentStatus
from homevisit.resources import resource_path
from homevisit.visits.data_documents import validate
from homevisit.visits.published import newest_received

CHECKLIST_FILE = "student-loan-checklist.yaml"
POLICY_CARD_FILE = "student-loan-policy-card.yaml"


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    code: str
    text: Text
    loan_types: frozenset[LoanType] | None
    student_status: frozenset[StudentStatus] | None
    original: bool

    def applies(self, loan_type: LoanType, status: StudentStatus | None) -> bool:
        if self.loan_types is not None and loan_type not in self.loan_types:
            return False
        return self.student_status is None or status is None or status in self.student_status


@dataclass(frozen=True, slots=True)
class Step:
    code: str
    text: Text
    loan_types: frozenset[LoanType] | None
    pattern: re.Pattern[str] | None
    """The shape of the value this step records (the 受理证明's 校验码), if any."""
    hint: Text | None

    def applies(self, loan_type: LoanType) -> bool:
        return self.loan_types is None or loan_type in self.loan_types


@dataclass(frozen=True, slots=True)
class Checklist:
    doc_id: str
    version: int
    title: Text
    items: tuple[ChecklistItem, ...]
    steps: tuple[Step, ...]

    def items_for(self, loan_type: LoanType,
                  status: StudentStatus | None) -> list[ChecklistItem]:
        """What this applicant brings: first loan or renewal, new or current student."""
        return [i for i in self.items if i.applies(loan_type, status)]

    def steps_for(self, loan_type: LoanType) -> list[Step]:
        return [s for s in self.steps if s.applies(loan_type)]

    def item(self, code: str) -> ChecklistItem | None:
        return next((i for i in self.items if i.code == code), None)

    def step(self, code: str) -> Step | None:
        return next((s for s in self.steps if s.code == code), None)


@dataclass(frozen=True, slots=True)
class PolicyCard:
    doc_id: str
    version: int
    title: Text
    items: tuple[tuple[str, Text], ...]


def _text(data: Mapping[str, Any]) -> Text:
    return Text(str(data["zh"]), str(data["en"]))


def _loan_types(values: Any) -> frozenset[LoanType] | None:
    return frozenset(LoanType(v) for v in values) if values else None


def _statuses(values: Any) -> frozenset[StudentStatus] | None:
    return frozenset(StudentStatus(v) for v in values) if values else None


def parse_checklist(data: Mapping[str, Any]) -> Checklist:
    """A checklist document that passed validation, as the case screen uses it."""
    items = tuple(ChecklistItem(
        i["code"], _text(i), _loan_types(i.get("loan_types")),
        _statuses(i.get("student_status")), bool(i.get("original")))
        for i in data["items"])
    steps = tuple(Step(
        s["code"], _text(s), _loan_types(s.get("loan_types")),
        re.compile(s["value"]["pattern"]) if "value" in s else None,
        _text(s["value"]) if "value" in s else None)
        for s in data.get("steps", ()))
    return Checklist(str(data["id"]), int(data["version"]), _text(data["title"]), items, steps)


def parse_policy_card(data: Mapping[str, Any]) -> PolicyCard:
    return PolicyCard(str(data["id"]), int(data["version"]), _text(data["title"]),
                      tuple((i["code"], _text(i)) for i in data["items"]))


def _shipped(kind: DocumentKind, name: str) -> Mapping[str, Any]:
    data: Mapping[str, Any] = yaml.safe_load(resource_path("helpdesk", name).read_text("utf-8"))
    validate(kind, data, source=name)
    return data


@cache
def shipped_checklist() -> Checklist:
    return parse_checklist(_shipped(DocumentKind.HELPDESK_CHECKLIST, CHECKLIST_FILE))


@cache
def shipped_policy_card() -> PolicyCard:
    return parse_policy_card(_shipped(DocumentKind.POLICY_CARD, POLICY_CARD_FILE))


def _received(session: Session | None, kind: DocumentKind, doc_id: str,
              shipped_version: int) -> Mapping[str, Any] | None:
    """The newest received version if it is newer than the shipped one (the server checked
    it before publishing; it is checked again here, a device never trusts the wire)."""
    if session is None:
        return None
    body = newest_received(session, kind, doc_id)
    if body is None or int(body.get("version", 0)) <= shipped_version:
        return None
    try:
        validate(kind, body, source=doc_id)
    except (DefinitionInvalid, RuleSetInvalid):
        return None
    return body


def current_checklist(session: Session | None = None) -> Checklist:
    """The help-desk checklist in force on this laptop (``session``: the store worker's)."""
    shipped = shipped_checklist()
    body = _received(session, DocumentKind.HELPDESK_CHECKLIST, shipped.doc_id,
                     shipped.version)
    return parse_checklist(body) if body is not None else shipped


def current_policy_card(session: Session | None = None) -> PolicyCard:
    """The loan policy card shown to the family on the case screen."""
    shipped = shipped_policy_card()
    body = _received(session, DocumentKind.POLICY_CARD, shipped.doc_id, shipped.version)
    return parse_policy_card(body) if body is not None else shipped
