"""Wire schemas shared by the desktop client and the central API (pydantic v2).

Everything that crosses the network is declared here once: the protocol header and version,
the error body, auth messages, the synced records and the sync envelopes. The server and the
client's sync engine import these models; neither defines its own copy.
"""

from __future__ import annotations

PROTOCOL_HEADER = "X-Homevisit-Protocol"
"""Sent on every server response. A 200 without it is not our server (e.g. a captive portal)."""

PROTOCOL_VERSION = "10"

CLIENT_VERSION_HEADER = "X-Homevisit-Client"
"""The client's own version (PEP 440, e.g. ``0.1.0``); the server refuses versions below its
minimum with 426 ``client_too_old``. Device endpoints (sync, attachments) require it."""

API_PREFIX = "/api/v1"
