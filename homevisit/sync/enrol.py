"""Enrolment of a device (issue 5 §1): log in with the server URL, username and password,
which registers this device; the device token and server URL are then kept ONLY inside
the encrypted store of a profile (``SyncState``), never in a plain file.

The first-run flow: :func:`enrol` → create the local profile → :func:`save_enrolment` into
its store → :meth:`homevisit.sync.engine.SyncEngine.run` for the initial download.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from homevisit.account import save_account
from homevisit.model import SyncState
from homevisit.protocol.auth import LoginRequest, Policies, TokenResponse, UserInfo
from homevisit.sync.backoff import RetryPolicy
from homevisit.sync.errors import InsecureServerUrl
from homevisit.sync.policies import store_policies
from homevisit.sync.transport import Tokens, Transport, read_ca_file


@dataclass(frozen=True, slots=True)
class Enrolment:
    server_url: str
    device_id: str
    tokens: Tokens = field(repr=False)
    user: UserInfo
    policies: Policies
    ca_pem: str | None = None
    """The pinned CA (PEM), kept in the store so every later sync verifies against it."""


def check_server_url(url: str) -> str:
    """``https://`` only; plain ``http://`` is accepted for loopback (tests, a local demo)."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    if parts.scheme == "https" and host:
        return url.strip().rstrip("/")
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if parts.scheme == "http" and loopback:
        return url.strip().rstrip("/")
    raise InsecureServerUrl()


def enrol(server_url: str, username: str, password: str, device_name: str, *,
          device_id: str | None = None, ca_file: Path | None = None,
          retry: RetryPolicy | None = None) -> Enrolment:
    """Log in (registering this device, or re-binding ``device_id``) and fetch the policies.

    ``ca_file`` pins the server's CA (verified against it alone; :class:`BadCaFile` when it
    is not a PEM certificate). Raises :class:`BadCredentials`, :class:`NetworkUnavailable`,
    :class:`NotOurServer`,
    :class:`RedirectRefused`, :class:`InsecureServerUrl` and the other sync errors.
    """
    url = check_server_url(server_url)
    ca_pem = read_ca_file(ca_file) if ca_file is not None else None
    request = LoginRequest(username=username, password=password, device_name=device_name,
                           device_id=device_id)
    with Transport(url, ca_pem=ca_pem, retry=retry) as transport:
        # No retry: a person is waiting, and a 429 here means too many wrong passwords.
        reply = transport.call("POST", "/auth/login", TokenResponse, auth=False, retry=False,
                               json_body=request.model_dump(mode="json"))
        assert reply is not None
        transport.tokens = Tokens(reply.access_token, reply.refresh_token)
        policies = transport.call("GET", "/device/policies", Policies)
        assert policies is not None
    return Enrolment(url, reply.device_id, Tokens(reply.access_token, reply.refresh_token),
                     reply.user, policies, ca_pem)


def save_enrolment(session: Session, enrolment: Enrolment) -> None:
    """Keep the enrolment in the profile's encrypted store (run it through ``store.run``):
    the device token and server, the policies, and who the user is (role, name, team)."""
    state = session.get(SyncState, 1)
    if state is None:
        state = SyncState(id=1, pull_cursor=0, policies={})
        session.add(state)
    if state.device_id not in (None, enrolment.device_id):
        state.pull_cursor = 0  # another device identity: its cursor means nothing here
    state.server_url = enrolment.server_url
    state.device_id = enrolment.device_id
    state.device_token = enrolment.tokens.pack()
    state.server_ca_pem = enrolment.ca_pem
    store_policies(session, enrolment.policies)
    save_account(session, enrolment.user)
