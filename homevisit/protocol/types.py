"""Constrained scalar types used across the wire schemas.

Every string has an upper bound so an oversized field is a 422, not a database error.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"

RecordId = Annotated[
    str,
    StringConstraints(pattern=UUID_PATTERN),
    Field(description="Client-made UUID, lower-case canonical form."),
]
Sha256Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
RegionCode = Annotated[
    str,
    StringConstraints(pattern=r"^[1-8]\d{5}(\d{3})?$"),
    Field(description="GB/T 2260 code (6 digits) or a township code (9 digits)."),
]
ResidentIdShape = Annotated[str, StringConstraints(pattern=r"^\d{17}[\dX]$")]
CreditCodeShape = Annotated[str, StringConstraints(pattern=r"^[0-9A-HJ-NP-RTUWXY]{18}$")]
Username = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.-]{1,39}$")]



def _no_nul(text: str) -> str:
    # PostgreSQL text cannot hold NUL; refuse it at the edge (422) rather than in the database.
    if "\x00" in text:
        raise ValueError("NUL character")
    return text


NoNul = AfterValidator(_no_nul)
ShortText = Annotated[str, StringConstraints(max_length=100), NoNul]
Code = Annotated[str, StringConstraints(min_length=1, max_length=40), NoNul]
LongText = Annotated[str, StringConstraints(max_length=4000), NoNul]

_BAD_NAME = re.compile(r"[\x00-\x1f\x7f/\\:]")


def _plain_file_name(name: str) -> str:
    # A name is shown to people, never used as a path; still, refuse anything that looks like
    # one (separators, "..", control characters) so no later code is tempted.
    if not name.strip() or _BAD_NAME.search(name) or name.strip() in {".", ".."}:
        raise ValueError("a file name, not a path")
    return name


FileName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200),
    AfterValidator(_plain_file_name),
]

Address = Annotated[str, StringConstraints(max_length=200), NoNul]
Phone = Annotated[str, StringConstraints(pattern=r"^[0-9+\- ]{3,20}$")]
