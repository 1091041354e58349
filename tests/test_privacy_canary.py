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


# --- the ID number in a file name (issue 13 item 9) -----------------------------------------

NAMED_CHILD = textwrap.dedent(
    """
    import logging, os, sys, traceback
    from pathlib import Path
    from PIL import Image
    from homevisit.kdf import FLOOR
    from homevisit.profiles import create_profile
    from homevisit.workspace import Workspace

    # Every log record of every library, at every level, goes to stderr for the parent.
    logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)
    canary_id, work = sys.argv[1], Path(sys.argv[2])
    create_profile("counselor", "a long passphrase", kdf_params=FLOOR)
    named = lambda suffix: work / f"张三_{canary_id}_户口本{suffix}"
    photo = named(".jpg")
    Image.new("RGB", (64, 48), "white").save(photo)
    folder = named("")
    folder.mkdir()
    text = named(".png")
    text.write_text("not a picture")
    fifo = named(".pdf.fifo.pdf")
    if hasattr(os, "mkfifo"):
        os.mkfifo(fifo)
    with Workspace.open("counselor", "a long passphrase") as ws:
        ws.import_attachment(photo, doc_type="hukou")
        for bad in (named(".missing.jpg"), folder, text, fifo):
            try:
                ws.import_attachment(bad)
            except Exception as error:  # every text an error offers, as a log would show it
                print(str(error), repr(error), error.args)
                print("".join(traceback.format_exception(error)))
            else:
                raise SystemExit("a bad file was accepted")
        assert len(ws.attachments()) == 1
    """
)


def test_an_id_number_in_a_file_name_never_reaches_output_logs_or_exception_text(tmp_path):
    home, work = tmp_path / "data", tmp_path / "work"
    for d in (home, work):
        d.mkdir()
    env = {**os.environ, "HOMEVISIT_HOME": str(home)}
    done = subprocess.run([sys.executable, "-c", NAMED_CHILD, CANARY_ID, str(work)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" in done.stdout  # the exceptions really were formatted and printed
    assert CANARY_ID not in done.stdout + done.stderr
    assert CANARY_ID[:10] not in done.stdout + done.stderr

    # The same files through the `homevisit` command, and an export to such a name.
    def cli(*args: str):
        return subprocess.run(
            [sys.executable, "-m", "homevisit.cli.main", "--passphrase-stdin", *args],
            input="a long passphrase\n", capture_output=True, text=True, timeout=120,
            env={**env, "HOMEVISIT_LANG": "en"})

    imported = cli("vault", "import", str(work / f"张三_{CANARY_ID}_户口本.jpg"))
    assert imported.returncode == 0, imported.stderr
    outputs = [imported, cli("vault", "export", imported.stdout.strip(),
                             str(work / f"导出_{CANARY_ID}.jpg"))]
    for bad in (f"张三_{CANARY_ID}_户口本.missing.jpg", f"张三_{CANARY_ID}_户口本",
                f"张三_{CANARY_ID}_户口本.png"):
        outputs.append(cli("vault", "import", str(work / bad)))
    assert [o.returncode for o in outputs] == [0, 0, 1, 1, 1]
    for output in outputs:
        assert CANARY_ID not in output.stdout + output.stderr
        assert "Traceback" not in output.stderr
