"""Published-document helpers of the device tests (issue 16): an administrator publishing
over the real admin API, a supervisor returning a visit over the review API, the documents
to publish (a new code list, form v2 that needs it, rule set v2), and a visit finalized the
way the wizard finalizes it (answers, three signatures, then ``draft.finalize``)."""

from __future__ import annotations

import copy
import importlib.util
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import yaml
from synckit import Central, Device

from homevisit import outbox
from homevisit.model import Attachment
from homevisit.protocol import CLIENT_VERSION_HEADER
from homevisit.resources import resource_path
from homevisit.visits import draft

AID_KINDS: dict[str, Any] = {
    "id": "aid-kinds", "version": 1, "title": {"zh": "资助项目", "en": "Aid kinds"},
    "items": [{"code": "grant", "zh": "助学金", "en": "Grant"},
              {"code": "loan", "zh": "助学贷款", "en": "Student loan"}],
}


def shipped(folder: str, *parts: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(resource_path(folder, *parts).read_text("utf-8"))
    return data


def form_v2() -> dict[str, Any]:
    """v1 plus a question on the aid the family already gets, from the new code list."""
    data = shipped("forms", "home-visit", "v1.yaml")
    data["version"] = 2
    policies = next(s for s in data["steps"] if s["id"] == "policies")
    policies["fields"] = [*policies["fields"], {
        "id": "aid_received", "type": "multichoice", "codelist": "aid-kinds",
        "label": {"zh": "已获资助", "en": "Aid already received"}}]
    return data


def rule_set_v2() -> dict[str, Any]:
    """jiangsu-2020 v2: Subei counts 12 points instead of 10 (so a rescore would show)."""
    data = shipped("scoring", "jiangsu-2020.yaml")
    data["version"] = 2
    subei = next(r for r in data["rules"] if r["id"] == "region.subei")
    subei["points"] = 12
    return data


@contextmanager
def _client(central: Central, username: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=central.url, trust_env=False, timeout=30,
                      headers={CLIENT_VERSION_HEADER: "0.1.0"}) as client:
        token = client.post("/api/v1/auth/login", json={
            "username": username, "password": central.users[username],
            "device_name": "office"}).json()
        client.headers["Authorization"] = f"Bearer {token['access_token']}"
        yield client


def publish(central: Central, *documents: dict[str, Any]) -> None:
    """Publish through the admin API, as ``homevisit-server forms publish`` would."""
    if "root" not in central.users:
        central.user("admin", "root")
    with _client(central, "root") as client:
        for document in documents:
            r = client.post("/api/v1/admin/documents", json={"document": document})
            assert r.status_code in (200, 201), r.text


def supervisor_returns(central: Central, visit_id: str, version: int) -> None:
    if "li" not in central.users:
        central.user("supervisor", "li")
    with _client(central, "li") as client:
        r = client.post(f"/api/v1/review/visits/{visit_id}/decision", json={
            "decision": "return", "version": version,
            "comments": [{"field": "income.wages", "text": "请核实收入"}]})
        assert r.status_code == 200, r.text


def sign(device: Device, visit_id: str, household_id: str) -> None:
    """The three signatures the wizard captures, as attachments of the visit."""
    for kind in draft.SIGNATURES:
        stored = device.vault.put_stream(io.BytesIO(b"\x89PNG" + os.urandom(64)))

        def record(session, kind=kind, stored=stored):
            outbox.save(session, Attachment(
                household_id=household_id, visit_id=visit_id, doc_type=kind,
                mime="image/png", size=stored.size, sha256=stored.sha256,
                vault_file_id=stored.file_id, file_key=stored.key))

        device.store.run(record)


def _visit_examples() -> Any:
    # The complete v1 visit of the form tests (tests/visitlogic), loaded by path.
    path = Path(__file__).parents[1] / "visitlogic" / "visit_examples.py"
    spec = importlib.util.spec_from_file_location("visit_examples_of_sync", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EXAMPLES = _visit_examples()
TODAY = EXAMPLES.TODAY
V1_SCORE = 58  # the examples' hand score under jiangsu-2020 v1 (v2 would give 60)


def complete_answers() -> dict[str, Any]:
    return copy.deepcopy(EXAMPLES.complete_answers())


def retire(central: Central, kind: str, doc_id: str, version: int) -> None:
    with _client(central, "root") as client:
        r = client.post(f"/api/v1/admin/documents/{kind}/{doc_id}/{version}/retire")
        assert r.status_code == 200, r.text


def publish_refused(central: Central, document: dict[str, Any]) -> str:
    """Publish a document the server must refuse; its message."""
    if "root" not in central.users:
        central.user("admin", "root")
    with _client(central, "root") as client:
        r = client.post("/api/v1/admin/documents", json={"document": document})
        assert r.status_code == 422, r.text
        message: str = r.json()["error"]["message"]
        return message
