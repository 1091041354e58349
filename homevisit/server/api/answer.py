"""Answers serialised once, for the endpoints every device calls at every sync."""

from __future__ import annotations

from fastapi.responses import Response
from pydantic import BaseModel


def json_answer(model: BaseModel) -> Response:
    """The answer serialised once, by pydantic in Rust. Returning the model instead makes
    FastAPI validate it again against ``response_model``, turn it into Python objects and
    then JSON — for a page of 1,000 records or 500 op results, a good part of the request.
    ``response_model`` stays on the route for the OpenAPI schema; the body is the same."""
    return Response(model.model_dump_json(), media_type="application/json")
