"""Constrained scalar types used across the wire schemas.

Every string has an upper bound so an oversized field is a 422, not a database error.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

from pydantic import AfterValidator, Field, StringConstraints, WithJsonSchema

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


MAX_INT32 = 2**31 - 1
MAX_INT64 = 2**63 - 1
MAX_JSON_DEPTH = 20


def text_fault(text: str) -> str | None:
    """Why ``text`` cannot be stored or sent, or None: a NUL (PostgreSQL text refuses it)
    or a lone surrogate (no UTF-8 exists for it: SQLite stores it, then every answer that
    includes it fails to encode). The one rule client and server both apply."""
    if "\x00" in text:
        return "nul"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "surrogate"
    return None


def check_text(text: str) -> str:
    """``text`` unchanged, or ValueError (whose message never includes the text)."""
    fault = text_fault(text)
    if fault is not None:
        raise ValueError(f"text holds a {fault} character")
    return text


def json_fault(value: Any, depth: int = 0) -> str | None:
    """Why a JSON-like value (answers, details, triggers …) cannot be stored or sent, or
    None: invalid text in a key or a string, NaN or ±Infinity, an integer beyond 64 bits,
    nesting deeper than :data:`MAX_JSON_DEPTH`, or something that is not JSON at all."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return text_fault(value)
    if isinstance(value, int):
        return None if -MAX_INT64 - 1 <= value <= MAX_INT64 else "integer out of range"
    if isinstance(value, float):
        return None if math.isfinite(value) else "not a finite number"
    if depth >= MAX_JSON_DEPTH:
        return "nested too deeply"
    if isinstance(value, dict):
        for key, item in value.items():
            fault = text_fault(key) if isinstance(key, str) else "key is not text"
            if fault is None:
                fault = json_fault(item, depth + 1)
            if fault is not None:
                return fault
        return None
    if isinstance(value, list | tuple):
        for item in value:
            fault = json_fault(item, depth + 1)
            if fault is not None:
                return fault
        return None
    return "not a JSON value"


def check_json(value: Any) -> Any:
    fault = json_fault(value)
    if fault is not None:
        raise ValueError(f"invalid JSON value: {fault}")
    return value


TEXT_PATTERN = "^[^\\u0000]*$"
"""The text rule as a JSON Schema pattern, so the API description says what is refused
(schemathesis then sends only text the server accepts as valid data). Lone surrogates are
refused too, but a pattern cannot name them: JSON Schema text is Unicode scalar values,
which never include a lone surrogate, so the schema already excludes them."""


def _json_value_schema(depth: int) -> dict[str, Any]:
    values: list[dict[str, Any]] = [
        {"type": "null"}, {"type": "boolean"},
        {"type": "number", "minimum": -MAX_INT64 - 1, "maximum": MAX_INT64},
        {"type": "string", "pattern": TEXT_PATTERN},
    ]
    if depth > 0:
        inner = _json_value_schema(depth - 1)
        values += [{"type": "array", "items": inner},
                   {"type": "object", "propertyNames": {"pattern": TEXT_PATTERN},
                    "additionalProperties": inner}]
    return {"anyOf": values}


JSON_OBJECT_SCHEMA: dict[str, Any] = {
    "type": "object", "propertyNames": {"pattern": TEXT_PATTERN},
    "additionalProperties": _json_value_schema(2),
    "description": "Free-form JSON: text without NUL or lone surrogates (keys too), finite "
                   "numbers, 64-bit integers, nested at most 20 deep.",
}

ValidText = AfterValidator(check_text)
NoNul = ValidText  # the older name: NUL was the first character refused
TextSchema = Field(json_schema_extra={"pattern": TEXT_PATTERN})
ShortText = Annotated[str, StringConstraints(max_length=100), ValidText, TextSchema]
Code = Annotated[str, StringConstraints(min_length=1, max_length=40), ValidText, TextSchema]
Secret = Annotated[str, StringConstraints(min_length=1, max_length=256), ValidText, TextSchema]
JsonObject = Annotated[dict[str, Any], AfterValidator(check_json),
                       WithJsonSchema(JSON_OBJECT_SCHEMA)]
"""A free-form JSON object (answers, score details, triggers): valid text in every key and
string, finite numbers, 64-bit integers."""
FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0, le=MAX_INT32)]
"""A revision, version, count or size that fits the database's 32-bit INTEGER columns."""
BigCount = Annotated[int, Field(ge=0, le=MAX_INT64)]
"""A sequence number, op id or byte count in a 64-bit column."""
LongText = Annotated[str, StringConstraints(max_length=4000), ValidText, TextSchema]

_BAD_NAME = re.compile(r"[\x00-\x1f\x7f/\\:]")


def _plain_file_name(name: str) -> str:
    # A name is shown to people, never used as a path; still, refuse anything that looks like
    # one (separators, "..", control characters) so no later code is tempted.
    if not name.strip() or _BAD_NAME.search(name) or name.strip() in {".", ".."}:
        raise ValueError("a file name, not a path")
    return check_text(name)


FileName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200),
    AfterValidator(_plain_file_name),
]

Address = Annotated[str, StringConstraints(max_length=200), ValidText, TextSchema]
Phone = Annotated[str, StringConstraints(pattern=r"^[0-9+\- ]{3,20}$")]


def describe_text_keys(schema: Any) -> Any:
    """Rewrite, in place, the ``patternProperties`` pydantic makes for a dict whose keys
    follow the text rule into ``propertyNames`` (keys must match) plus
    ``additionalProperties`` (their values): what the validators actually enforce."""
    if isinstance(schema, dict):
        pattern_props = schema.get("patternProperties")
        if isinstance(pattern_props, dict) and list(pattern_props) == [TEXT_PATTERN]:
            schema["additionalProperties"] = schema.pop("patternProperties")[TEXT_PATTERN]
            schema["propertyNames"] = {**schema.get("propertyNames", {}),
                                       "pattern": TEXT_PATTERN}
        for value in schema.values():
            describe_text_keys(value)
    elif isinstance(schema, list):
        for value in schema:
            describe_text_keys(value)
    return schema


_EXACT_BOUNDS = {float(b): b for b in (MAX_INT64, -MAX_INT64 - 1, 2**62)}


def exact_integer_bounds(schema: Any) -> Any:
    """Put integer bounds back as integers, in place. FastAPI's OpenAPI models hold
    ``minimum``/``maximum`` as floats, which print 2**63 - 1 as 9.223372036854776e18 —
    rounded up past what a 64-bit column holds, so a client (or schemathesis) taking the
    schema at its word sends a number the server must refuse."""
    if isinstance(schema, dict):
        for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            value = schema.get(key)
            if isinstance(value, float) and value.is_integer():
                schema[key] = _EXACT_BOUNDS.get(value, int(value))
        for value in schema.values():
            exact_integer_bounds(value)
    elif isinstance(schema, list):
        for value in schema:
            exact_integer_bounds(value)
    return schema
