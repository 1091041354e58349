"""Supervisor review of synced visits, and flag decisions.

Owned by the sync/review engineer; mounted by the app factory."""

from __future__ import annotations

from fastapi import APIRouter

from homevisit.protocol import API_PREFIX

router = APIRouter(prefix=f"{API_PREFIX}/review", tags=["review"])
