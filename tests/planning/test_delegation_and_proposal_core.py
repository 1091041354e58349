"""The planning core on a real encrypted store: a proposal is refused until consent is
confirmed and then until its minimal data is there (nothing is written before); a decision
or a decline needs a reason; a delegation request names someone else; a new visit by a
delegate records the delegating office and its visitors. Every write queues its outbox row
and appends to the audit chain."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from homevisit import profiles
from homevisit.kdf import FLOOR
from homevisit.model import Account, AuditEvent, Delegation, Household, Outbox, Proposal
from homevisit.planning import delegation, proposals
from homevisit.planning.errors import (
    AlreadyDecided,
    ConsentNotConfirmed,
    DelegateInvalid,
    DelegationNotOpen,
    FieldRequired,
    ReasonNeeded,
    RegionCodeInvalid,
)
from homevisit.planning.proposals import ProposalConsent, ProposalDraft
from homevisit.protocol.vocabulary import (
    DelegationKind,
    DelegationStatus,
    ProposalReason,
    ProposalStatus,
)
from homevisit.store import Store
from homevisit.workspace import Workspace

PASSPHRASE = "correct horse battery"
AGREED = ProposalConsent("notice-2025-1", notice_explained=True, family_agrees=True)


@pytest.fixture
def ws(_isolated_home):
    made = profiles.create_profile("测试", PASSPHRASE, kdf_params=FLOOR)
    with profiles.unlock(made, PASSPHRASE) as unlocked:
        Store.open(made.store_path, bytes(unlocked.key), create=True).close()
    opened = Workspace.open(made, PASSPHRASE)
    yield opened
    opened.close()


def _draft(**changes) -> ProposalDraft:
    values = dict(region_code="320321101", address="欢口镇西村 5 号", contact_name="李桂英",
                  reasons=[ProposalReason.SERIOUS_ILLNESS])
    values.update(changes)
    return ProposalDraft(**values)


def _count(s, model) -> int:
    return s.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("consent", [
    ProposalConsent("notice-2025-1", notice_explained=False, family_agrees=True),
    ProposalConsent("notice-2025-1", notice_explained=True, family_agrees=False),
    ProposalConsent("made-up-notice", notice_explained=True, family_agrees=True),
])
def test_no_proposal_is_written_before_the_family_consented(ws, consent):
    with pytest.raises(ConsentNotConfirmed):
        ws.store.run(lambda s: proposals.propose(s, consent, _draft(), actor="li"))
    assert ws.store.run(lambda s: (_count(s, Proposal), _count(s, Outbox))) == (0, 0)


@pytest.mark.parametrize(("draft", "error", "words"), [
    (_draft(address="  "), FieldRequired, "住址"),
    (_draft(contact_name=""), FieldRequired, "联系人姓名"),
    (_draft(reasons=[]), FieldRequired, "提议原因"),
    (_draft(region_code="9999"), RegionCodeInvalid, "6 位或 9 位"),
])
def test_missing_or_bad_data_is_named_in_the_users_words(ws, draft, error, words):
    with pytest.raises(error) as raised:
        ws.store.run(lambda s: proposals.propose(s, AGREED, draft, actor="li"))
    assert words in raised.value.text.zh and raised.value.text.en
    assert ws.store.run(lambda s: _count(s, Proposal)) == 0


def test_a_proposal_is_queued_audited_and_decided_once_with_a_reason_to_decline(ws):
    made = ws.store.run(lambda s: proposals.propose(s, AGREED, _draft(), actor="li").id)
    mine = ws.store.run(lambda s: proposals.listing(s, proposed_by="li"))
    assert [(p.id, p.status, p.synced) for p in mine] == [(made, ProposalStatus.PROPOSED,
                                                           False)]
    with pytest.raises(ReasonNeeded):
        ws.store.run(lambda s: proposals.decide(s, made, accept=False, actor="sup"))
    ws.store.run(lambda s: proposals.decide(s, made, accept=False, actor="sup",
                                            reason="已在低保名单"))
    with pytest.raises(AlreadyDecided):
        ws.store.run(lambda s: proposals.decide(s, made, accept=True, actor="sup"))
    queued, actions = ws.store.run(lambda s: (
        s.scalars(select(Outbox.entity).where(Outbox.entity_id == made)).all(),
        s.scalars(select(AuditEvent.action)).all()))
    assert queued == ["proposal"]  # one row: the decision folded into the unsent proposal
    assert {"proposal.create", "proposal.declined"} <= set(actions)


def test_delegation_request_answer_and_the_visit_it_opens(ws):
    def seed(s):
        s.add(Account(id=1, user_id=7, username="wang", display_name="王老师",
                      role="counselor", team="沛县资助中心"))
        household = Household(region_code="320321101", address="东村 1 号")
        s.add(household)
        s.flush()
        return household.id

    household_id = ws.store.run(seed)
    with pytest.raises(DelegateInvalid):
        ws.store.run(lambda s: delegation.request(
            s, household_id=household_id, kind=DelegationKind.JOINT, delegate=" wang ",
            actor="wang"))
    row_id = ws.store.run(lambda s: delegation.request(
        s, household_id=household_id, kind=DelegationKind.INSTEAD, delegate="li",
        actor="wang", note="请代为家访").id)
    asked = ws.store.run(lambda s: delegation.asked_of(s, "li"))
    assert [(d.id, d.address, d.status) for d in asked] == [
        (row_id, "东村 1 号", DelegationStatus.REQUESTED)]
    with pytest.raises(ReasonNeeded):
        ws.store.run(lambda s: delegation.answer(s, row_id, accept=False, actor="li"))

    # As the server sends it to the delegate: accepted, naming the requesting office.
    def arrive(s):
        row = s.get(Delegation, row_id)
        row.status, row.delegate, row.requested_by = DelegationStatus.ACCEPTED, "wang", "li"
        row.delegating_office, row.rev = "丰县资助中心", 2

    ws.store.run(arrive)
    fields = ws.store.run(lambda s: delegation.new_visit_fields(s, household_id))
    assert fields == {"visitors": ["wang"], "delegated_by_office": "丰县资助中心"}
    ws.store.run(lambda s: delegation.withdraw(s, row_id, actor="li"))
    with pytest.raises(DelegationNotOpen):
        ws.store.run(lambda s: delegation.withdraw(s, row_id, actor="li"))
    assert ws.store.run(lambda s: delegation.new_visit_fields(s, household_id)) == {
        "visitors": ["wang"], "delegated_by_office": None}
