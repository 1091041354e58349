"""Documents published from the server (issue 16 items 1 and 2): ``homevisit-server forms
publish | list | retire | check`` on every backend — validation naming the place, states,
immutability, drafts, the audit trail, and the check that stores nothing."""

from __future__ import annotations

import copy
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from document_examples import AID_KINDS, form_v2, shipped_form
from sqlalchemy import func, select

from homevisit.protocol.vocabulary import DocumentKind, DocumentState, VisitStatus
from homevisit.resources import resource_path
from homevisit.server import data_documents
from homevisit.server.cli import main
from homevisit.server.models import AuditEvent, DataDocument, Household, Visit


def run(url: str, *args: str) -> int:
    return main(["--database-url", url, *args])


def write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return path


@pytest.fixture
def server(database_url: str, db) -> str:
    """A server database after ``init`` (the shipped versions published)."""
    assert run(database_url, "init") == 0
    return database_url


def documents(db) -> list[tuple[str, str, int, str]]:
    db.expire_all()
    return [(r.kind.value, r.doc_id, r.version, r.state.value)
            for r in data_documents.listing(db)]


def test_init_publishes_the_shipped_versions_once(server, db, capsys):
    rows = documents(db)
    assert ("form", "home-visit", 1, "published") in rows
    assert ("rule_set", "jiangsu-2020", 1, "published") in rows
    assert ("codelist", "relations", 1, "published") in rows
    assert run(server, "init") == 0
    assert "already published" in capsys.readouterr().out
    assert documents(db) == rows


def test_form_v2_needs_its_code_list_first_then_publishes(server, db, tmp_path, capsys):
    form = write(tmp_path, "v2.yaml", form_v2())
    assert run(server, "forms", "publish", str(form)) == 1
    err = capsys.readouterr().err
    assert "policies.aid_received" in err and "aid-kinds" in err
    assert ("form", "home-visit", 2, "published") not in documents(db)

    assert run(server, "forms", "publish", str(write(tmp_path, "aid.yaml", AID_KINDS))) == 0
    assert run(server, "forms", "publish", str(form)) == 0
    assert "form home-visit v2: published" in capsys.readouterr().out
    assert ("form", "home-visit", 2, "published") in documents(db)
    actions = db.scalars(select(AuditEvent.action).where(
        AuditEvent.entity == "data_document", AuditEvent.actor == "cli")).all()
    assert actions.count("document.publish") >= 2

    assert run(server, "forms", "list", "--kind", "form") == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[2] for line in listed] == ["v1", "v2"]


def _bad_condition(form: dict[str, Any]) -> str:
    # A condition naming a later field: it would silently never match on a device.
    form["steps"][0]["fields"][0]["visible_when"] = {"field": "household.residence_type",
                                                     "eq": "rural"}
    return "consent.visit_mode"


def _unknown_code(form: dict[str, Any]) -> str:
    household = next(s for s in form["steps"] if s["id"] == "household")
    household["fields"][2]["visible_when"] = {"field": "household.residence_type",
                                              "eq": "suburban"}
    return "suburban"


def _schema_violation(form: dict[str, Any]) -> str:
    form["steps"][1]["fields"][0]["type"] = "colour"
    return "steps/1/fields/0"


@pytest.mark.parametrize("spoil", [_bad_condition, _unknown_code, _schema_violation])
def test_an_invalid_form_is_refused_naming_the_place(server, db, tmp_path, capsys, spoil):
    form = shipped_form()
    form["version"] = 2
    place = spoil(form)
    before = documents(db)
    assert run(server, "forms", "publish", str(write(tmp_path, "v2.yaml", form))) == 1
    err = capsys.readouterr().err
    assert place in err and "document_invalid" in err
    assert "Traceback" not in err and str(tmp_path) not in err
    assert documents(db) == before
    assert run(server, "forms", "check", str(write(tmp_path, "v2.yaml", form))) == 1


def test_a_rule_naming_an_unknown_answer_is_refused(server, db, tmp_path, capsys):
    rules = yaml.safe_load(resource_path("scoring", "jiangsu-2020.yaml").read_text("utf-8"))
    rules["version"] = 2
    rules["rules"][0]["when"] = {"field": "household.pets", "eq": True}
    before = documents(db)
    assert run(server, "forms", "publish", str(write(tmp_path, "rules.yaml", rules))) == 1
    err = capsys.readouterr().err
    assert rules["rules"][0]["id"] in err and "household.pets" in err
    assert documents(db) == before


def test_a_code_list_dropping_a_code_the_form_compares_is_refused(server, db, tmp_path,
                                                                  capsys):
    assert run(server, "forms", "publish", str(write(tmp_path, "aid.yaml", AID_KINDS))) == 0
    assert run(server, "forms", "publish", str(write(tmp_path, "v2.yaml", form_v2()))) == 0
    shrunk = copy.deepcopy(AID_KINDS)
    shrunk["version"] = 2
    shrunk["items"] = shrunk["items"][:1]  # "loan" goes; form v2 shows loan_note for it
    assert run(server, "forms", "publish", str(write(tmp_path, "aid2.yaml", shrunk))) == 1
    err = capsys.readouterr().err
    assert "policies.loan_note" in err and "loan" in err
    assert ("codelist", "aid-kinds", 2, "published") not in documents(db)


