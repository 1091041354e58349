"""What the supervisor's review view shows of one visit version (no Qt).

Built from the same form definition the counselor filled in and from
:class:`~homevisit.visits.session.VisitSession`: the steps in their order with the visible
answers read-only (choice codes as their labels, ID numbers and phones masked), the members
(roster items keep their member id, so comments and the diff anchor to a member, not to a
position), the consent record, the score with its rule-by-rule explanation and rule-set
version, the counselor's level and reason, flags with evidence and explanation, the visit's
duration and the time spent on each step, and the attachments to show (their bytes are
decrypted only in memory, by the GUI, through :meth:`homevisit.vault.Vault.read_bytes`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.errors import HomevisitError, StoreError
from homevisit.i18n import Text
from homevisit.ids import mask_id, mask_phone
from homevisit.model import (
    Attachment,
    ConsentRecord,
    Flag,
    Household,
    Member,
    Visit,
    VisitVersion,
)
from homevisit.review.comments import CommentView, comments_in
from homevisit.review.diff import FieldChange, diff_answers
from homevisit.review.queue import first_students
from homevisit.visits.codelists import load_codelist
from homevisit.visits.documents import SIGNATURES
from homevisit.visits.flag_rows import flag_view
from homevisit.visits.forms import FormDefinition, evaluate
from homevisit.visits.forms.definition import FieldDef
from homevisit.visits.forms.engine import FieldState
from homevisit.visits.lifecycle import WIZARD_KEY, household_context
from homevisit.visits.published import visit_definition
from homevisit.visits.scoring import level_label, score
from homevisit.visits.session import VisitSession

VISIT_NOT_FOUND = Text("找不到这次家访（可能已被清理或不在您的范围内）。",
                       "This visit was not found (purged, or outside your scope).")
YES, NO = Text("是", "Yes"), Text("否", "No")
FLAG_CATEGORIES = {"public_employee": Text("财政供养人员", "Public-finance employee"),
                   "corporate_officer": Text("企业法人代表或高管", "Corporate officer")}
FLAG_STATUSES = {"open": Text("待说明", "Open"), "explained": Text("已说明", "Explained"),
                 "confirmed": Text("已确认", "Confirmed"), "dismissed": Text("已排除", "Dismissed")}


@dataclass(frozen=True, slots=True)
class AnswerView:
    """One read-only answer; (``path``, ``member_id``) is what a comment anchors to."""

    path: str
    member_id: str | None
    label: Text
    value: Text


@dataclass(frozen=True, slots=True)
class MemberView:
    member_id: str | None
    title: Text
    answers: tuple[AnswerView, ...]


@dataclass(frozen=True, slots=True)
class RosterView:
    path: str
    label: Text
    members: tuple[MemberView, ...]


@dataclass(frozen=True, slots=True)
class StepView:
    id: str
    title: Text
    items: tuple[AnswerView | RosterView, ...]
    seconds: float  # time the counselor spent on the step (VisitSession's stays)


@dataclass(frozen=True, slots=True)
class ConsentView:
    guardian: str
    relation: Text
    notice_version: str
    choices: tuple[Text, ...]
    roster_check_authorised: bool
    signed_at: dt.datetime | None
    signature_attachment_id: str | None


@dataclass(frozen=True, slots=True)
class ScoreView:
    total: float | None
    lines: tuple[tuple[str, Text, int], ...]  # rule id, explanation, points
    rule_set: str
    rule_set_version: int | None  # None: scored with a rule set this device no longer has
    suggested: Text | None


@dataclass(frozen=True, slots=True)
class FlagInfo:
    id: str
    member_id: str | None
    member: str
    category: Text
    status: str
    status_label: Text
    source: str
    evidence: tuple[Text, ...]
    explanation: str
    decision_reason: str

    @property
    def undecided(self) -> bool:
        return self.status in ("open", "explained")


@dataclass(frozen=True, slots=True)
class AttachmentRef:
    id: str
    doc_type: str
    mime: str
    size: int
    cached: bool  # the encrypted bytes are on this device (prefetched during sync)

    @property
    def is_signature(self) -> bool:
        return self.doc_type in SIGNATURES

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")


@dataclass(frozen=True, slots=True)
class ReviewView:
    visit_id: str
    household_id: str
    status: str
    version: int
    versions: tuple[int, ...]
    latest: bool
    counselor: str
    student: str
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    finalized_at: dt.datetime | None
    form_title: Text
    steps: tuple[StepView, ...]
    consent: ConsentView | None
    score: ScoreView
    recommended: Text | None
    recommendation_reason: str
    flags: tuple[FlagInfo, ...]
    attachments: tuple[AttachmentRef, ...]
    other_seconds: float  # documents, signatures and finalize pages
    # Supervisors' comments on every version, each with the counselor's answers.
    comments: tuple[CommentView, ...] = ()
    visitors: tuple[str, ...] = ()  # everyone who went (a joint visit names several)
    delegated_by_office: str | None = None  # 委托家访: the office that asked for the visit

    @property
    def duration(self) -> dt.timedelta | None:
        if self.started_at is None or self.ended_at is None:
            return None
        return self.ended_at - self.started_at

    @property
    def undecided_flags(self) -> tuple[FlagInfo, ...]:
        return tuple(f for f in self.flags if f.undecided)

    def answer(self, path: str, member_id: str | None = None) -> AnswerView | None:
        """The shown answer at ``path`` (a member's field with its member id)."""
        for step in self.steps:
            for item in step.items:
                if isinstance(item, AnswerView) and (item.path, item.member_id) == (
                        path, member_id):
                    return item
                if isinstance(item, RosterView):
                    for member in item.members:
                        for answer in member.answers:
                            if (answer.path, answer.member_id) == (path, member_id):
                                return answer
        return None


def display(field: FieldDef, value: Any, *, reveal: bool = False) -> Text:
    """An answer as a reader sees it: labels for codes, 是/否, masked ID numbers and phones
    (full ones with ``reveal``: only for a re-authenticated, audited print)."""
    if value is None or value == "" or value == []:
        return Text("—", "—")
    if field.type == "boolean":
        return YES if value else NO
    if field.type in ("choice", "multichoice"):
        labels = {c.code: c.label for c in field.choices or ()}
        codes = value if isinstance(value, list) else [value]
        shown = [labels.get(str(code), Text(str(code), str(code))) for code in codes]
        return Text("、".join(t.zh for t in shown), ", ".join(t.en for t in shown))
    if field.type == "resident_id":
        number = str(value) if reveal else mask_id(str(value))
        return Text(number, number)
    if field.type == "phone":
        number = str(value) if reveal else mask_phone(str(value))
        return Text(number, number)
    if field.type == "money":
        amount = f"{value:,}" if isinstance(value, int | float) else str(value)
        return Text(f"{amount} 元", f"{amount} yuan")
    return Text(str(value), str(value))


def _answer(state: FieldState, member_id: str | None, path: str,
            reveal: bool = False) -> AnswerView:
    return AnswerView(path, member_id, state.definition.label,
                      display(state.definition, state.value, reveal=reveal))


def _steps(definition: FormDefinition, answers: Mapping[str, Any],
           context: Mapping[str, Any], today: dt.date | None,
           session_times: VisitSession, reveal: bool = False) -> tuple[StepView, ...]:
    state = evaluate(definition, answers, today=today, household=context)
    steps = []
    for step in state.steps:
        items: list[AnswerView | RosterView] = []
        for field in step.fields:
            if not field.definition.is_roster:
                items.append(_answer(field, None, field.definition.path, reveal))
                continue
            members = []
            for item in field.items:
                label = field.definition.item_label or Text("成员", "Member")
                name = next((str(f.value) for f in item.fields
                             if f.definition.id == "name" and f.value), "")
                title = Text(f"{label.zh} {item.index + 1} {name}".strip(),
                             f"{label.en} {item.index + 1} {name}".strip())
                members.append(MemberView(item.member_id, title, tuple(
                    _answer(f, item.member_id, f.definition.path, reveal)
                    for f in item.fields)))
            items.append(RosterView(field.definition.path, field.definition.label,
                                    tuple(members)))
        steps.append(StepView(step.id, step.title, tuple(items),
                              session_times.time_on(step.id).total_seconds()))
    return tuple(steps)


def _consent(session: Session, visit_id: str,
             answers: Mapping[str, Any]) -> ConsentView | None:
    row = session.scalars(select(ConsentRecord).where(
        ConsentRecord.visit_id == visit_id, ConsentRecord.deleted.is_(False))
        .order_by(ConsentRecord.updated_at.desc())).first()
    if row is None:
        return None
    guardian = session.get(Member, row.guardian_member_id) if row.guardian_member_id else None
    categories = load_codelist("consent-categories")
    relations = load_codelist("relations")
    # The consent step's answers name the guardian when no member record is linked.
    found = answers.get("consent")
    step: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    relation = row.guardian_relation or str(step.get("guardian_relation") or "")
    return ConsentView(
        guardian=guardian.name if guardian is not None else str(step.get("guardian_name")
                                                                 or ""),
        relation=relations.label(relation) if relation else Text("—", "—"),
        notice_version=row.notice_version,
        choices=tuple(categories.label(code) for code, chosen in sorted(row.choices.items())
                      if chosen),
        roster_check_authorised=row.roster_check_authorised,
        signed_at=row.signed_at,
        signature_attachment_id=row.signature_attachment_id,
    )


def _score(content: VisitVersion | Visit, answers: Mapping[str, Any],
           context: Mapping[str, Any], definition: FormDefinition) -> ScoreView:
    stored = tuple((str(line.get("rule_id", "")), Text(str(line.get("zh", "")),
                                                       str(line.get("en", ""))),
                    int(line.get("points", 0))) for line in content.score_detail or [])
    suggested = level_label(content.suggested_level) if content.suggested_level else None
    # The rule set the visit started with (homevisit.visits.published), never a newer one.
    rule_set = definition.scoring
    if rule_set is None:
        return ScoreView(content.score, stored, content.rule_set_id or "", None, suggested)
    try:
        again = score(rule_set, answers, context)
    except HomevisitError:
        return ScoreView(content.score, stored, rule_set.id, None, suggested)
    # The counselor's device scored the visit; the same answers under the same rule-set
    # version give the same total here.
    same = content.score is None or float(again.total) == float(content.score)
    lines = stored or tuple((line.rule_id, Text(line.zh, line.en), line.points)
                            for line in again.lines)
    # The version the visit recorded (issue 16); visits from before that: this device's
    # version when it gives the same total.
    version = content.rule_set_version or (rule_set.version if same else None)
    return ScoreView(content.score if content.score is not None else float(again.total),
                     lines, rule_set.id, version, suggested)


def _flags(session: Session, visit: Visit) -> tuple[FlagInfo, ...]:
    rows = session.scalars(select(Flag).where(
        Flag.visit_id == visit.id, Flag.deleted.is_(False))
        .order_by(Flag.updated_at, Flag.id)).all()
    names = {row.id: row.name for row in session.execute(select(Member.id, Member.name)
                                                         .where(Member.household_id ==
                                                                visit.household_id))}
    out = []
    for row in rows:
        view = flag_view(row)
        evidence = view.rules or (view.evidence,)
        out.append(FlagInfo(
            row.id, view.member_id, names.get(view.member_id or "", ""),
            FLAG_CATEGORIES.get(view.category, Text(view.category, view.category)),
            view.status, FLAG_STATUSES.get(view.status, Text(view.status, view.status)),
            view.source, tuple(evidence), row.explanation or "", row.decision_reason or ""))
    return tuple(out)


def versions_of(session: Session, visit_id: str) -> tuple[int, ...]:
    return tuple(session.scalars(select(VisitVersion.version).where(
        VisitVersion.visit_id == visit_id, VisitVersion.deleted.is_(False))
        .order_by(VisitVersion.version)))


def _content(session: Session, visit: Visit, version: int | None) -> VisitVersion | Visit:
    wanted = version or visit.version
    row = session.scalars(select(VisitVersion).where(
        VisitVersion.visit_id == visit.id, VisitVersion.version == wanted,
        VisitVersion.deleted.is_(False))).first()
    if row is None and version is not None:
        raise StoreError(VISIT_NOT_FOUND)
    return row if row is not None else visit


def review_view(session: Session, visit_id: str, version: int | None = None, *,
                today: dt.date | None = None, reveal: bool = False) -> ReviewView:
    """The review view of ``visit_id`` at ``version`` (the latest finalized one by default).
    ``reveal`` shows full ID numbers and phones: only for a caller that re-authenticated and
    audits it (the printed visit record, :mod:`homevisit.reports.visit_record`)."""
    visit = session.get(Visit, visit_id)
    if visit is None or visit.deleted:
        raise StoreError(VISIT_NOT_FOUND)
    household = session.get(Household, visit.household_id)
    if household is None:
        raise StoreError(VISIT_NOT_FOUND)
    content = _content(session, visit, version)
    definition = visit_definition(session, content)
    context = household_context(household)
    # The wizard's place travels in the live visit's answers (a version keeps only the
    # submitted answers): the stays say how long each step took.
    raw = dict(content.answers or {})
    place = raw.pop(WIZARD_KEY, None) or (visit.answers or {}).get(WIZARD_KEY)
    times = VisitSession(definition, raw, household=context, today=today,
                         place=place if isinstance(place, Mapping) else None)
    steps = _steps(definition, raw, context, today, times, reveal)
    step_ids = {s.id for s in definition.steps}
    other = sum(times.time_on(p.id).total_seconds() for p in times.pages
                if p.id not in step_ids)
    student, _guardian = times.people()
    if not student:  # the household's student record, when the answers name none
        known = first_students(session, [visit.household_id]).get(visit.household_id)
        student = known.name if known is not None else ""
    recommended = content.recommended_level
    attachments = session.execute(select(
        Attachment.id, Attachment.doc_type, Attachment.mime, Attachment.size,
        Attachment.file_key).where(Attachment.visit_id == visit.id,
                                   Attachment.deleted.is_(False))
        .order_by(Attachment.updated_at, Attachment.id)).all()
    versions = versions_of(session, visit.id)
    return ReviewView(
        visit_id=visit.id, household_id=visit.household_id, status=str(visit.status),
        version=getattr(content, "version", visit.version) or visit.version,
        versions=versions, latest=not versions or (version or visit.version) == versions[-1],
        counselor=visit.counselor or "", student=student,
        started_at=content.started_at, ended_at=content.ended_at,
        finalized_at=getattr(content, "finalized_at", None),
        form_title=definition.title, steps=steps, consent=_consent(session, visit.id, raw),
        score=_score(content, raw, context, definition),
        recommended=level_label(recommended) if recommended else None,
        recommendation_reason=content.recommendation_reason or "",
        flags=_flags(session, visit),
        attachments=tuple(AttachmentRef(a.id, a.doc_type, a.mime, a.size, bool(a.file_key))
                          for a in attachments),
        other_seconds=other,
        comments=tuple(comments_in(session, visit.id)),
        visitors=tuple(content.visitors or ()),
        delegated_by_office=visit.delegated_by_office,
    )


def version_diff(session: Session, visit_id: str, old: int, new: int) -> list[FieldChange]:
    """The field-level diff of two finalized versions of ``visit_id``."""
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise StoreError(VISIT_NOT_FOUND)
    before, after = _content(session, visit, old), _content(session, visit, new)
    definition = visit_definition(session, after)
    return diff_answers(definition, before.answers or {}, after.answers or {})


def attachment_key(session: Session, attachment_id: str) -> tuple[str, bytes, str] | None:
    """The vault file id, key and SHA-256 of a cached attachment (None: not on this device)."""
    row = session.get(Attachment, attachment_id)
    if row is None or row.deleted or not row.file_key:
        return None
    return row.vault_file_id, row.file_key, row.sha256


@dataclass(frozen=True, slots=True)
class DiffLine:
    """A change as the review view lists it: where, and the old and new answers shown."""

    change: FieldChange
    old: Text
    new: Text


def _shown(definition: FormDefinition, change: FieldChange, value: Any) -> Text:
    field = definition.field(change.path)
    if field is None or field.is_roster:
        name = value.get("name") if isinstance(value, Mapping) else None
        return Text(str(name), str(name)) if name else Text("—", "—")
    return display(field, value)


def version_diff_lines(session: Session, visit_id: str, old: int, new: int) -> list[DiffLine]:
    """:func:`version_diff` with each side as the reader sees it (labels, masks)."""
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise StoreError(VISIT_NOT_FOUND)
    after = _content(session, visit, new)
    definition = visit_definition(session, after)
    return [DiffLine(c, _shown(definition, c, c.old), _shown(definition, c, c.new))
            for c in version_diff(session, visit_id, old, new)]
