"""The profile chooser's display-only name and role live in profile.json; a label that is
not plain printable text is ignored, and the role that decides anything is in the store."""

from __future__ import annotations

import json

from homevisit import profiles
from homevisit.kdf import FLOOR

PASSPHRASE = "correct horse battery"


def test_a_label_is_written_once_and_read_back(home_dir):
    made = profiles.create_profile("wang", PASSPHRASE, kdf_params=FLOOR)
    assert (made.display_name, made.role) == ("", "")
    labelled = profiles.set_public_label(made, "王老师", "counselor")
    assert (labelled.display_name, labelled.role) == ("王老师", "counselor")
    [listed] = profiles.list_profiles()
    assert (listed.name, listed.display_name, listed.role) == ("wang", "王老师", "counselor")
    before = (made.folder / "profile.json").stat().st_mtime_ns
    assert profiles.set_public_label(labelled, "王老师", "counselor") is labelled
    assert (made.folder / "profile.json").stat().st_mtime_ns == before
    # The passphrase still opens the profile: the key slot was never touched.
    profiles.unlock(listed, PASSPHRASE).lock()


def test_a_label_that_is_not_printable_text_is_ignored(home_dir):
    made = profiles.create_profile("li", PASSPHRASE, kdf_params=FLOOR)
    path = made.folder / "profile.json"
    doc = json.loads(path.read_text())
    doc.update(display_name="督导\u202e\n", role=["supervisor"])
    path.write_text(json.dumps(doc))
    [listed] = profiles.list_profiles()
    assert (listed.display_name, listed.role) == ("", "")
