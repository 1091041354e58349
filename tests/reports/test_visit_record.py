"""The printed visit record (issue 18, item 4): what an office files, masked unless the
user chose full numbers after re-authenticating, signatures embedded, audited."""

from __future__ import annotations

import subprocess

import pytest
from PIL import Image
from sqlalchemy import select

from homevisit.errors import ReauthRequired, WrongPassphrase
from homevisit.ids import mask_id, mask_phone
from homevisit.model import AuditEvent
from homevisit.reports.visit_record import write_visit_record
from tests.reports.conftest import PASSPHRASE, pdf_text, signature_png
from tests.reports.seed_record import FATHER_ID, HOSTILE, PHONE, seed_printable


def _prints(workspace) -> list[dict]:
    return workspace.store.run(lambda s: [
        {"action": e.action, "entity_id": e.entity_id, **e.detail}
        for e in s.scalars(select(AuditEvent)) if e.action == "print"])


def test_the_record_shows_what_an_office_files_with_ids_masked(workspace, tmp_path):
    seeded = seed_printable(workspace, signature_png())
    out = write_visit_record(workspace, seeded.visit_id, tmp_path / "record.pdf", lang="zh")
    text = pdf_text(out)
    for words in ("家庭经济情况家访记录", "知情同意", "notice-2025-1", "家庭成员",
                  seeded.student, "指标得分说明", "苏北地区", "家庭情况特殊", "建议档次与理由",
                  "核查提示及处理", "已退休", "签名", "监护人同意签名", "审核记录",
                  "退回修改", "请核实务工收入", "已核实，按工资流水填写", "通过", HOSTILE):
        assert words in text, words
    assert mask_id(seeded.student_id_number) in text and mask_id(FATHER_ID) in text
    assert mask_phone(PHONE) in text
    for secret in (seeded.student_id_number, FATHER_ID, PHONE):
        assert secret not in text
    assert "贫困" not in text  # 无痕资助: no label beyond the form's own
    assert _prints(workspace) == [{"action": "print", "entity_id": seeded.visit_id,
                                   "phase": "started", "kind": "visit_record",
                                   "version": 1, "full_ids": False}]


def test_full_numbers_only_when_chosen_and_reauthenticated(workspace, tmp_path):
    seeded = seed_printable(workspace, signature_png())
    workspace.reauth.forget()  # the grace after unlocking has run out
    with pytest.raises(ReauthRequired):
        write_visit_record(workspace, seeded.visit_id, tmp_path / "a.pdf", full_ids=True)
    with pytest.raises(WrongPassphrase):
        write_visit_record(workspace, seeded.visit_id, tmp_path / "a.pdf", full_ids=True,
                           passphrase="wrong guess")
    assert not (tmp_path / "a.pdf").exists() and _prints(workspace) == []
    out = write_visit_record(workspace, seeded.visit_id, tmp_path / "a.pdf", full_ids=True,
                             passphrase=PASSPHRASE)
    text = pdf_text(out)
    assert seeded.student_id_number in text and FATHER_ID in text and PHONE in text
    assert _prints(workspace)[-1]["full_ids"] is True


def test_the_signature_is_embedded_and_visible(workspace, tmp_path):
    seeded = seed_printable(workspace, signature_png())
    out = write_visit_record(workspace, seeded.visit_id, tmp_path / "record.pdf")
    listed = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True,
                            text=True, check=True).stdout
    assert " 400   140 " in listed  # the signature's own pixels, embedded as drawn
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(out), str(tmp_path / "page")],
                   check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    # Some page holds a long dark stroke (the signature) besides text.
    dark = max(sum(Image.open(page).convert("L").histogram()[:80])
               for page in pages)
    assert dark > 200
    assert not any(p.name.startswith(".homevisit-export-") for p in tmp_path.iterdir())


def _signature_file(workspace, visit_id):
    from homevisit.model import Attachment

    file_id = workspace.store.run(lambda s: s.scalars(select(Attachment.vault_file_id).where(
        Attachment.visit_id == visit_id, Attachment.doc_type == "signature_consent")).one())
    return workspace.vault._path(file_id)


def test_a_signature_not_on_this_device_is_said_not_printed(workspace, tmp_path):
    seeded = seed_printable(workspace, signature_png())
    _signature_file(workspace, seeded.visit_id).unlink()
    out = write_visit_record(workspace, seeded.visit_id, tmp_path / "r.pdf", lang="zh")
    assert "签名图像不在本机" in pdf_text(out)


def test_a_tampered_signature_stops_the_print_and_writes_nothing(workspace, tmp_path):
    from homevisit.errors import AttachmentTampered

    seeded = seed_printable(workspace, signature_png())
    path = _signature_file(workspace, seeded.visit_id)
    data = bytearray(path.read_bytes())
    data[-40] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(AttachmentTampered):
        write_visit_record(workspace, seeded.visit_id, tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists() and _prints(workspace) == []


def test_another_visit_id_or_a_forged_one_is_refused(workspace, tmp_path):
    from homevisit.errors import StoreError

    seed_printable(workspace, signature_png())
    for forged in ("00000000-0000-0000-0000-000000000000", "x\x00y", "' OR 1=1 --"):
        with pytest.raises(StoreError):
            write_visit_record(workspace, forged, tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists() and _prints(workspace) == []
