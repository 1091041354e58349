"""Which version of a form, code list or rule set the device uses (issue 16 items 3 and 4).

Two sources: the files shipped with the app (``resources/``) and the versions received from
the server (:class:`~homevisit.model.ReceivedDocument`). For each document the newer
version wins — a published version newer than the shipped one, otherwise the shipped file.

A received form becomes *usable* only once every document it names (its code lists, its
scoring rule set) is on the device and it parses against them; until then new visits stay on
the last usable version. A visit keeps the form version and the rule-set version it started
with (recorded on the visit and on each finalized version), through return and revision:
:func:`visit_definition` loads exactly those, so a new rule set never rescores it.

Every function takes the store worker's ``Session``; nothing here writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from homevisit.errors import (
    CodeListNotFound,
    DefinitionInvalid,
    DefinitionNotFound,
    RuleSetInvalid,
)
from homevisit.model import ReceivedDocument, Visit, VisitVersion
from homevisit.protocol.vocabulary import DocumentKind
from homevisit.resources import resource_path
from homevisit.visits.codelists import CodeList, load_codelist, parse_codelist
from homevisit.visits.data_documents import references
from homevisit.visits.forms.definition import (
    FormDefinition,
    available_versions,
    load_definition_data,
    parse_definition,
)
from homevisit.visits.scoring import RuleSet, load_shipped_rule_set, parse_rule_set

FORM_ID = "home-visit"
"""The home-visit form's id (its versions and rule set come from the documents)."""


@dataclass(frozen=True, slots=True)
class RuleSetRef:
    """Which rule set scored a visit (what the review view shows)."""

    id: str
    version: int


def _received(session: Session, kind: DocumentKind, doc_id: str,
              version: int | None = None) -> ReceivedDocument | None:
    query = select(ReceivedDocument).where(ReceivedDocument.kind == kind,
                                           ReceivedDocument.doc_id == doc_id)
    if version is not None:
        query = query.where(ReceivedDocument.version == version)
    return session.scalars(query.order_by(ReceivedDocument.version.desc()).limit(1)).first()


def _received_versions(session: Session, kind: DocumentKind, doc_id: str) -> list[int]:
    return list(session.scalars(
        select(ReceivedDocument.version).where(ReceivedDocument.kind == kind,
                                               ReceivedDocument.doc_id == doc_id)))


def newest_received(session: Session, kind: DocumentKind,
                    doc_id: str) -> dict[str, Any] | None:
    """The newest received version of a document, as sent (e.g. the help desk's checklist
    or policy card, which ship with no file of their own); None before the first one."""
    row = _received(session, kind, doc_id)
    return dict(row.body) if row is not None else None


def codelists(session: Session, *, oldest: bool = False) -> Callable[[str], CodeList]:
    """Look-up of the code list in use by id: the received one if newer than the shipped
    one (``oldest``: the oldest version on the device instead); raises
    :class:`CodeListNotFound` when neither exists."""

    def lookup(name: str) -> CodeList:
        try:
            shipped: CodeList | None = load_codelist(name)
        except CodeListNotFound:
            shipped = None
        versions = _received_versions(session, DocumentKind.CODELIST, name)
        if not versions and shipped is None:
            raise CodeListNotFound(name=name)
        if shipped is not None and (not versions or (
                min(versions) >= shipped.version if oldest
                else max(versions) <= shipped.version)):
            return shipped
        version = min(versions) if oldest else max(versions)
        row = _received(session, DocumentKind.CODELIST, name, version)
        assert row is not None
        return parse_codelist(row.body, source=name)

    return lookup


def _shipped_rule_set(rule_set_id: str) -> RuleSet | None:
    if not resource_path("scoring", f"{rule_set_id}.yaml").is_file():
        return None
    return load_shipped_rule_set(rule_set_id)


_PARSED_MAX = 32
_RULE_SETS: dict[str, RuleSet] = {}


def _parsed_rule_set(row: ReceivedDocument) -> RuleSet:
    # Keyed by content: a received version never changes.
    found = _RULE_SETS.get(row.sha256)
    if found is None:
        if len(_RULE_SETS) >= _PARSED_MAX:
            _RULE_SETS.clear()
        found = _RULE_SETS[row.sha256] = parse_rule_set(row.body, source=row.doc_id)
    return found


def rule_set(session: Session, rule_set_id: str, version: int | None = None) -> RuleSet | None:
    """The rule set ``rule_set_id`` at ``version`` (the newest on the device without one);
    None when the device does not have it."""
    shipped = _shipped_rule_set(rule_set_id)
    row = _received(session, DocumentKind.RULE_SET, rule_set_id, version)
    if version is not None:
        if row is not None:
            return _parsed_rule_set(row)
        return shipped if shipped is not None and shipped.version == version else None
    if row is not None and (shipped is None or row.version > shipped.version):
        return _parsed_rule_set(row)
    return shipped


_PARSED: dict[tuple[Any, ...], FormDefinition] = {}


