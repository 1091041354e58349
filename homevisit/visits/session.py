"""A visit being recorded, as navigation data (no Qt): which pages there are, which are
shown, where next and back lead, what is still missing and where, and when each page was
entered and left (supervisors will see the time spent per step).

Modelled on Electrum's ``wizard.py``: the flow is data the widget asks, so every path through
the form is tested without a GUI. The pages are the form definition's steps with the
wizard's own pages — documents (before the recommendation), signatures, finalize — around
them. A step hidden by the answers is never landed on; the answers decide through the form
engine (:func:`homevisit.visits.forms.evaluate`), evaluated once per change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from homevisit.i18n import Text
from homevisit.visits.documents import SIGNATURES
from homevisit.visits.forms import FormDefinition, FormState, Severity, evaluate

DOCUMENTS, SIGNATURES_PAGE, FINALIZE = "documents", "signatures", "finalize"
MAX_STAYS = 1000  # a place kept with the answers stays small however long the visit runs

PAGE_TITLES = {
    DOCUMENTS: Text("证件和照片", "Documents and photos"),
    SIGNATURES_PAGE: Text("签名", "Signatures"),
    FINALIZE: Text("完成", "Finalize"),
}
SIGNATURE_LABELS = {
    "signature_consent": Text("知情同意书上的监护人签名", "Guardian's signature on the consent"),
    "signature_guardian": Text("监护人签名", "Guardian's signature"),
    "signature_visitor": Text("家访人签名", "Visitor's signature"),
}
# Where each signature is drawn: the consent's on the consent step, the others on their page.
SIGNATURE_PAGES = {"signature_consent": "consent", "signature_guardian": SIGNATURES_PAGE,
                   "signature_visitor": SIGNATURES_PAGE}


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    title: Text
    step: bool  # a step of the form definition (else one of the wizard's own pages)


@dataclass(frozen=True, slots=True)
class Missing:
    """Something that keeps the visit from being finalized, and the page to fix it on."""

    page: str
    path: str  # the field's path (roster items with their index), or the signature kind
    code: str  # "required", a validation code, or "signature"
    text: Text


@dataclass(frozen=True, slots=True)
class Stay:
    """One stay on a page: entered and (once the user moved on or closed) left, UTC."""

    page: str
    entered: dt.datetime
    left: dt.datetime | None = None

    def as_record(self) -> dict[str, Any]:
        return {"page": self.page, "entered": self.entered.isoformat(),
                "left": self.left.isoformat() if self.left else None}

    @classmethod
    def from_record(cls, data: Mapping[str, Any]) -> Stay | None:
        try:
            entered = dt.datetime.fromisoformat(str(data["entered"]))
            left = dt.datetime.fromisoformat(str(data["left"])) if data.get("left") else None
            return cls(str(data["page"]), entered, left)
        except (KeyError, TypeError, ValueError):
            return None


def _joined(parts: list[Text]) -> Text:
    return Text(" · ".join(p.zh for p in parts), " · ".join(p.en for p in parts))


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def wizard_pages(definition: FormDefinition) -> tuple[Page, ...]:
    """Every page in order: the steps, documents before the recommendation (or after the
    last step), then signatures and finalize."""
    pages: list[Page] = []
    for step in definition.steps:
        if step.id == "recommendation":
            pages.append(Page(DOCUMENTS, PAGE_TITLES[DOCUMENTS], False))
        pages.append(Page(step.id, step.title, True))
    if all(p.id != DOCUMENTS for p in pages):
        pages.append(Page(DOCUMENTS, PAGE_TITLES[DOCUMENTS], False))
    pages += [Page(SIGNATURES_PAGE, PAGE_TITLES[SIGNATURES_PAGE], False),
              Page(FINALIZE, PAGE_TITLES[FINALIZE], False)]
    return tuple(pages)


class VisitSession:
    """``VisitSession(definition, answers, place=saved)``: starts on the saved page (or the
    first shown one). ``set_answers`` and ``set_documents`` keep it current; ``next``,
    ``back`` and ``jump`` move; ``missing`` and ``can_finalize`` say what is left;
    ``place()`` is what to save with the answers so a restart resumes here."""

    def __init__(self, definition: FormDefinition, answers: Mapping[str, Any], *,
                 household: Mapping[str, Any] | None = None, today: dt.date | None = None,
                 documents: Iterable[str] = (), place: Mapping[str, Any] | None = None,
                 clock: Callable[[], dt.datetime] = _utc_now) -> None:
        self.definition = definition
        self.pages = wizard_pages(definition)
        self._household = dict(household or {})
        self._today = today
        self._clock = clock
        self._documents = frozenset(documents)
        self.answers: dict[str, Any] = {}
        self.state: FormState = evaluate(definition, {}, today=today, household=household)
        self.set_answers(answers)
        place = place if isinstance(place, Mapping) else {}
        saved = [Stay.from_record(s) for s in place.get("stays") or []
                 if isinstance(s, Mapping)]
        self.stays: list[Stay] = [s for s in saved if s is not None]
        # A stay left open by a crash or a kill ends where it was last known to be open.
        if self.stays and self.stays[-1].left is None:
            last = self.stays[-1]
            self.stays[-1] = Stay(last.page, last.entered, last.entered)
        start = place.get("step")
        self.current = start if isinstance(start, str) and self.is_shown(start) \
            else self.shown()[0]
        self._enter(self.current)

    # --- state -------------------------------------------------------------------------

    def set_answers(self, answers: Mapping[str, Any]) -> FormState:
        """Evaluate ``answers`` (all of them; hidden ones are kept but never count)."""
        self.answers = {k: v for k, v in answers.items() if not k.startswith("_")}
        self.state = evaluate(self.definition, self.answers, today=self._today,
                              household=self._household)
        # Conditions see only earlier answers, so the page being edited never hides itself;
        # answers set from outside might: the user then goes to the shown page before it.
        current = getattr(self, "current", None)
        if current is not None and not self.is_shown(current):
            self._leave()
            self.current = self._neighbour(False) or self.shown()[0]
            self._enter(self.current)
        return self.state

    def set_documents(self, doc_types: Iterable[str]) -> None:
        """The kinds of attachment the visit has (documents, photos, signatures)."""
        self._documents = frozenset(doc_types)

    def page(self, page_id: str) -> Page:
        return next(p for p in self.pages if p.id == page_id)

    def is_shown(self, page_id: str) -> bool:
        """A form step is shown when its condition holds; the wizard's own pages always."""
        page = next((p for p in self.pages if p.id == page_id), None)
        if page is None:
            return False
        return not page.step or self.state.step(page_id) is not None

    def shown(self) -> list[str]:
        return [p.id for p in self.pages if self.is_shown(p.id)]

    # --- navigation --------------------------------------------------------------------

    def _neighbour(self, forward: bool) -> str | None:
        order = [p.id for p in self.pages]
        here = order.index(self.current)
        ahead = order[here + 1:] if forward else list(reversed(order[:here]))
        return next((p for p in ahead if self.is_shown(p)), None)

    @property
    def can_next(self) -> bool:
        return self._neighbour(True) is not None

    @property
    def can_back(self) -> bool:
        return self._neighbour(False) is not None

    def next(self) -> str:
        """Move to the next shown page (stay put at the end); returns where it is now."""
        target = self._neighbour(True)
        return self.jump(target) if target is not None else self.current

    def back(self) -> str:
        target = self._neighbour(False)
        return self.jump(target) if target is not None else self.current

    def jump(self, page_id: str) -> str:
        """Go to ``page_id`` if it is shown (a hidden or unknown page is refused: the user
        stays where they are). Returns the current page."""
        if page_id != self.current and self.is_shown(page_id):
            self._leave()
            self.current = page_id
            self._enter(page_id)
        return self.current

    # --- what is left ------------------------------------------------------------------

    def missing(self) -> list[Missing]:
        """Everything that keeps the visit from being finalized, in page order: each
        required visible field left empty and each error on a visible field (with the step
        it is on), then each missing signature (with the page it is drawn on)."""
        found = [Missing(m.path.split(".", 1)[0], m.path, m.code, m.text)
                 for m in self.state.messages if m.severity is Severity.ERROR]
        found += [Missing(SIGNATURE_PAGES[kind], kind, "signature", SIGNATURE_LABELS[kind])
                  for kind in SIGNATURES if kind not in self._documents]
        order = {p.id: i for i, p in enumerate(self.pages)}
        return sorted(found, key=lambda m: order.get(m.page, len(order)))

    def where(self, missing: Missing) -> Text:
        """Where ``missing`` is, as a person reads it: "家庭收入 · 工资性收入", with the
        member's number for roster fields ("家庭成员 · 成员 2 · 健康状况")."""
        page = self.page(missing.page) if any(p.id == missing.page for p in self.pages) \
            else None
        parts: list[Text] = [page.title] if page else []
        if missing.code == "signature":
            parts.append(SIGNATURE_LABELS.get(missing.path, Text(missing.path, missing.path)))
            return _joined(parts)
        bits = missing.path.split(".")
        if len(bits) >= 4 and bits[2].isdigit():
            roster = self.definition.field(".".join(bits[:2]))
            item = (roster.item_label if roster else None) or Text("成员", "Member")
            number = str(int(bits[2]) + 1)
            parts.append(Text(f"{item.zh} {number}", f"{item.en} {number}"))
        field = self.definition.field(".".join(b for b in bits if not b.isdigit()))
        if field is not None and field.label is not None and len(bits) > 1:
            parts.append(field.label)
        return _joined(parts)

    def people(self) -> tuple[str, str]:
        """The student's and the guardian's names as the answers have them ("" if not yet),
        for the wizard's header: the counselor always sees whose visit this is."""
        consent = self.answers.get("consent") or {}
        guardian = str(consent.get("guardian_name") or "") if isinstance(consent, Mapping) \
            else ""
        members = self.answers.get("members") or {}
        people = members.get("people") if isinstance(members, Mapping) else None
        student = next((str(p.get("name") or "") for p in people or []
                        if isinstance(p, Mapping) and p.get("relation") == "self"), "")
        return student, guardian

    def missing_on(self, page_id: str) -> list[Missing]:
        return [m for m in self.missing() if m.page == page_id]

    @property
    def can_finalize(self) -> bool:
        return not self.missing()

    # --- time per step -----------------------------------------------------------------

    def _enter(self, page_id: str) -> None:
        self.stays.append(Stay(page_id, self._clock()))
        del self.stays[:-MAX_STAYS]

    def _leave(self) -> None:
        if self.stays and self.stays[-1].left is None:
            last = self.stays[-1]
            self.stays[-1] = Stay(last.page, last.entered, self._clock())

    def close(self) -> None:
        """The user closed the visit: the current stay ends now."""
        self._leave()

    def left_pages(self) -> set[str]:
        """Pages the user has been on and moved away from."""
        return {s.page for s in self.stays if s.left is not None}

    def time_on(self, page_id: str) -> dt.timedelta:
        """Time spent on ``page_id`` over every finished stay."""
        return sum((s.left - s.entered for s in self.stays
                    if s.page == page_id and s.left is not None), dt.timedelta())

    def place(self) -> dict[str, Any]:
        """The page and the stays, to keep with the answers."""
        return {"step": self.current, "stays": [s.as_record() for s in self.stays]}
