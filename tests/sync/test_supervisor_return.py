"""A supervisor returns a visit while the counselor, offline, edits the same household:
after the next sync both are kept — the return (with its comment) is on the device, the
household edit is on the server — and the visit reopens for revision."""

from __future__ import annotations

import datetime as dt

import httpx
from sqlalchemy import select

from homevisit import outbox
from homevisit.model import Household, Review, Visit, VisitStatus, VisitVersion
from homevisit.protocol import CLIENT_VERSION_HEADER
from homevisit.server.models import Household as ServerHousehold

CONTENT = {"mode": "home", "answers": {"income": 12000}, "observations": "家中整洁",
           "started_at": dt.datetime(2026, 7, 1, 8, tzinfo=dt.UTC)}


def finalize_visit(device, household_id: str) -> str:
    def make(session):
        visit = Visit(household_id=household_id, status=VisitStatus.FINALIZED, version=1,
                      **CONTENT)
        outbox.save(session, visit)
        outbox.save(session, VisitVersion(visit_id=visit.id, household_id=household_id,
                                          version=1, finalized_at=dt.datetime.now(dt.UTC),
                                          **CONTENT))
        return visit.id

    return device.store.run(make)


def supervisor_returns(central, visit_id: str) -> None:
    username, password = central.user("supervisor", "li")
    with httpx.Client(base_url=central.url, trust_env=False, timeout=30,
                      headers={CLIENT_VERSION_HEADER: "0.1.0"}) as client:
        token = client.post("/api/v1/auth/login", json={
            "username": username, "password": password, "device_name": "office"}).json()
        r = client.post(f"/api/v1/review/visits/{visit_id}/decision",
                        headers={"Authorization": f"Bearer {token['access_token']}"},
                        json={"decision": "return", "version": 1,
                              "comments": [{"field": "answers.income", "text": "请核实收入"}]})
        assert r.status_code == 200, r.text


def test_return_and_offline_household_edit_are_both_kept(central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    d = device(central, "wang")
    assert d.sync().ok
    visit_id = finalize_visit(d, household)
    result = d.sync()
    assert result.ok and result.pushed == 2, result.error
    assert d.store.run(lambda s: s.get(Visit, visit_id).status) == VisitStatus.SUBMITTED

    supervisor_returns(central, visit_id)

    def edit_offline(session):
        row = session.get(Household, household)
        row.address = "西村 9 号"
        outbox.save(session, row)

    d.store.run(edit_offline)
    result = d.sync()
    assert result.ok and result.rejected == 0, result.error
    with central.services.sessions() as s:
        assert s.get(ServerHousehold, household).address == "西村 9 号"
    assert d.store.run(lambda s: s.get(Visit, visit_id).status) == VisitStatus.RETURNED
    reviews = d.store.run(lambda s: s.scalars(select(Review)).all())
    assert [r.decision for r in reviews] == ["return"]
    assert reviews[0].comments[0]["field"] == "answers.income"
    assert d.store.run(lambda s: s.get(Household, household).address) == "西村 9 号"
    assert d.outbox_size() == 0 and d.store.check() == []
