"""Full ID numbers and phones come only through the unlocked workspace, after the passphrase,
with the audit row in the same transaction as the read."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from homevisit import profiles
from homevisit.errors import StoreError, WrongPassphrase
from homevisit.households.detail import household_detail
from homevisit.kdf import FLOOR
from homevisit.model import AuditEvent, Household, Member
from homevisit.store import Store
from homevisit.workspace import Workspace

PASSPHRASE = "correct horse battery"
FULL_ID = "110101199003070019"


@pytest.fixture
def workspace():
    made = profiles.create_profile("测试", PASSPHRASE, kdf_params=FLOOR)
    with profiles.unlock(made, PASSPHRASE) as unlocked:
        Store.open(made.store_path, bytes(unlocked.key), create=True).close()
    ws = Workspace.open(made, PASSPHRASE)
    yield ws
    ws.close()


@pytest.fixture
def household_id(workspace) -> str:
    def add(session) -> str:
        household = Household(region_code="320826", address="欢口镇东村")
        session.add(household)
        session.add(Member(household=household, name="张三", relation="father",
                           id_number=FULL_ID, phone="13812341234", is_guardian=True))
        return household.id

    return workspace.store.run(add)


def _reveals(workspace) -> list[str | None]:
    return workspace.store.run(lambda s: list(s.scalars(
        select(AuditEvent.entity_id).where(AuditEvent.action == "reveal"))))


def test_the_read_model_always_masks(workspace, household_id):
    detail = workspace.store.run(lambda s: household_detail(s, household_id))
    assert detail.members[0].id_number == "1101**********0019"
    assert detail.members[0].phone == "138****1234"


def test_a_wrong_passphrase_reveals_nothing_and_audits_nothing(workspace, household_id):
    with pytest.raises(WrongPassphrase):
        workspace.reveal_household(household_id, "not my passphrase")
    assert _reveals(workspace) == []


def test_the_passphrase_reveals_full_numbers_with_their_audit_row(workspace, household_id):
    detail = workspace.reveal_household(household_id, PASSPHRASE)
    assert (detail.members[0].id_number, detail.members[0].phone) == (FULL_ID, "13812341234")
    assert _reveals(workspace) == [household_id]


def test_a_reveal_that_cannot_read_leaves_no_audit_row(workspace, household_id):
    workspace.store.run(lambda s: setattr(s.get(Household, household_id), "deleted", True))
    with pytest.raises(StoreError):
        workspace.reveal_household(household_id, PASSPHRASE)
    assert _reveals(workspace) == []
