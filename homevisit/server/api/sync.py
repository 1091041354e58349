"""Push and pull (DESIGN §5): ``POST /sync/push`` and ``GET /sync/pull``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from homevisit.protocol import API_PREFIX
from homevisit.protocol.documents import MAX_DOCUMENT_PAGE, DocumentPage
from homevisit.protocol.sync import (
    MAX_PULL_LIMIT,
    PullPage,
    PushRequest,
    PushResponse,
    ScopeAnswer,
    ScopeCheck,
)
from homevisit.server import document_pull, sync_pull, sync_push
from homevisit.server.api.answer import json_answer
from homevisit.server.api.model_body import model_body_route
from homevisit.server.deps import BearerToken, as_device
from homevisit.server.middleware import language_of
from homevisit.server.push_body import TypedPushRequest

router = APIRouter(prefix=f"{API_PREFIX}/sync", tags=["sync"])

MAX_CURSOR = 2**62


async def push(body: PushRequest, token: BearerToken, request: Request):
    """Apply a batch of outbox ops. Always 2xx with one result per op, in order: applied
    (new rev), conflict (the server's copy) or rejected (reason code). Replaying an op
    (same device and op id) returns its first result and changes nothing."""
    lang = language_of(request.scope)
    # as_device commits in its worker thread: the answer goes out once the push is durable.
    results = await as_device(request, token,
                              lambda session, p: sync_push.push(session, p, body.ops, lang))
    return json_answer(PushResponse(results=results))


# The body parsed and validated straight from its bytes, records and all when every op is
# well-formed (api/model_body.py, server/push_body.py).
router.add_api_route("/push", push, methods=["POST"], response_model=PushResponse,
                     route_class_override=model_body_route(PushRequest, TypedPushRequest))


@router.get("/pull", response_model=PullPage)
async def pull(
    token: BearerToken,
    request: Request,
    since: Annotated[int, Query(ge=0, le=MAX_CURSOR, description="Cursor of the last page.")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = 500,
):
    """Changes after ``since`` in the caller's scope; ``reset`` when the cursor is ahead
    of the server or older than the change log keeps (see ``server.sync_pull``)."""
    return json_answer(await as_device(
        request, token, lambda session, p: sync_pull.pull_page(session, p, since, limit),
        reads=True))


@router.post("/scope", response_model=ScopeAnswer)
async def scope_check(body: ScopeCheck, token: BearerToken, request: Request):
    """Which of the households a device holds are out of the caller's scope now, so the
    device can purge them. Says nothing about households the device did not name."""
    return json_answer(await as_device(
        request, token, lambda session, p: ScopeAnswer(out_of_scope=sync_pull.out_of_scope(
            session, p, body.household_ids)), reads=True))


@router.get("/documents", response_model=DocumentPage)
async def documents(
    token: BearerToken,
    request: Request,
    since: Annotated[int, Query(ge=0, le=MAX_CURSOR, description="Cursor of the last page.")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_DOCUMENT_PAGE)] = 50,
):
    """Published forms, code lists and rule sets (counselors, supervisors) or help-desk
    checklists and policy cards (volunteers), in the order they were published, after
    ``since``. A device uses a form only once the documents it names have arrived."""
    return json_answer(await as_device(
        request, token,
        lambda session, p: document_pull.pull_page(session, p, since, limit), reads=True))
