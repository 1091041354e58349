"""OpenAPI links: the device's workflow written into the API description.

A device logs in (which registers it), pushes, pulls page after page, and uploads the files
of a household it pulled, chunk after chunk. Links say which answer feeds which request,
so a reader of ``/openapi.json`` sees the workflow, and schemathesis's stateful phase
follows it instead of calling each operation with made-up ids (DESIGN §6: no 500 under
schemathesis).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from homevisit.protocol import API_PREFIX
from homevisit.protocol.types import describe_text_keys, exact_integer_bounds

BEARER = "Bearer {$response.body#/access_token}"

_OPS = {
    "login": ("post", f"{API_PREFIX}/auth/login"),
    "me": ("get", f"{API_PREFIX}/me"),
    "push": ("post", f"{API_PREFIX}/sync/push"),
    "pull": ("get", f"{API_PREFIX}/sync/pull"),
    "presence": ("post", f"{API_PREFIX}/attachments/presence"),
    "open_upload": ("post", f"{API_PREFIX}/attachments/uploads"),
    "upload_state": ("get", f"{API_PREFIX}/attachments/uploads/{{upload_id}}"),
    "upload_chunk": ("patch", f"{API_PREFIX}/attachments/uploads/{{upload_id}}"),
}

_UPLOAD = {"path.upload_id": "$response.body#/upload_id"}
_NEXT_CHUNK = {**_UPLOAD, "header.Upload-Offset": "$response.body#/offset"}

# (source, status) → {link name: (target, parameters, request body or None)}
_LINKS: dict[tuple[str, str], dict[str, tuple[str, dict[str, Any], Any]]] = {
    ("login", "200"): {
        "Me": ("me", {"header.Authorization": BEARER}, None),
        "Push": ("push", {"header.Authorization": BEARER}, None),
        "Pull": ("pull", {"header.Authorization": BEARER, "query.since": 0}, None),
        "Presence": ("presence", {"header.Authorization": BEARER}, None),
        "OpenUpload": ("open_upload", {"header.Authorization": BEARER}, None),
    },
    ("push", "200"): {
        "PullAfterPush": ("pull", {"query.since": 0}, None),
    },
    ("pull", "200"): {
        "NextPage": ("pull", {"query.since": "$response.body#/cursor"}, None),
        "UploadForPulledHousehold": (
            "open_upload", {}, {"household_id": "$response.body#/changes/0/entity_id"}),
    },
    ("open_upload", "201"): {
        "UploadState": ("upload_state", _UPLOAD, None),
        "FirstChunk": ("upload_chunk", _NEXT_CHUNK, None),
    },
    ("upload_chunk", "200"): {
        "NextChunk": ("upload_chunk", _NEXT_CHUNK, None),
    },
}


def add_links(schema: dict[str, Any]) -> dict[str, Any]:
    """Write the workflow links into an OpenAPI document (in place; returned)."""
    paths = schema["paths"]
    ids = {name: paths[path][method]["operationId"] for name, (method, path) in _OPS.items()
           if method in paths.get(path, {})}
    for (source, status), links in _LINKS.items():
        if source not in ids:
            continue
        method, path = _OPS[source]
        response = paths[path][method]["responses"].setdefault(status, {"description": ""})
        out = response.setdefault("links", {})
        for name, (target, parameters, body) in links.items():
            if target not in ids:
                continue
            link: dict[str, Any] = {"operationId": ids[target]}
            if parameters:
                link["parameters"] = parameters
            if body is not None:
                link["requestBody"] = body
            out[name] = link
    return schema


def install(app: FastAPI) -> None:
    """Make ``app.openapi()`` include the links, state the text rule for dict keys and
    give integer bounds exactly."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = add_links(exact_integer_bounds(describe_text_keys(generate())))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
