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
    sync.router,  # first: a request is matched against routes in order, and sync is most
    auth.router,
    device.router,
    admin.router,
    documents.router,
    attachments.router,
    review.router,
    helpdesk.router,
    reports.router,
]
