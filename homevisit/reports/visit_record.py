"""The visit record as an office files it (issue 18): consent, members, answers, the score
with its explanation, the counselor's level and reason, flags and their decisions, the
signatures, and the review history, printed by the PDF module.

Read through the supervisor's read-model (:func:`homevisit.review.view_model.review_view`:
the visit's own form and rule-set versions), so the print says what the review view says.
ID numbers and phones are masked unless the user chose the full ones after
re-authenticating; either way the print is audited (``print``) before a byte is written.
无痕资助: the title and headings name the visit, not the family's situation; the only level
words are the form's own (认定档次).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.errors import AttachmentMissing
from homevisit.i18n import Text, current_language
from homevisit.model import Review, Visit, VisitVersion
from homevisit.reports.output import write_document
from homevisit.reports.pdf import PdfDocument
from homevisit.review.view_model import (
    AnswerView,
    ReviewView,
    RosterView,
    attachment_key,
    review_view,
)
from homevisit.visits.codelists import load_codelist
from homevisit.visits.documents import SIGNATURE_CONSENT, SIGNATURE_GUARDIAN, SIGNATURE_VISITOR
from homevisit.workspace import Workspace

TITLE = Text("家庭经济情况家访记录", "Home visit record")
MASKED_NOTE = Text("身份证号和电话已部分隐藏。", "ID numbers and phones are partly hidden.")
FULL_NOTE = Text("本记录含完整身份证号和电话，请妥善保管，用后销毁。",
                 "This record holds full ID numbers and phones: keep it safe, destroy it "
                 "after use.")
FOOTER = Text("家访通 · 家访记录", "Homevisit · visit record")
H_VISIT = Text("家访信息", "Visit")
H_CONSENT = Text("同意记录", "Consent record")
H_SCORE = Text("指标得分说明", "Indicator score")
H_LEVEL = Text("建议档次与理由", "Recommended level and reason")
H_FLAGS = Text("核查提示及处理", "Verification prompts and decisions")
H_SIGNATURES = Text("签名", "Signatures")
H_REVIEWS = Text("审核记录", "Review history")
L = {
    "student": Text("学生", "Student"), "counselor": Text("家访人", "Counselor"),
    "mode": Text("家访方式", "Mode"), "visitors": Text("同行人员", "Visitors"),
    "start": Text("开始时间", "Started"), "end": Text("结束时间", "Ended"),
    "form": Text("表单", "Form"), "version": Text("记录版本", "Version"),
    "finalized": Text("定稿时间", "Finalized"), "guardian": Text("监护人", "Guardian"),
    "relation": Text("与学生关系", "Relation"), "notice": Text("告知书版本", "Notice version"),
    "choices": Text("同意事项", "Agreed to"),
    "roster": Text("同意核查就业信息", "Authorised roster checks"),
    "signed": Text("签署时间", "Signed"), "total": Text("总分", "Total"),
    "rules": Text("评分规则", "Rule set"), "suggested": Text("系统建议档次", "Suggested level"),
    "recommended": Text("辅导员建议档次", "Recommended level"),
    "reason": Text("理由", "Reason"), "observations": Text("观察记录", "Observations"),
    "traits": Text("学生特点", "Student traits"),
}
YES, NO, NONE = Text("是", "Yes"), Text("否", "No"), Text("—", "—")
NO_CONSENT = Text("本机没有这次家访的同意记录。", "No consent record on this device.")
NO_FLAGS = Text("无核查提示。", "No verification prompts.")
NO_REVIEWS = Text("尚无审核记录。", "Not reviewed yet.")
NOT_CACHED = Text("（签名图像不在本机，未能打印）", "(signature image not on this device)")
SIGNATURE_LABELS = {SIGNATURE_CONSENT: Text("监护人同意签名", "Guardian's consent signature"),
                    SIGNATURE_GUARDIAN: Text("监护人确认签名", "Guardian's signature"),
                    SIGNATURE_VISITOR: Text("家访人签名", "Counselor's signature")}
REPLY = Text("辅导员回复：", "counselor's answer: ")
DECISIONS = {"approve": Text("通过", "Approved"), "return": Text("退回修改", "Returned")}
FLAG_COLUMNS = (Text("成员", "Member"), Text("类别", "Category"), Text("状态", "Status"),
                Text("依据", "Evidence"), Text("说明", "Explanation"),
                Text("处理理由", "Decision reason"))
REVIEW_COLUMNS = (Text("版本", "Version"), Text("审核人", "Reviewer"),
                  Text("结论", "Decision"), Text("时间", "When"), Text("意见", "Comments"))
SCORE_COLUMNS = (Text("规则", "Rule"), Text("得分", "Points"))


@dataclass(frozen=True, slots=True)
class ReviewEntry:
    version: int
    reviewer: str
    decision: Text
    at: dt.datetime | None
    comments: tuple[tuple[str, str], ...]  # (comment, the counselor's answers)


@dataclass(frozen=True, slots=True)
class SignatureRef:
    doc_type: str
    vault_file_id: str | None  # None: the image is not on this device
    key: bytes | None


@dataclass(frozen=True, slots=True)
class VisitRecord:
    """Everything the printed record shows, read in one store transaction."""

    view: ReviewView
    mode: Text
    visitors: tuple[str, ...]
    observations: str
    traits: str
    reviews: tuple[ReviewEntry, ...]
    signatures: tuple[SignatureRef, ...]
    full_ids: bool


def visit_record(session: Session, visit_id: str, *, version: int | None = None,
                 full_ids: bool = False) -> VisitRecord:
    """The record of ``visit_id`` at ``version`` (latest finalized by default); raises
    :class:`homevisit.errors.StoreError` when the visit is not in this store."""
    view = review_view(session, visit_id, version, reveal=full_ids)
    content = session.scalars(select(VisitVersion).where(
        VisitVersion.visit_id == visit_id, VisitVersion.version == view.version)).first() \
        or session.get(Visit, visit_id)
    modes = load_codelist("visit-modes")
    mode = modes.label(str(content.mode)) if content is not None and content.mode else NONE
    reviews = session.scalars(select(Review).where(
        Review.visit_id == visit_id, Review.deleted.is_(False))
        .order_by(Review.created_at, Review.id)).all()
    # Each comment with the counselor's answers to it (the read-model pairs them).
    notes: dict[str, list[tuple[str, str]]] = {}
    for comment in view.comments:
        replies = "；".join(a.text for a in comment.answers if a.text)
        notes.setdefault(comment.review_id, []).append((comment.text, replies))
    history = tuple(ReviewEntry(
        r.visit_version, r.reviewer, DECISIONS.get(str(r.decision), Text(str(r.decision),
                                                                        str(r.decision))),
        r.created_at, tuple(notes.get(r.id, ())))
        for r in reviews)
    signatures = []
    for ref in view.attachments:
        if ref.is_signature and ref.is_image:
            key = attachment_key(session, ref.id)
            signatures.append(SignatureRef(ref.doc_type, key[0] if key else None,
                                           key[1] if key else None))
    return VisitRecord(
        view=view, mode=mode,
        visitors=tuple(str(v) for v in (content.visitors or ())) if content else (),
        observations=(content.observations or "") if content else "",
        traits=(content.traits or "") if content else "",
        reviews=history, signatures=tuple(signatures), full_ids=full_ids)


def _when(moment: dt.datetime | None) -> str:
    # Printed in the laptop's local time, to the minute, as an office reads it.
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "—"


def record_document(record: VisitRecord, images: dict[str, bytes], lang: str) -> PdfDocument:
    """Lay ``record`` out; ``images`` maps a signature's vault file id to its decrypted
    bytes."""
    def say(text: Text) -> str:
        return text.in_language(lang)

    view = record.view
    doc = PdfDocument(footer=say(FOOTER), lang=lang)
    doc.heading(say(TITLE))
    doc.paragraph(say(FULL_NOTE if record.full_ids else MASKED_NOTE), size=8.5, muted=True)

    doc.heading(say(H_VISIT), 2)
    doc.fields([
        (say(L["student"]), view.student), (say(L["counselor"]), view.counselor),
        (say(L["mode"]), say(record.mode)), (say(L["visitors"]), "、".join(record.visitors)),
        (say(L["start"]), _when(view.started_at)), (say(L["end"]), _when(view.ended_at)),
        (say(L["form"]), say(view.form_title)), (say(L["version"]), f"v{view.version}"),
        (say(L["finalized"]), _when(view.finalized_at)),
    ])

    doc.heading(say(H_CONSENT), 2)
    consent = view.consent
    if consent is None:
        doc.paragraph(say(NO_CONSENT))
    else:
        doc.fields([
            (say(L["guardian"]), consent.guardian), (say(L["relation"]), say(consent.relation)),
            (say(L["notice"]), consent.notice_version),
            (say(L["choices"]), "、".join(say(c) for c in consent.choices) or "—"),
            (say(L["roster"]), say(YES if consent.roster_check_authorised else NO)),
            (say(L["signed"]), _when(consent.signed_at)),
        ])

    for step in view.steps:
        if not step.items:
            continue
        doc.heading(say(step.title), 2)
        _items(doc, step.items, say)
    if record.observations or record.traits:
        doc.fields([(say(L["observations"]), record.observations),
                    (say(L["traits"]), record.traits)])

    score = view.score
    doc.heading(say(H_SCORE), 2)
    rules = f"{score.rule_set} v{score.rule_set_version}" if score.rule_set_version \
        else score.rule_set or "—"
    doc.fields([(say(L["total"]), _points(score.total)), (say(L["rules"]), rules),
                (say(L["suggested"]), say(score.suggested) if score.suggested else "—")])
    if score.lines:
        doc.table([say(c) for c in SCORE_COLUMNS],
                  [[say(text), _points(points)] for _rule, text, points in score.lines],
                  widths=[5, 1])

    doc.heading(say(H_LEVEL), 2)
    doc.fields([(say(L["recommended"]), say(view.recommended) if view.recommended else "—"),
                (say(L["reason"]), view.recommendation_reason)])

    doc.heading(say(H_FLAGS), 2)
    if view.flags:
        doc.table([say(c) for c in FLAG_COLUMNS],
                  [[f.member, say(f.category), say(f.status_label),
                    "；".join(say(e) for e in f.evidence), f.explanation, f.decision_reason]
                   for f in view.flags], widths=[2, 3, 1.5, 4, 3, 3])
    else:
        doc.paragraph(say(NO_FLAGS))

    doc.heading(say(H_SIGNATURES), 2)
    for ref in record.signatures:
        label = say(SIGNATURE_LABELS.get(ref.doc_type, Text(ref.doc_type, ref.doc_type)))
        data = images.get(ref.vault_file_id or "")
        if data is None:
            doc.paragraph(f"{label} {say(NOT_CACHED)}")
        else:
            doc.image(data, width_mm=55, caption=label)

    doc.heading(say(H_REVIEWS), 2)
    if record.reviews:
        doc.table([say(c) for c in REVIEW_COLUMNS],
                  [[f"v{r.version}", r.reviewer, say(r.decision), _when(r.at),
                    "\n".join(f"{text}（{say(REPLY)}{replies}）" if replies else text
                              for text, replies in r.comments)] for r in record.reviews],
                  widths=[1, 2, 1.5, 2.5, 6])
    else:
        doc.paragraph(say(NO_REVIEWS))
    return doc


def _items(doc: PdfDocument, items: tuple[AnswerView | RosterView, ...],
           say: Callable[[Text], str]) -> None:
    pairs: list[tuple[str, str]] = []
    for item in items:
        if isinstance(item, AnswerView):
            pairs.append((say(item.label), say(item.value)))
            continue
        if pairs:
            doc.fields(pairs)
            pairs = []
        for member in item.members:
            doc.heading(say(member.title), 3)
            doc.fields([(say(a.label), say(a.value)) for a in member.answers])
    if pairs:
        doc.fields(pairs)


def _points(value: float | int | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}"


def write_visit_record(workspace: Workspace, visit_id: str, out: Path, *,
                       version: int | None = None, full_ids: bool = False,
                       passphrase: str | None = None, lang: str | None = None) -> Path:
    """Print the record of ``visit_id`` to ``out`` (PDF): re-authenticated (``passphrase``,
    or None within the grace period; runs the KDF: call it off the GUI thread), audited as
    a ``print`` before any byte is written, signatures decrypted in memory only."""
    workspace.reauth.confirm(passphrase)
    record = workspace.store.run(
        lambda s: visit_record(s, visit_id, version=version, full_ids=full_ids))
    images: dict[str, bytes] = {}
    for ref in record.signatures:
        if ref.vault_file_id and ref.key:
            # Purged or never fetched: the record says it is not on this device. A tampered
            # file raises on: it is reported, never printed.
            with contextlib.suppress(AttachmentMissing):
                images[ref.vault_file_id] = workspace.vault.read_bytes(ref.vault_file_id,
                                                                       ref.key)
    data = record_document(record, images, lang or current_language()).to_bytes()
    return write_document(workspace.store, data, actor=workspace.actor, out=Path(out),
                          entity="visit", entity_id=visit_id, kind="visit_record",
                          action="print", detail={"version": record.view.version,
                                                  "full_ids": full_ids})
