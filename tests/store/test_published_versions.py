"""Which version of a form and of its code lists the device uses (issue 16), on a real
encrypted store holding received documents: a published code list newer than the shipped
one wins for the shipped form too; a list that drops a code the old form compares against
makes that form unusable for new visits, yet a visit made on it still opens."""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

import yaml

from homevisit.model import Household, ReceivedDocument, Visit, VisitStatus
from homevisit.protocol.vocabulary import DocumentKind
from homevisit.resources import resource_path
from homevisit.store import Store
from homevisit.visits import published


def shipped(folder: str, *parts: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(resource_path(folder, *parts).read_text("utf-8"))
    return data


def receive(store: Store, kind: DocumentKind, body: dict[str, Any]) -> None:
    doc_id = body["form_id"] if kind is DocumentKind.FORM else body["id"]
    sha = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    store.run(lambda s: s.add(ReceivedDocument(kind=kind, doc_id=doc_id,
                                               version=body["version"], sha256=sha,
                                               body=body)))


def health_codes(definition) -> list[str]:
    return [c.code for c in definition.field("members.people.health").choices]


def test_a_newer_code_list_reaches_the_shipped_form(store: Store) -> None:
    health = shipped("codelists", "health.yaml")
    health["version"] = 2
    health["items"].append({"code": "chronic_illness", "zh": "慢性病", "en": "Chronic illness"})
    receive(store, DocumentKind.CODELIST, health)
    form = store.run(lambda s: published.newest_usable_form(s, "home-visit"))
    assert form.version == 1 and health_codes(form)[-1] == "chronic_illness"


def test_an_old_visit_opens_after_its_form_lost_a_code_it_compares_against(
        store: Store) -> None:
    def start_on_v1(session) -> str:
        household = Household(region_code="320321", address="东村 1 号")
        session.add(household)
        visit = Visit(household_id=household.id, status=VisitStatus.RETURNED, version=1,
                      form_id="home-visit", form_version=1, rule_set_id="jiangsu-2020",
                      rule_set_version=1)
        session.add(visit)
        return visit.id

    visit_id = store.run(start_on_v1)
    # Form v2 no longer asks about minor illness; the list's v2 then drops that code.
    v2 = shipped("forms", "home-visit", "v1.yaml")
    v2["version"] = 2
    text = json.dumps(v2).replace('["minor_illness", "serious_illness"]', '["serious_illness"]')
    assert text != json.dumps(v2)
    receive(store, DocumentKind.FORM, json.loads(text))
    health = copy.deepcopy(shipped("codelists", "health.yaml"))
    health["version"] = 2
    health["items"] = [i for i in health["items"] if i["code"] != "minor_illness"]
    receive(store, DocumentKind.CODELIST, health)

    new = store.run(lambda s: published.newest_usable_form(s, "home-visit"))
    assert new.version == 2 and health_codes(new) == ["healthy", "serious_illness"]
    old = store.run(lambda s: published.visit_definition(s, s.get(Visit, visit_id)))
    assert old.version == 1 and "minor_illness" in health_codes(old)
    assert (old.scoring.id, old.scoring.version) == ("jiangsu-2020", 1)
