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
