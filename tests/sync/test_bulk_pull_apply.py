"""Pulled pages are applied in bulk (issue 20): new households and members are inserted
without ORM objects, yet they come out exactly as the ORM path made them — searchable by
name, pinyin initials and ID tail, with the values the server sent — and a later edit of a
pulled member reaches the search index too. Their index terms are written once, when the
pull has landed its last page; searches are exact before that too."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session
from synckit import Central, Device

from homevisit.households.search import search_select
from homevisit.households.search_index import stale_ids
from homevisit.model import Member, SearchPending
from homevisit.protocol.records import Entity
from homevisit.server.changes import bump, record_change
from homevisit.server.models import Member as ServerMember
from homevisit.sync.errors import NetworkUnavailable
from homevisit.sync.pull import parents_first

ID_NUMBER = "320321198001010016"  # a valid check character: born 1980-01-01, male


def _server_member(central: Central, household_id: str, name: str,
                   id_number: str | None = None) -> str:
    member_id = str(uuid.uuid4())
    with central.services.sessions.begin() as s:
        member = ServerMember(id=member_id, household_id=household_id, name=name,
                              relation="father", id_number=id_number, is_guardian=True, rev=0)
        bump(member)
        s.add(member)
        s.flush()
        record_change(s, Entity.MEMBER, member)
    return member_id


def _found(device: Device, query: str) -> list[str]:
    return device.store.run(lambda s: list(s.scalars(search_select(query, session=s))))


def test_pulled_households_and_members_are_searchable_and_derived_like_the_orm_path(
        tmp_path: Path) -> None:
    central = Central.start(tmp_path / "central")
    try:
        central.user("counselor", "wang")
        households = [central.household("wang", address=f"东村 {n} 号") for n in range(30)]
        members = [_server_member(central, h, "张伟" if n == 7 else f"李{n}",
                                  ID_NUMBER if n == 7 else None)
                   for n, h in enumerate(households)]
        device = Device.enrolled(tmp_path / "laptop", central, "wang")
        device.engine.pull_limit = 7  # several pages, households and members across them
        result = device.sync()
        assert result.ok and result.pulled >= 60, result.error
        assert _found(device, "张伟") == [households[7]]
        assert _found(device, "zw") == [households[7]]  # pinyin initials
        assert _found(device, "0016") == [households[7]]  # the ID number's tail
        assert device.store.run(stale_ids) == []  # every search text matches its index
        member = device.store.run(lambda s: s.scalars(
            select(Member).where(Member.id == members[7])).one())
        # As the ORM path stores it: the server's record wins over what the ID implies.
        assert (member.name, member.id_number, member.birth_date, member.rev) == (
            "张伟", ID_NUMBER, None, 1)

        # An edit on the server reaches the device's index at the next sync.
        with central.services.sessions.begin() as s:
            row = s.get(ServerMember, members[3])
            assert row is not None
            row.name = "赵四"
            bump(row)
            record_change(s, Entity.MEMBER, row)
        assert device.sync().ok
        assert _found(device, "赵四") == [households[3]]
        assert _found(device, "李3") == []
        assert device.store.run(stale_ids) == []
        device.close()
    finally:
        central.stop()


def test_new_records_are_inserted_parents_first() -> None:
    order = parents_first([Entity.FLAG_DECISION, Entity.VISIT_VERSION, Entity.MEMBER,
                           Entity.VISIT, Entity.HOUSEHOLD, Entity.FLAG, Entity.STUDENT])
    for child, parent in ((Entity.MEMBER, Entity.HOUSEHOLD), (Entity.STUDENT, Entity.MEMBER),
                          (Entity.VISIT_VERSION, Entity.VISIT),
                          (Entity.FLAG_DECISION, Entity.FLAG)):
        assert order.index(parent) < order.index(child), order


def test_an_interrupted_pull_leaves_its_households_searchable_and_the_next_indexes_them(
        tmp_path: Path) -> None:
    """A pull indexes its households' terms once, at its end (SearchPending). Cut off
    halfway, the households it landed are still found (candidates whatever their terms),
    and the next pull indexes them all: results are exact throughout."""
    central = Central.start(tmp_path / "central")
    try:
        central.user("counselor", "wang")
        households = [central.household("wang", address=f"西村 {n} 号") for n in range(12)]
        for n, household in enumerate(households):
            _server_member(central, household, "张伟" if n == 2 else f"刘{n}")
        device = Device.enrolled(tmp_path / "laptop", central, "wang")
        device.engine.pull_limit = 5
        transport = device.engine.transport()
        call = transport.call
        pulls: list[int] = []

        def cut_off(method: str, path: str, *args: object, **kw: object) -> object:
            if path == "/sync/pull":
                pulls.append(1)
                if len(pulls) == 9:  # the households and a third of their members have landed
                    raise NetworkUnavailable()
            return call(method, path, *args, **kw)

        transport.call = cut_off  # type: ignore[method-assign]
        assert not device.sync().ok
        pending = device.store.run(lambda s: set(s.scalars(select(SearchPending.household_id))))
        assert households[2] in pending
        assert set(device.store.run(stale_ids)) <= pending  # behind only where it says so
        assert _found(device, "张伟") == [households[2]]
        assert _found(device, "zw") == [households[2]]

        transport.call = call  # type: ignore[method-assign]
        assert device.sync().ok
        assert device.store.run(lambda s: list(s.scalars(select(SearchPending)))) == []
        assert device.store.run(stale_ids) == []
        assert _found(device, "张伟") == [households[2]]
        assert _found(device, "刘11") == [households[11]]
        device.close()
    finally:
        central.stop()


def test_more_waiting_households_than_candidates_search_by_scanning(tmp_path: Path) -> None:
    """Past CANDIDATE_CAP waiting households the index is not consulted at all."""
    from homevisit.households.search_index import CANDIDATE_CAP, candidate_ids

    central = Central.start(tmp_path / "central")
    try:
        central.user("counselor", "wang")
        device = Device.enrolled(tmp_path / "laptop", central, "wang")

        def waiting(count: int) -> Callable[[Session], list[str] | None]:
            def run(s: Session) -> list[str] | None:
                s.execute(delete(SearchPending))
                s.execute(insert(SearchPending), [{"household_id": str(uuid.uuid4())}
                                                  for _ in range(count)])
                return candidate_ids(s, ["张伟"])
            return run

        few = device.store.run(waiting(3))
        assert few is not None and len(few) == 3
        assert device.store.run(waiting(CANDIDATE_CAP + 1)) is None
        device.close()
    finally:
        central.stop()