def test_a_published_version_never_changes(server, db, tmp_path, capsys):
    aid = write(tmp_path, "aid.yaml", AID_KINDS)
    assert run(server, "forms", "publish", str(aid)) == 0
    assert run(server, "forms", "publish", str(aid)) == 0  # the same content: a no-op
    assert "unchanged" in capsys.readouterr().out
    changed = copy.deepcopy(AID_KINDS)
    changed["items"][0]["zh"] = "国家助学金"
    assert run(server, "forms", "publish", str(write(tmp_path, "aid-b.yaml", changed))) == 1
    err = capsys.readouterr().err
    assert "aid-kinds v1" in err and "(conflict)" in err
    row = db.scalars(select(DataDocument).where(DataDocument.doc_id == "aid-kinds")).one()
    assert row.body["items"][0]["zh"] == "助学金"


def test_a_version_must_rise(server, db, tmp_path, capsys):
    newer = copy.deepcopy(AID_KINDS)
    newer["version"] = 3
    assert run(server, "forms", "publish", str(write(tmp_path, "aid3.yaml", newer))) == 0
    assert run(server, "forms", "publish", str(write(tmp_path, "aid1.yaml", AID_KINDS))) == 1
    assert "v3" in capsys.readouterr().err


def test_draft_is_for_admins_then_published_then_retired(server, db, tmp_path, capsys):
    aid = write(tmp_path, "aid.yaml", AID_KINDS)
    assert run(server, "forms", "publish", "--draft", str(aid)) == 0
    db.expire_all()
    assert ("codelist", "aid-kinds", 1, "draft") in documents(db)
    assert all(r.state is not DocumentState.DRAFT
               for r in data_documents.listing(db, drafts=False))
    assert data_documents.current(db, DocumentKind.CODELIST, "aid-kinds") is None

    assert run(server, "forms", "publish", str(aid)) == 0
    assert ("codelist", "aid-kinds", 1, "published") in documents(db)
    assert run(server, "forms", "retire", "codelist", "aid-kinds", "1") == 0
    assert ("codelist", "aid-kinds", 1, "retired") in documents(db)
    assert run(server, "forms", "retire", "codelist", "aid-kinds", "1") == 1
    assert run(server, "forms", "retire", "codelist", "no-such-list", "1") == 1
    actions = db.scalars(select(AuditEvent.action).where(
        AuditEvent.entity == "data_document")).all()
    assert {"document.draft", "document.publish", "document.retire"} <= set(actions)


def _visit_on(db, version: int, status: VisitStatus) -> None:
    household = Household(id=str(uuid.uuid4()), region_code="320321")
    db.add(household)
    db.flush()
    db.add(Visit(id=str(uuid.uuid4()), household_id=household.id, status=status,
                 form_id="home-visit", form_version=version))


def test_check_says_what_changes_and_which_open_visits_meet_it(server, db, tmp_path,
                                                                capsys):
    assert run(server, "forms", "publish", str(write(tmp_path, "aid.yaml", AID_KINDS))) == 0
    for status in (VisitStatus.DRAFT, VisitStatus.RETURNED, VisitStatus.SUBMITTED,
                   VisitStatus.APPROVED):
        _visit_on(db, 1, status)
    db.commit()
    capsys.readouterr()
    before = db.scalar(select(func.count()).select_from(DataDocument))
    assert run(server, "forms", "check", str(write(tmp_path, "v2.yaml", form_v2()))) == 0
    out = capsys.readouterr().out
    assert "form home-visit v2 against v1" in out
    assert "+ field policies.aid_received" in out and "+ field policies.loan_note" in out
    assert "open visits on v1: 3" in out  # the approved one is not open
    assert "nothing stored" in out
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(DataDocument)) == before

    relations = yaml.safe_load(resource_path("codelists", "relations.yaml").read_text("utf-8"))
    relations["version"] = 2
    relations["items"].append({"code": "godparent", "zh": "干亲", "en": "Godparent"})
    relations["items"][1]["zh"] = "父"
    assert run(server, "forms", "check", str(write(tmp_path, "rel.yaml", relations))) == 0
    out = capsys.readouterr().out
    assert "+ code godparent" in out and "~ code father" in out


def test_a_code_list_dropping_a_code_a_rule_scores_is_refused(server, db, tmp_path, capsys):
    relations = yaml.safe_load(resource_path("codelists", "relations.yaml").read_text("utf-8"))
    relations["version"] = 2
    relations["items"] = [i for i in relations["items"] if i["code"] != "father"]
    assert run(server, "forms", "publish", str(write(tmp_path, "rel.yaml", relations))) == 1
    err = capsys.readouterr().err
    assert "jiangsu-2020" in err and "father" in err
    assert ("codelist", "relations", 2, "published") not in documents(db)
