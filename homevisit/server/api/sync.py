"""Push and pull (DESIGN §5).

Owned by the sync/review engineer; mounted by the app factory."""

from __future__ import annotations

from fastapi import APIRouter

from homevisit.protocol import API_PREFIX

router = APIRouter(prefix=f"{API_PREFIX}/sync", tags=["sync"])
