"""Wire schemas of published data documents (issue 16): the admin API's view of forms, code
lists, rule sets, help-desk checklists and policy cards."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from homevisit.protocol.vocabulary import DocumentKind, DocumentState

DocumentId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{0,39}$")]


class DocumentIn(BaseModel):
    """A document to store: the content of a form/code-list/rule-set file, as JSON."""

    model_config = ConfigDict(extra="forbid")

    document: dict[str, Any]
    draft: bool = Field(default=False, description="Keep as a draft (seen by admins only).")


class DocumentCheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document: dict[str, Any]


class DocumentOut(BaseModel):
    kind: DocumentKind
    doc_id: str
    version: int
    state: DocumentState
    sha256: str
    created_at: AwareDatetime
    created_by: str | None = None
    published_at: AwareDatetime | None = None
    retired_at: AwareDatetime | None = None
    body: dict[str, Any] | None = Field(default=None, description="Only when one is asked for.")


class DocumentChange(BaseModel):
    what: str = Field(description="added | removed | changed")
    part: str = Field(description="step, field, check, computed, code, item, group, level, rule")
    name: str


class DocumentCheckOut(BaseModel):
    """What storing the document would change; nothing was stored."""

    kind: DocumentKind
    doc_id: str
    version: int
    current_version: int | None
    changes: list[DocumentChange]
    open_visits: int | None = Field(
        description="Forms: visits not yet approved on the current version.")


DOCUMENT_SCHEMA_VERSION = 1
"""The version of the document schemas (``resources/*/*.schema.json``) this release reads.
A server that stores documents under a newer schema sends that number; a device refuses
such a document (it cannot know what it means) and keeps the last one it could use."""

MAX_DOCUMENT_PAGE = 200

VOLUNTEER_KINDS = frozenset({DocumentKind.HELPDESK_CHECKLIST, DocumentKind.POLICY_CARD})
VISIT_KINDS = frozenset({DocumentKind.FORM, DocumentKind.CODELIST, DocumentKind.RULE_SET})
"""What each role's devices receive: volunteers work the help desk only; counselors and
supervisors run and review visits (forms, their code lists and scoring rules)."""


class PublishedDocument(BaseModel):
    """One published version as a device receives it."""

    kind: DocumentKind
    doc_id: str = Field(max_length=40)
    version: int = Field(ge=1, le=2**31 - 1)
    schema_version: int = Field(ge=1, le=1000)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    body: dict[str, Any]


class DocumentPage(BaseModel):
    """Published versions after ``since``, in the order they were published; ``cursor`` is
    the position to ask from next; ``more`` says another page follows."""

    documents: list[PublishedDocument]
    cursor: int = Field(ge=0)
    more: bool
    reset: bool = Field(default=False, description=(
        "The cursor is ahead of anything published here (e.g. a server restored from a "
        "backup): ask again from 0; documents already held are skipped."))
