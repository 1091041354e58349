"""`homevisit vault import --visit`: a capture filed under a visit needs its consent choice,
refused in Chinese through the real command otherwise (real process, real encrypted files)."""

from __future__ import annotations

import copy

from PIL import Image
from sqlalchemy import select

from homevisit.kdf import FLOOR
from homevisit.model import Attachment, Household
from homevisit.profiles import create_profile
from homevisit.visits import draft
from homevisit.workspace import Workspace
from tests.cli.test_homevisit_cli import run

PASS = "correct horse battery"


def _visit(home) -> str:
    profile = create_profile("李老师", PASS, kdf_params=FLOOR)
    with Workspace.open(profile, PASS) as ws:
        def make(session):
            household = Household(region_code="320321", address="东村 1 号")
            session.add(household)
            session.flush()
            return draft.open_visit(session, household.id)
        snapshot = ws.store.run(make)
        answers = copy.deepcopy(dict(snapshot.answers))
        answers.setdefault("consent", {})["consent_choices"] = ["basic_information",
                                                                "document_photos"]
        ws.store.run(lambda s: draft.save_answers(s, snapshot.visit_id, answers, "consent",
                                                  actor=ws.actor))
        return snapshot.visit_id


def test_a_home_photo_without_consent_is_refused_and_a_consented_document_is_filed(
        home_dir, tmp_path):
    visit_id = _visit(home_dir)
    photo = tmp_path / "home.png"
    Image.new("RGB", (200, 120), (180, 160, 140)).save(photo)
    refused = run(home_dir, "vault", "import", str(photo), "--doc-type", "home_photo",
                  "--visit", visit_id, stdin=f"{PASS}\n")
    assert refused.returncode == 1
    assert "拍摄居住环境" in refused.stderr and "Traceback" not in refused.stderr
    filed = run(home_dir, "vault", "import", str(photo), "--doc-type", "id_card",
                "--visit", visit_id, stdin=f"{PASS}\n")
    assert filed.returncode == 0, filed.stderr
    with Workspace.open("李老师", PASS) as ws:
        rows = ws.store.run(lambda s: [(a.doc_type, a.visit_id) for a in s.scalars(
            select(Attachment)).all()])
    assert rows == [("id_card", visit_id)]
    # English on request.
    english = run(home_dir, "vault", "import", str(photo), "--doc-type", "home_photo",
                  "--visit", visit_id, stdin=f"{PASS}\n", lang="en")
    assert english.returncode == 1 and "Photograph the home" in english.stderr
