"""Published documents reach devices (issue 16 items 3 and 4, real server on loopback): a
form v2, the code list it needs and a rule set v2 arrive at a counselor's next sync; a new
visit starts on them, while a visit started on v1 and returned by a supervisor opens,
validates and resubmits on v1 with its v1 score. The review view can ask which rule set
scored a visit (``published.visit_rule_set``)."""

from __future__ import annotations

from documentkit import (
    AID_KINDS,
    TODAY,
    V1_SCORE,
    complete_answers,
    form_v2,
    publish,
    rule_set_v2,
    sign,
    supervisor_returns,
)
from sqlalchemy import select

from homevisit.model import ReceivedDocument, Visit, VisitStatus, VisitVersion
from homevisit.server.models import VisitVersion as ServerVersion
from homevisit.visits import draft, published
from homevisit.visits.forms import evaluate


def finalize_on_device(device, household_id: str) -> str:
    """Open (or reopen) the household's visit, answer it completely, sign, finalize."""
    snapshot = device.store.run(lambda s: draft.open_visit(s, household_id))
    device.store.run(lambda s: draft.save_answers(
        s, snapshot.visit_id, complete_answers(), "recommendation"))
    if not snapshot.attachments:
        sign(device, snapshot.visit_id, household_id)

    def finalize(session):
        definition = draft.visit_definition(session, snapshot.visit_id)
        return draft.finalize(session, snapshot.visit_id, definition, actor="wang",
                              today=TODAY)

    device.store.run(finalize)
    return snapshot.visit_id


def test_new_visits_start_on_v2_while_a_returned_v1_visit_stays_on_v1(central, device):
    central.user("counselor", "wang")
    first, second = central.household("wang"), central.household("wang", "西村 2 号")
    d = device(central, "wang")
    assert d.sync().ok

    visit_id = finalize_on_device(d, first)
    result = d.sync()
    assert result.ok and result.rejected == 0, result.error
    v1 = d.store.run(lambda s: s.get(Visit, visit_id))
    assert (v1.status, v1.form_version, v1.rule_set_id, v1.rule_set_version) == (
        VisitStatus.SUBMITTED, 1, "jiangsu-2020", 1)
    assert v1.score == V1_SCORE
    supervisor_returns(central, visit_id, 1)

    publish(central, AID_KINDS, form_v2(), rule_set_v2())
    result = d.sync()
    assert result.ok and result.documents_received == 3 and result.documents_refused == 0
    assert d.store.run(lambda s: s.scalars(select(ReceivedDocument.doc_id)).all())

    # A new visit starts on the newest usable versions.
    fresh = d.store.run(lambda s: draft.open_visit(s, second))
    assert fresh.form_version == 2
    new_visit = d.store.run(lambda s: s.get(Visit, fresh.visit_id))
    assert (new_visit.rule_set_id, new_visit.rule_set_version) == ("jiangsu-2020", 2)
    definition = d.store.run(lambda s: draft.visit_definition(s, fresh.visit_id))
    assert definition.field("policies.aid_received").choices[1].code == "loan"
    rescored = evaluate(definition, complete_answers(), today=TODAY,
                        household={"region_code": "320321", "rural": False})
    assert rescored.computed["score"]["total"] == V1_SCORE + 2  # v2: Subei 12, not 10

    # The returned visit reopens on v1 and its rule set v1, validates and resubmits.
    reopened = d.store.run(lambda s: draft.open_visit(s, first))
    assert (reopened.visit_id, reopened.status, reopened.form_version) == (
        visit_id, VisitStatus.RETURNED, 1)
    old = d.store.run(lambda s: draft.visit_definition(s, visit_id))
    assert (old.version, old.scoring.version) == (1, 1)
    state = evaluate(old, complete_answers(), today=TODAY,
                     household={"region_code": "320321", "rural": False})
    assert state.progress.complete and state.progress.errors == 0
    assert state.computed["score"]["total"] == V1_SCORE  # scored with v1
    finalize_on_device(d, first)
    result = d.sync()
    assert result.ok and result.rejected == 0, result.error

    def versions(session):
        return [(v.version, v.form_version, v.rule_set_version, v.score) for v in
                session.scalars(select(VisitVersion).where(VisitVersion.visit_id == visit_id)
                                .order_by(VisitVersion.version))]

    assert d.store.run(versions) == [(1, 1, 1, V1_SCORE), (2, 1, 1, V1_SCORE)]
    with central.services.sessions() as s:
        on_server = [(v.version, v.form_version, v.rule_set_id, v.rule_set_version, v.score)
                     for v in s.scalars(select(ServerVersion).where(
                         ServerVersion.visit_id == visit_id).order_by(ServerVersion.version))]
    assert on_server == [(1, 1, "jiangsu-2020", 1, V1_SCORE), (2, 1, "jiangsu-2020", 1, V1_SCORE)]

    # What the review view shows: which rule set scored each visit.
    assert d.store.run(lambda s: published.visit_rule_set(s, visit_id)) == \
        published.RuleSetRef("jiangsu-2020", 1)
    assert d.store.run(lambda s: published.visit_rule_set(s, fresh.visit_id)) == \
        published.RuleSetRef("jiangsu-2020", 2)
