"""DESIGN §4 privacy: personal data never lands in plaintext on disk, in temp files or logs.

A real profile, store and vault in a child process with its own temp dir; afterwards every
byte under the data dir and the temp dir is searched for the canary ID number and name.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from homevisit.ids import id_check_character

CANARY_17 = "32012219870615271"
CANARY_ID = CANARY_17 + id_check_character(CANARY_17)
CANARY_NAME = "金丝雀测试人"

CHILD = textwrap.dedent(
    """
    import io, sys
    from pathlib import Path
    from PIL import Image, PngImagePlugin
    from homevisit import outbox
    from homevisit.kdf import FLOOR
    from homevisit.model import Household, Member
    from homevisit.profiles import create_profile
    from homevisit.workspace import Workspace

    canary_id, canary_name, work = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    create_profile("counselor", "a long passphrase", kdf_params=FLOOR)
    with Workspace.open("counselor", "a long passphrase") as ws:
        def write(session):
            h = Household(region_code="320122", address=canary_name + "家，某某村 3 组")
            session.add(h)
            outbox.save(session, h)
            m = Member(household_id=h.id, name=canary_name, relation="father",
                       id_number=canary_id, phone="13812345678")
            session.add(m)
            outbox.save(session, m)
        ws.store.run(write)
        # A photo whose metadata carries the canary: the vault keeps pixels only.
        meta = PngImagePlugin.PngInfo()
        meta.add_text("Comment", canary_name + " " + canary_id)
        photo = work / "photo.png"
        Image.new("RGB", (32, 32), "white").save(photo, pnginfo=meta)
        ws.import_attachment(photo, doc_type="hukou")
        photo.unlink()  # the user's own file is theirs; only what Homevisit wrote is checked
        assert ws.check().ok
    """
)


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_canary_never_appears_in_plaintext_under_data_temp_or_logs(tmp_path):
    home, tmp, work = tmp_path / "data", tmp_path / "tmp", tmp_path / "work"
    for d in (home, tmp, work):
        d.mkdir()
    env = {**os.environ, "HOMEVISIT_HOME": str(home), "TMPDIR": str(tmp)}
    done = subprocess.run([sys.executable, "-c", CHILD, CANARY_ID, CANARY_NAME, str(work)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert CANARY_ID not in done.stdout + done.stderr

    written = files_under(home) + files_under(tmp)
    assert any(p.name == "store.db" for p in written)
    assert len([p for p in written if "vault" in p.parts]) == 1
    needles = [CANARY_ID.encode(), CANARY_NAME.encode(), CANARY_NAME.encode("utf-16-le"),
               b"13812345678"]
    for path in written:
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, f"plaintext personal data in {path.relative_to(tmp_path)}"
