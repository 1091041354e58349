"""Exception handlers: every refusal becomes ``{"error": {"code", "message"}}`` with a 4xx.

Validation details list field paths and error types only, never the submitted values
(they may be ID numbers or names).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException

from homevisit.protocol.errors import field_path
from homevisit.server.errors import (
    ApiError,
    BodyTooLarge,
    Conflict,
    Forbidden,
    InvalidRequest,
    MalformedJson,
    MethodNotAllowed,
    NotFound,
    ServerBusy,
    Unauthenticated,
)
from homevisit.server.middleware import BodyTooLargeHTTP, language_of


def error_response(request: Request, err: ApiError, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {
        "code": str(err.code),
        "message": err.text.in_language(language_of(request.scope)),
    }
    if err.wipe:
        body["wipe"] = True
    if err.retry_after is not None:
        body["retry_after"] = err.retry_after
    body.update(extra)
    headers = {"Retry-After": str(err.retry_after)} if err.retry_after is not None else None
    return JSONResponse({"error": body}, status_code=err.status, headers=headers)


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(request, exc)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_response(request, MalformedJson())
    details = [
        {"loc": field_path(e.get("loc", ())),
         "type": str(e.get("type", "invalid"))}
        for e in errors[:50]
    ]
    return error_response(request, InvalidRequest(), details=details)


_BY_STATUS: dict[int, type[ApiError]] = {
    401: Unauthenticated,
    403: Forbidden,
    404: NotFound,
    405: MethodNotAllowed,
}


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    if isinstance(exc, BodyTooLargeHTTP):
        return error_response(request, BodyTooLarge(limit=exc.limit))
    err_type = _BY_STATUS.get(exc.status_code)
    if err_type is not None:
        return error_response(request, err_type())
    err = ApiError()
    err.status = exc.status_code if 400 <= exc.status_code < 500 else 400
    return error_response(request, err)


async def _database_refused(request: Request, exc: Exception) -> JSONResponse:
    # A safety net: input that passed validation but that the database refuses (e.g. a NUL
    # inside a JSON payload on PostgreSQL, a duplicate key) is the client's error, not a 500.
    if isinstance(exc, IntegrityError):
        return error_response(request, Conflict())
    return error_response(request, InvalidRequest())


async def _pool_timeout(request: Request, exc: Exception) -> JSONResponse:
    # No database connection came free in time: the server is overloaded, not broken.
    return error_response(request, ServerBusy())


def install(app: FastAPI) -> None:
    app.add_exception_handler(PoolTimeout, _pool_timeout)
    app.add_exception_handler(DataError, _database_refused)
    app.add_exception_handler(IntegrityError, _database_refused)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