def _parse_form(session: Session, form_id: str, version: int,
                *, oldest_codelists: bool = False) -> FormDefinition:
    """The form at ``version`` (received, else the shipped file) with the code lists in use
    on the device — a published list newer than the shipped one wins for shipped forms too.
    Parsed once per form and set of code-list versions (a parse costs tens of ms)."""
    row = _received(session, DocumentKind.FORM, form_id, version)
    body = row.body if row is not None else load_definition_data(form_id, version)
    lookup = codelists(session, oldest=oldest_codelists)
    lists = {name: lookup(name) for kind, name in references(DocumentKind.FORM, body)
             if kind is DocumentKind.CODELIST}
    key = (form_id, version, row.sha256 if row is not None else "shipped",
           tuple(sorted((name, c.version) for name, c in lists.items())))
    definition = _PARSED.get(key)
    if definition is None:
        definition = parse_definition(body, source=f"{form_id} v{version}",
                                      codelists=lambda name: lists.get(name) or lookup(name))
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[key] = definition
    return definition


def _usable(session: Session, form_id: str, version: int) -> FormDefinition | None:
    """The form bound to the newest rule set it names, if everything it names is here."""
    row = _received(session, DocumentKind.FORM, form_id, version)
    if row is not None:
        for kind, ref in references(DocumentKind.FORM, row.body):
            if kind is DocumentKind.RULE_SET and rule_set(session, ref) is None:
                return None
    try:
        definition = _parse_form(session, form_id, version)
    except (CodeListNotFound, DefinitionInvalid, DefinitionNotFound, RuleSetInvalid):
        return None
    scoring_id = definition.scoring_id
    return replace(definition, scoring=rule_set(session, scoring_id) if scoring_id else None)


def form_versions(session: Session, form_id: str) -> list[int]:
    """Every version of the form on the device (shipped or received), newest first."""
    found = set(available_versions(form_id))
    found.update(_received_versions(session, DocumentKind.FORM, form_id))
    return sorted(found, reverse=True)


def newest_usable_form(session: Session, form_id: str) -> FormDefinition:
    """The form new visits start on: its newest usable version, bound to the newest rule set
    it names. Raises :class:`DefinitionNotFound` when no version is usable."""
    for version in form_versions(session, form_id):
        definition = _usable(session, form_id, version)
        if definition is not None:
            return definition
    raise DefinitionNotFound(form_id=form_id, version="?")


def form_version_of(session: Session, visit: Visit | VisitVersion) -> int:
    """The form version a visit was made on. One without a recorded version predates
    published versions: it was made on the oldest version the device has."""
    if visit.form_version is not None:
        return visit.form_version
    form_id = visit.form_id or FORM_ID
    versions = form_versions(session, form_id)
    if not versions:
        raise DefinitionNotFound(form_id=form_id, version="?")
    return versions[-1]


def _pinned_rule_set(session: Session, source: Any,
                     definition: FormDefinition) -> RuleSet | None:
    scoring_id = source.rule_set_id or definition.scoring_id
    if not scoring_id:
        return None
    if source.rule_set_version is None:
        # A visit started before versions were recorded was scored with the shipped file.
        return _shipped_rule_set(scoring_id) or rule_set(session, scoring_id)
    return rule_set(session, scoring_id, source.rule_set_version)


def visit_definition(session: Session, visit: Visit | VisitVersion) -> FormDefinition:
    """The form version ``visit`` started with, bound to the rule-set version it started
    with. Raises :class:`DefinitionNotFound` (or :class:`RuleSetInvalid`) when the device
    lacks one — never the case for a visit made here, since documents are never deleted."""
    form_id = visit.form_id or FORM_ID
    version = form_version_of(session, visit)
    try:
        definition = _parse_form(session, form_id, version)
    except (CodeListNotFound, DefinitionInvalid):
        # A code list changed since the visit's form was current (a code that form compares
        # against was dropped; the server only checks lists against the current form): the
        # oldest lists on the device, which an older form was made with.
        definition = _parse_form(session, form_id, version, oldest_codelists=True)
    scoring = _pinned_rule_set(session, visit, definition)
    if scoring is None and definition.scoring_id:
        raise RuleSetInvalid(source=definition.scoring_id, where="version",
                             reason=f"v{visit.rule_set_version} is not on this device")
    return replace(definition, scoring=scoring)


def visit_rule_set(session: Session, visit_id: str) -> RuleSetRef | None:
    """The rule set (id, version) that scored — or will score — the visit: from its latest
    finalized version when it has one, else from the visit itself. None for an unknown
    visit or one whose form does not score. For the review view (issue 15)."""
    latest = session.scalars(
        select(VisitVersion).where(VisitVersion.visit_id == visit_id,
                                   VisitVersion.deleted.is_(False))
        .order_by(VisitVersion.version.desc()).limit(1)).first()
    source: Visit | VisitVersion | None = latest or session.get(Visit, visit_id)
    if source is None:
        return None
    if source.rule_set_id and source.rule_set_version:
        return RuleSetRef(source.rule_set_id, source.rule_set_version)
    try:
        definition = _parse_form(session, source.form_id or FORM_ID,
                                 form_version_of(session, source))
    except (CodeListNotFound, DefinitionInvalid, DefinitionNotFound):
        return None
    scoring = _pinned_rule_set(session, source, definition)
    return RuleSetRef(scoring.id, scoring.version) if scoring else None
