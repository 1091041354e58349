"""Which consent choice each kind of capture needs (DESIGN §4), shared by the app, the CLI
and the server so the three refuse the same things.

Choices are the codes of ``resources/codelists/consent-categories.yaml``; roster checks need
the separate written authorisation (``roster_check_authorised``), not a choice.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any


class ConsentChoice(StrEnum):
    BASIC_INFORMATION = "basic_information"
    DOCUMENT_PHOTOS = "document_photos"
    HOME_PHOTOS = "home_photos"
    HEALTH_INFORMATION = "health_information"
    SHARE_WITH_SCHOOL = "share_with_school"


HOME_PHOTO = "home_photo"
DOCUMENT_TYPES = frozenset({"id_card", "hukou", "certificate", "income_proof",
                            "authorisation", "other", "document"})
HEALTH_FIELDS = ("health", "health_note")


def required_for_doc_type(doc_type: str) -> ConsentChoice | None:
    """The choice an attachment of ``doc_type`` needs; None for signatures (the consent
    signature is the consent itself) and other kinds that capture no photo."""
    if doc_type == HOME_PHOTO:
        return ConsentChoice.HOME_PHOTOS
    if doc_type in DOCUMENT_TYPES:
        return ConsentChoice.DOCUMENT_PHOTOS
    return None


def _people(answers: Mapping[str, Any] | None) -> list[Any]:
    members = (answers or {}).get("members")
    people = members.get("people") if isinstance(members, Mapping) else None
    return people if isinstance(people, list) else []


def has_health_answers(answers: Mapping[str, Any] | None) -> bool:
    """Whether any member's health is answered in a visit's answers."""
    return any(isinstance(p, Mapping) and any(p.get(f) not in (None, "") for f in HEALTH_FIELDS)
               for p in _people(answers))


def without_health_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """``answers`` with every member's health fields removed (a copy)."""
    result = dict(answers)
    people = _people(answers)
    if people:
        members = dict(answers["members"])
        members["people"] = [
            {k: v for k, v in p.items() if k not in HEALTH_FIELDS} if isinstance(p, Mapping)
            else p for p in people]
        result["members"] = members
    return result


def choices_in_answers(answers: Mapping[str, Any] | None) -> frozenset[str]:
    """The consent choices ticked in a visit's consent step."""
    consent = (answers or {}).get("consent")
    ticked = consent.get("consent_choices") if isinstance(consent, Mapping) else None
    return frozenset(str(c) for c in ticked) if isinstance(ticked, list) else frozenset()
