"""Documents the publishing tests share: the shipped form, a new code list, and a form v2
that needs it."""

from __future__ import annotations

from typing import Any

import yaml

from homevisit.resources import resource_path


def shipped_form() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        resource_path("forms", "home-visit", "v1.yaml").read_text("utf-8"))
    return data


AID_KINDS = {
    "id": "aid-kinds", "version": 1, "title": {"zh": "资助项目", "en": "Aid kinds"},
    "items": [{"code": "grant", "zh": "助学金", "en": "Grant"},
              {"code": "loan", "zh": "助学贷款", "en": "Student loan"}],
}


def form_v2() -> dict[str, Any]:
    """v1 plus a question on the aid the family already gets, from a new code list, and a
    follow-up shown only for one of its codes."""
    data = shipped_form()
    data["version"] = 2
    policies = next(s for s in data["steps"] if s["id"] == "policies")
    policies["fields"] += [
        {"id": "aid_received", "type": "multichoice", "codelist": "aid-kinds",
         "label": {"zh": "已获资助", "en": "Aid already received"}},
        {"id": "loan_note", "type": "text", "label": {"zh": "贷款说明", "en": "Loan note"},
         "visible_when": {"field": "policies.aid_received", "contains": "loan"}},
    ]
    return data
