"""Client revision 0006 folds device flags stored one per rule into one per member and
category, on a real encrypted store made at revision 0003 with the flags the app wrote then."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import insert, select

from homevisit import audit, outbox
from homevisit.model import Flag, Household, Member, Outbox, Visit, new_id
from homevisit.protocol.vocabulary import FlagCategory, FlagSource, FlagStatus
from homevisit.store import Store
from homevisit.store_migrations import migrations_dir


def _old_trigger(rule: str, field: str, value: str, member_id: str) -> dict:
    # A trigger as the app wrote it before flags were per person: one rule, no "rules".
    return {"rule_id": rule, "category": "public_employee", "member_index": 1,
            "member_id": member_id, "trigger_field": f"members.people.1.{field}",
            "trigger_value": value, "evidence": {"zh": f"{field}证据。", "en": f"{field}."},
            "question": {"zh": "请询问。", "en": "Ask."}, "status": "open",
            "source": "device"}


def test_flags_written_one_per_rule_become_one_per_person(tmp_path: Path, monkeypatch) -> None:
    old = tmp_path / "migrations-0003"
    shutil.copytree(migrations_dir(), old)
    for script in (old / "versions").glob("*.py"):
        if script.name[:4] >= "0006":  # the tree as it was before flags per person
            script.unlink()
    key = bytes(range(32))
    path = tmp_path / "store.db"

    def seed(session) -> tuple[str, str, list[str]]:
        # Rows written as the old schema has them (core inserts: the models, and the search
        # text's flush hook, know member columns that came later).
        household, father = SimpleNamespace(id=new_id()), SimpleNamespace(id=new_id())
        session.execute(insert(Household.__table__).values(
            id=household.id, region_code="320826", address="涟水县红窑镇1号"))
        session.execute(insert(Member.__table__).values(
            id=father.id, household_id=household.id, name="王大山", relation="father"))
        # A plain draft visit: the app's own open_visit reads member columns that came later.
        visit = Visit(household_id=household.id, mode="home", answers={})
        outbox.save(session, visit)
        visit_id = visit.id
        local = []
        for rule, field, value, status, explanation in (
                ("flag.occupation.public_post", "occupation", "civil_servant",
                 FlagStatus.OPEN, None),
                ("flag.employer_type.public_finance", "employer_type", "government_agency",
                 FlagStatus.EXPLAINED, "已退休")):
            row = Flag(household_id=household.id, visit_id=visit_id, member_id=None,
                       source=FlagSource.DEVICE, rule_id=rule,
                       category=FlagCategory.PUBLIC_EMPLOYEE, evidence=f"{field}证据。",
                       trigger=_old_trigger(rule, field, value, father.id),
                       suggested_question="请询问。", status=status, explanation=explanation)
            outbox.save(session, row)
            local.append(row.id)
        # Two the server already has (rev 1, nothing queued): left to the server's fold.
        for rule, field in (("flag.occupation.public_post", "occupation"),
                            ("flag.employer_name.public_body", "employer")):
            trigger = {**_old_trigger(rule, field, "x", father.id), "member_index": 2,
                       "member_id": None}
            session.add(Flag(household_id=household.id, visit_id=visit_id, rev=1,
                             source=FlagSource.DEVICE, rule_id=rule,
                             category=FlagCategory.PUBLIC_EMPLOYEE, evidence="e",
                             trigger=trigger, status=FlagStatus.OPEN))
        return visit_id, father.id, local

    # The app before 0007 had no keyed chain to upgrade to (its table comes with 0007).
    with monkeypatch.context() as patched:
        patched.setattr(audit, "upgrade_chain", lambda session: None)
        with Store.open(path, key, create=True, migrations=old) as store:
            _visit, father_id, local = store.run(seed)

    with Store.open(path, key) as store:  # upgrades to 0006
        def read(session):
            rows = list(session.scalars(select(Flag).where(Flag.deleted.is_(False))))
            queued = {o.entity_id: o.payload for o in session.scalars(
                select(Outbox).where(Outbox.entity == "flag"))}
            return rows, queued

        rows, queued = store.run(read)
        assert store.check() == []
    folded = [r for r in rows if r.rev == 0]
    assert len(folded) == 1
    (flag,) = folded
    assert flag.id == local[1]  # the explained one carries on, with its explanation
    assert flag.status is FlagStatus.EXPLAINED and flag.explanation == "已退休"
    assert flag.member_id == father_id
    rules = [r["rule_id"] for r in flag.trigger["rules"]]
    assert sorted(rules) == ["flag.employer_type.public_finance", "flag.occupation.public_post"]
    assert "occupation证据" in flag.evidence and "employer_type证据" in flag.evidence
    assert set(queued) == {local[1]}  # the folded-away flag's unsent op went with it
    assert queued[local[1]]["record"]["trigger"]["rules"] == flag.trigger["rules"]
    assert len([r for r in rows if r.rev == 1]) == 2  # the server's copies: untouched
