"""HTTP routers of the central API, all under ``/api/v1``."""

from __future__ import annotations

from fastapi import APIRouter

from homevisit.server.api import (
    admin,
    attachments,
    auth,
    device,
    documents,
    helpdesk,
    reports,
    review,
    sync,
)

ROUTERS: list[APIRouter] = [
    auth.router,
    device.router,
    admin.router,
    documents.router,
    sync.router,
    attachments.router,
    review.router,
    helpdesk.router,
    reports.router,
]
