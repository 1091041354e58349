"""Text PostgreSQL refuses and SQLite stores (a NUL, a lone surrogate) in every string of
every JSON body the API takes, one string at a time: a clear 4xx or a refused op, never a
500. Schemathesis cannot find these: JSON Schema text never holds a lone surrogate.

Bodies are built from the OpenAPI document (required fields, first enum value, a UUID
where the schema asks for one), sent by a caller of a role the route admits."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from typing import Any

HOSTILE = ("\ud800", "a\x00b")
ROLE_BY_PREFIX = (("/api/v1/admin", "admin"), ("/api/v1/documents", "admin"),
                  ("/api/v1/review", "supervisor"), ("/api/v1/helpdesk", "volunteer"))
PATH_VALUES = {"key": "idle_lock_minutes", "kind": "form", "version": "1"}
SKIP = {"/api/v1/auth/login", "/api/v1/auth/refresh"}  # covered by their own tests


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"]
            return _resolve(doc, options[0])
    if "allOf" in schema:
        return _resolve(doc, schema["allOf"][0])
    return schema


def _example(doc: dict[str, Any], schema: dict[str, Any], depth: int = 0) -> Any:
    schema = _resolve(doc, schema)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        # Every property, optional ones too (more strings to probe), to a bounded depth.
        props = schema.get("properties", {})
        names = props if depth < 3 else schema.get("required", [])
        if not props and schema.get("additionalProperties", True) is not False:
            return {"key": "x"}  # a free-form object (a document, a record's answers)
        return {name: _example(doc, props[name], depth + 1) for name in names}
    if kind == "array":
        return [_example(doc, schema["items"], depth + 1)] if "items" in schema else []
    if kind == "integer":
        return max(int(schema.get("minimum", 1)), 1)
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return False
    if kind is None and not schema:
        return "x"
    if schema.get("format") == "date-time":
        return "2026-07-01T08:00:00+00:00"
    if schema.get("format") == "date":
        return "2026-07-01"
    if "pattern" in schema and "0-9a-f]{8}" in schema["pattern"]:
        return str(uuid.uuid4())
    return "x" * max(int(schema.get("minLength", 1)), 1)


def _string_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _string_paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _string_paths(item, (*path, i))


def _replaced(value: Any, path: tuple[Any, ...], text: str) -> Any:
    if not path:
        return text
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replaced(value[path[0]], path[1:], text)
    return copy


def test_hostile_text_in_any_body_string_is_never_a_500(actor, anon):
    doc = anon.get("/openapi.json").json()
    callers: dict[str, Any] = {}
    probed = 0
    for route, operations in doc["paths"].items():
        if route in SKIP:
            continue
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            body = _example(doc, content["application/json"]["schema"])
            role = next((r for prefix, r in ROLE_BY_PREFIX if route.startswith(prefix)),
                        "counselor")
            if role not in callers:
                callers[role] = actor(role, team=None if role == "admin" else "a")
            client = callers[role].client
            target = re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES.get(m[1], str(uuid.uuid4())),
                            route)
            for path in [(), *_string_paths(body)] if isinstance(body, str) else \
                    list(_string_paths(body)):
                for text in HOSTILE:
                    sent = json.dumps(_replaced(body, path, text)).encode()
                    r = client.request(method.upper(), target, content=sent,
                                       headers={"Content-Type": "application/json"})
                    probed += 1
                    assert r.status_code < 500, (method, route, path, repr(text), r.text[:200])
    assert probed > 100  # the document was read and most bodies probed
