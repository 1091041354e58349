"""Enrol, list, unlock, lock, change passphrase and delete, on real files."""

from __future__ import annotations

import json
import os

import pytest
from profile_helpers import OTHER_PASSPHRASE, PASSPHRASE, fingerprint

from homevisit.errors import (
    KeySlotDamaged,
    ProfileExists,
    ProfileLocked,
    ProfileNotFound,
    ValidationError,
    WeakPassphrase,
    WrongPassphrase,
)
from homevisit.kdf import FLOOR, KdfParams
from homevisit.keyslot import decode_slot
from homevisit.paths import profiles_dir
from homevisit.profiles import (
    change_passphrase,
    create_profile,
    delete_profile,
    find_profile,
    list_profiles,
    unlock,
)


def test_enrolment_lays_out_the_folder_without_secrets_in_profile_json(profile):
    assert profile.folder == profiles_dir() / profile.id
    assert sorted(p.name for p in profile.folder.iterdir()) == [
        "keyslot.json", "profile.json", "store.db", "vault"
    ]
    doc = json.loads((profile.folder / "profile.json").read_text())
    assert set(doc) == {"id", "name", "created", "schema"}
    assert doc["name"] == "王老师"
    slot = json.loads(profile.keyslot_path.read_text())
    assert slot["kdf"]["name"] == "argon2id"
    assert (slot["kdf"]["memory_kib"], slot["kdf"]["iterations"], slot["kdf"]["lanes"]) == (
        65536, 3, 4
    )
    assert slot["slot_version"] == 1
    # No staging folder is left behind.
    assert [p.name for p in profiles_dir().iterdir()] == [profile.id]


def test_several_profiles_list_sorted_by_name_and_are_found_by_name(make_profile):
    make_profile("volunteer 2")
    make_profile("Desk A")
    make_profile("volunteer 10")
    assert [p.name for p in list_profiles()] == ["Desk A", "volunteer 10", "volunteer 2"]
    assert find_profile("desk a").name == "Desk A"


def test_duplicate_and_unknown_names_are_refused(profile):
    with pytest.raises(ProfileExists):
        create_profile(" 王老师 ", PASSPHRASE, kdf_params=FLOOR)
    with pytest.raises(ProfileNotFound) as caught:
        unlock("nobody", PASSPHRASE)
    assert "profile list" in caught.value.text.zh
    assert "nobody" not in str(caught.value)  # a profile name may be a person's name
    assert len(list_profiles()) == 1


def test_short_passphrase_blank_name_and_weak_parameters_are_refused():
    with pytest.raises(WeakPassphrase) as caught:
        create_profile("desk", "1234567", kdf_params=FLOOR)
    assert "8" in caught.value.text.zh
    with pytest.raises(ValidationError):
        create_profile("   ", PASSPHRASE, kdf_params=FLOOR)
    with pytest.raises(ValueError):
        create_profile("desk", PASSPHRASE, kdf_params=KdfParams(32 * 1024, 3, 4))
    assert list(profiles_dir().iterdir()) == []


def test_unlock_returns_the_key_and_splits_its_time(profile):
    unlocked = unlock(profile.name, PASSPHRASE)
    assert len(unlocked.key) == 32 and any(unlocked.key)
    assert unlocked.profile == profile
    assert unlocked.kdf_seconds > 0
    assert 0 <= unlocked.other_seconds < unlocked.kdf_seconds
    assert profile.id in repr(unlocked) and unlocked.key.hex() not in repr(unlocked)
    # The same key every time: it is the store's key, not derived from the passphrase.
    assert unlock(profile, PASSPHRASE).key == unlocked.key


def test_passphrase_is_normalised_so_input_methods_agree(make_profile):
    profile = make_profile(passphrase="café au lait")  # composed é
    assert unlock(profile, "cafe\u0301 au lait").key  # decomposed e + combining acute


def test_lock_zeroes_the_key_in_place_and_then_refuses_use(profile):
    unlocked = unlock(profile, PASSPHRASE)
    key = unlocked.key  # the very buffer the profile holds
    assert any(key)
    unlocked.lock()
    assert key == bytearray(32)
    assert unlocked.locked
    with pytest.raises(ProfileLocked):
        _ = unlocked.key
    unlocked.lock()  # idempotent


def test_leaving_a_with_block_locks(profile):
    with unlock(profile, PASSPHRASE) as unlocked:
        key = unlocked.key
    assert key == bytearray(32) and unlocked.locked


def test_change_passphrase_keeps_the_key_and_bumps_the_slot_version(profile):
    original = bytes(unlock(profile, PASSPHRASE).key)
    old_slot = json.loads(profile.keyslot_path.read_text())
    change_passphrase(profile, PASSPHRASE, OTHER_PASSPHRASE)
    new_slot = json.loads(profile.keyslot_path.read_text())
    assert new_slot["slot_version"] == old_slot["slot_version"] + 1
    assert new_slot["kdf"]["salt"] != old_slot["kdf"]["salt"]
    assert bytes(unlock(profile, OTHER_PASSPHRASE).key) == original
    with pytest.raises(WrongPassphrase):
        unlock(profile, PASSPHRASE, delay_base=0.0)
    assert not (profile.folder / "keyslot.json.tmp").exists()


def test_change_passphrase_refuses_a_short_new_one_before_touching_anything(profile):
    before = fingerprint(profile.folder)
    with pytest.raises(WeakPassphrase):
        change_passphrase(profile, PASSPHRASE, "short")
    assert fingerprint(profile.folder) == before


def test_delete_shreds_and_removes_the_profile(make_profile):
    keep = make_profile("desk B")
    doomed = make_profile("desk A")
    delete_profile("desk A", PASSPHRASE)
    assert not doomed.folder.exists()
    assert [p.name for p in list_profiles()] == ["desk B"]
    assert [p.name for p in profiles_dir().iterdir()] == [keep.id]
    with pytest.raises(ProfileNotFound):
        unlock(doomed, PASSPHRASE)
    assert unlock(keep, PASSPHRASE).key


def test_delete_overwrites_the_key_slot_in_place_before_removing_it(profile, tmp_path):
    # A second name for the slot's inode shows what happened to its bytes on disk.
    witness = tmp_path / "slot-witness"
    os.link(profile.keyslot_path, witness)
    original = witness.read_bytes()
    delete_profile(profile, PASSPHRASE)
    shredded = witness.read_bytes()
    assert len(shredded) == len(original) and shredded != original
    assert b"wrapped_key" not in shredded
    with pytest.raises(KeySlotDamaged):
        decode_slot(shredded, profile.id)


def test_a_crash_during_enrolment_or_deletion_leaves_nothing_listed(profile):
    # What a crash leaves behind: a staging folder of an enrolment, a renamed folder of a
    # deletion. Neither lists, and the next enrolment sweeps away the deletion.
    (profiles_dir() / ".0000-half.creating").mkdir()
    (profiles_dir() / ".1111-half.deleting").mkdir()
    assert [p.id for p in list_profiles()] == [profile.id]
    create_profile("desk", PASSPHRASE, kdf_params=FLOOR)
    assert not (profiles_dir() / ".1111-half.deleting").exists()
