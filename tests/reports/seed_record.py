"""A supervisor's store with one visit as an office prints it: members with ID numbers and a
phone, a consent record with the guardian's signature (encrypted in the vault), flags, and
a return followed by an approval (made-up data)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from homevisit.model import (
    Account,
    Attachment,
    CommentAnswer,
    ConsentRecord,
    Review,
    SyncState,
    Visit,
    VisitVersion,
)
from homevisit.protocol.vocabulary import ReviewDecision
from homevisit.workspace import Workspace
from tests.review.seed import seed_visit
from tests.visitlogic.visit_examples import make_id

FATHER_ID = make_id("19800101", "135")
PHONE = "13912345678"
HOSTILE = '=HYPERLINK("http://x","y")'


@dataclass(frozen=True, slots=True)
class PrintedVisit:
    visit_id: str
    household_id: str
    student: str
    student_id_number: str


def seed_printable(workspace: Workspace, signature: bytes, index: int = 3) -> PrintedVisit:
    stored = workspace.vault.put_stream(io.BytesIO(signature))

    def seed(session) -> PrintedVisit:
        seeded = seed_visit(session, index, flags=2)
        # The version is still pending (a finalized version is read-only once written).
        version = next(o for o in session.new if isinstance(o, VisitVersion))
        with session.no_autoflush:
            visit = session.get(Visit, seeded.visit_id)
        for row in (visit, version):
            answers = dict(row.answers)
            people = [dict(p) for p in answers["members"]["people"]]
            people[1]["id_number"] = FATHER_ID
            answers["members"] = {"people": people}
            answers["consent"] = {**answers["consent"], "guardian_phone": PHONE}
            answers["observations"] = {**answers["observations"], "observations": HOSTILE}
            row.answers = answers
        signature_row = Attachment(household_id=seeded.household_id, visit_id=seeded.visit_id,
                                   doc_type="signature_consent", mime="image/png",
                                   size=stored.size, sha256=stored.sha256,
                                   vault_file_id=stored.file_id, file_key=stored.key,
                                   uploaded=True, rev=1)
        session.add(signature_row)
        session.flush()
        session.add(ConsentRecord(visit_id=seeded.visit_id, household_id=seeded.household_id,
                                  guardian_relation="father", notice_version="notice-2025-1",
                                  choices={"basic_information": True,
                                           "health_information": True},
                                  roster_check_authorised=True,
                                  signature_attachment_id=signature_row.id,
                                  signed_at=dt.datetime(2026, 9, 1, 9, tzinfo=dt.UTC), rev=1))
        at = dt.datetime(2026, 9, 3, 10, tzinfo=dt.UTC)
        returned = Review(visit_id=seeded.visit_id, household_id=seeded.household_id,
                          visit_version=1, reviewer="li-supervisor",
                          decision=ReviewDecision.RETURN, created_at=at, rev=1,
                          comments=[{"id": "c1", "field": "income.wages",
                                     "text": "请核实务工收入"}])
        session.add(returned)
        session.flush()
        session.add(CommentAnswer(review_id=returned.id, comment_id="c1",
                                  visit_id=seeded.visit_id, household_id=seeded.household_id,
                                  text="已核实，按工资流水填写", author="teacher-li",
                                  answered_at=at, rev=1))
        session.add(Review(visit_id=seeded.visit_id, household_id=seeded.household_id,
                           visit_version=1, reviewer="li-supervisor",
                           decision=ReviewDecision.APPROVE, rev=1,
                           created_at=at + dt.timedelta(days=1), comments=[]))
        return PrintedVisit(seeded.visit_id, seeded.household_id, seeded.student,
                            seeded.student_id_number)

    return workspace.store.run(seed)


def make_supervisor(workspace: Workspace, *, full_ids_roles: list[str] | None = None) -> None:
    """The profile's account as the server sent it (a supervisor), and the policies; with
    ``full_ids_roles`` the server's ``export_full_ids`` policy names those roles."""
    def seed(session) -> None:
        session.merge(Account(id=1, user_id=7, username="li", display_name="李督导",
                              role="supervisor", team="team-a", region_code="320321"))
        state = session.get(SyncState, 1) or SyncState(id=1)
        policies = dict(state.policies or {})
        if full_ids_roles is not None:
            policies["export_full_ids"] = full_ids_roles
        state.policies = policies
        session.merge(state)

    workspace.store.run(seed)
