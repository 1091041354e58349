"""One sync run (DESIGN §5): policies, attachment uploads, push, then pull, then purges.

Always safe to run again: every step's effect is committed together with the bookkeeping
that says it happened, and the server de-duplicates replayed ops.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from homevisit.account import save_account
from homevisit.errors import HomevisitError
from homevisit.helpdesk.shifts import store_shifts
from homevisit.model import Account, SyncState
from homevisit.profiles import Profile, shred_profile
from homevisit.protocol.auth import MeResponse, Policies, UserInfo
from homevisit.protocol.helpdesk import DeskDayStats, ShiftList
from homevisit.protocol.sync import MAX_SCOPE_CHECK, ScopeAnswer
from homevisit.protocol.vocabulary import Role
from homevisit.store import Store
from homevisit.sync.attachments import download, upload_all
from homevisit.sync.audit_log import send_audit_log
from homevisit.sync.backoff import RetryPolicy
from homevisit.sync.documents import pull_documents
from homevisit.sync.errors import ClientTooOld, DeviceRevoked, NotEnrolled
from homevisit.sync.figures import fetch_figures
from homevisit.sync.policies import (
    client_too_old,
    load_policies,
    purge_expired,
    store_policies,
)
from homevisit.sync.prefetch import REVIEWERS, prefetch_for_review
from homevisit.sync.progress import Phase, Progress, ProgressSink, SyncResult, ignore
from homevisit.sync.pull import pull_all
from homevisit.sync.purge import held_households, purge_helpdesk_cases, purge_households
from homevisit.sync.push import push_all
from homevisit.sync.transport import Tokens, Transport
from homevisit.vault import Vault

if TYPE_CHECKING:
    from homevisit.workspace import Workspace

log = logging.getLogger(__name__)


def _credentials(session: Session) -> tuple[str, str, str | None] | None:
    state = session.get(SyncState, 1)
    if state is None or not state.server_url or not state.device_token:
        return None
    return state.server_url, state.device_token, state.server_ca_pem


def _save_tokens(session: Session, tokens: Tokens) -> None:
    state = session.get(SyncState, 1)
    assert state is not None
    state.device_token = tokens.pack()


def _keep_policies(session: Session, policies: Policies) -> None:
    # Written only when they changed: a no-op sync should cost one commit, not three.
    if load_policies(session) != policies:
        store_policies(session, policies)


def _finished(session: Session, server_time: dt.datetime) -> None:
    _contacted(session, server_time)
    state = session.get(SyncState, 1)
    assert state is not None
    state.last_sync_at = state.last_server_contact_at


def _contacted(session: Session, server_time: dt.datetime) -> None:
    """A successful contact: the laptop's time and the server's (a clock set back behind
    the server's is caught at the next unlock)."""
    state = session.get(SyncState, 1)
    assert state is not None
    state.last_server_contact_at = dt.datetime.now(dt.UTC)
    state.last_server_time = server_time


def _checked_in(session: Session, policies: Policies, user: UserInfo,
                server_time: dt.datetime | None = None) -> bool:
    """What the first two answers of a sync say, kept in one transaction: the policies,
    who the user is now and, given ``server_time``, the contact. Returns whether the
    account changed. A sync keeps its contact with its last transaction instead: with
    nothing changed this one then writes nothing, and a no-op sync commits (and syncs to
    disk) once, not twice."""
    _keep_policies(session, policies)
    if server_time is not None:
        _contacted(session, server_time)
    return _keep_account(session, user)


def _check_in(transport: Transport) -> tuple[MeResponse, Policies]:
    """Who the user is now, the server's time and the policies: one round trip, or two
    with a server that predates the policies in ``/me``."""
    me = transport.call("GET", "/me", MeResponse)
    assert me is not None
    policies = me.policies or transport.call("GET", "/device/policies", Policies)
    assert policies is not None
    return me, policies


def _purge_by_policy(session: Session) -> tuple[int, list[str], list[str]]:
    """The purges the policies decide on the device (approved visits, old help-desk cases),
    and the households still held, to ask the server about: one transaction."""
    purged, files = purge_expired(session)
    purge_helpdesk_cases(session)
    return purged, files, held_households(session)


def shredder(profile: Profile, store: Store) -> Callable[[], None]:
    """The wipe a revoked device performs: close the store, crypto-shred the profile."""

    def wipe() -> None:
        store.close()
        shred_profile(profile)  # the server's order: no passphrase to ask

    return wipe


def engine_for(workspace: Workspace, **options: Any) -> SyncEngine:
    """The one wiring of an unlocked profile's engine, for the CLI and the GUI alike: its
    store, its vault, and the wipe a revoked device performs. ``options`` go to
    :class:`SyncEngine` (batch sizes, retry policy, a CA file)."""
    return SyncEngine(workspace.store, workspace.vault,
                      wipe=shredder(workspace.unlocked.profile, workspace.store), **options)


class SyncEngine:
    """Runs syncs of one profile's store and vault. Use from one thread at a time (the
    :class:`~homevisit.sync.service.SyncService` thread); keeps one keep-alive client."""

    def __init__(self, store: Store, vault: Vault, *, wipe: Callable[[], None] | None = None,
                 ca_file: Path | None = None, retry: RetryPolicy | None = None,
                 push_batch: int = 500, pull_limit: int = 1000,
                 documents_limit: int = 50) -> None:
        self.store, self.vault = store, vault
        self.wipe = wipe
        self.ca_file = ca_file
        self.retry = retry or RetryPolicy()
        self.cancel = threading.Event()
        self.push_batch, self.pull_limit = push_batch, pull_limit
        self.documents_limit = documents_limit
        self._transport: Transport | None = None

    def abort(self) -> None:
        """Cancel from any thread, at once: a request in flight is cut (its connection shut
        down), not waited for; what was committed stays committed."""
        self.cancel.set()
        transport = self._transport
        if transport is not None:
            transport.interrupt()

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()
            self._transport = None

    def transport(self) -> Transport:
        """The keep-alive client for the enrolled server (made on first use)."""
        found = self.store.run(_credentials)
        if found is None:
            raise NotEnrolled()
        url, packed, ca_pem = found
        if self._transport is None or self._transport.server_url != url.rstrip("/"):
            self.close()
            self._transport = Transport(
                url, tokens=Tokens.unpack(packed), ca_file=self.ca_file, ca_pem=ca_pem,
                retry=self.retry, cancel=self.cancel,
                on_tokens=lambda tokens: self.store.run(lambda s: _save_tokens(s, tokens)))
        else:
            self._transport.tokens = Tokens.unpack(packed)
        return self._transport

    def run(self, report: ProgressSink = ignore) -> SyncResult:
        """Sync once; never raises a :class:`HomevisitError` (it is in ``result.error``)."""
        result = SyncResult(started_at=dt.datetime.now(dt.UTC))
        try:
            self._run(result, report)
            report(Progress(Phase.DONE, result.pushed + result.pulled,
                            result.pushed + result.pulled))
        except DeviceRevoked as revoked:
            result.error = revoked
            report(Progress(Phase.FAILED))
            self.close()
            if self.wipe is not None:
                self.wipe()
        except HomevisitError as error:
            result.error = error
            report(Progress(Phase.FAILED))
        result.finished_at = dt.datetime.now(dt.UTC)
        return result

    def _run(self, result: SyncResult, report: ProgressSink) -> None:
        transport = self.transport()
        report(Progress(Phase.CONNECTING))
        # Who the user is now (a role changed on the server reaches the device here) and
        # the policies, in one answer. The outbox is pushed whatever the role; what the
        # server refuses is quarantined.
        me, policies = _check_in(transport)
        if client_too_old(policies):
            self.store.run(lambda s: _keep_policies(s, policies))
            raise ClientTooOld(minimum=policies.min_client_version)
        # Policies and the account in one transaction: each store call is a thread hop and
        # a commit, and a no-op sync is mostly such fixed costs.
        result.account_changed = self.store.run(lambda s: _checked_in(s, policies, me.user))
        try:
            self._exchange(transport, me, result, report)
        except HomevisitError:
            # The server answered: a contact all the same (the offline limit counts from it).
            # The sync's own error is the one to report, whatever becomes of this write.
            with contextlib.suppress(HomevisitError):
                self.store.run(lambda s: _contacted(s, me.server_time))
            raise
        self.store.run(lambda s: _finished(s, me.server_time))

    def _exchange(self, transport: Transport, me: MeResponse, result: SyncResult,
                  report: ProgressSink) -> None:
        """Everything a sync does once the server said who the user is."""
        uploaded = upload_all(self.store, self.vault, transport, report)
        result.uploaded_files, result.uploaded_bytes = uploaded.files, uploaded.bytes_sent
        pushed = push_all(self.store, transport, report, self.push_batch)
        result.pushed, result.conflicts, result.rejected = (
            pushed.applied, pushed.conflicts, pushed.rejected)
        pulled = pull_all(self.store, transport, report, self.pull_limit)
        result.pulled, result.reset = pulled.pulled, pulled.reset
        documents = pull_documents(self.store, transport, report, self.documents_limit)
        result.documents_received = documents.received
        result.documents_refused = len(documents.refused)
        if me.user.role is Role.VOLUNTEER:  # the desks and days to pick from each morning
            shifts = transport.call("GET", "/helpdesk/shifts", ShiftList)
            assert shifts is not None
            today = dt.date.today()
            totals = {}
            for shift in shifts.root:  # today's desk figures: every volunteer's, counted
                if shift.day == today:
                    figures = transport.call(
                        "GET", f"/helpdesk/desks/{shift.desk.id}/days/{today}/stats",
                        DeskDayStats)
                    if figures is not None:
                        totals[(shift.desk.id, shift.day)] = figures
            self.store.run(lambda s: store_shifts(s, shifts.root, totals))
        # After push and pull, so a refused log never holds back the user's work.
        send_audit_log(self.store, transport)
        report(Progress(Phase.PURGING))
        purged, files, held = self.store.run(_purge_by_policy)
        result.purged_visits = purged
        out_of_scope = self._out_of_scope(transport, held)
        household_files: list[str] = []
        if out_of_scope:
            _households, household_files = self.store.run(
                lambda s: purge_households(s, out_of_scope))
        for file_id in [*pulled.dropped_files, *files, *household_files]:
            self.vault.delete(file_id)  # rows are gone (committed): the keys with them
        if me.user.role in REVIEWERS:  # the review queue's files, for review offline
            prefetch_for_review(self.store, self.vault, transport, report)
            # Last: the dashboard's figures then count everything this sync sent.
            result.figures_received = fetch_figures(self.store, transport)

    def _out_of_scope(self, transport: Transport, held: list[str]) -> set[str]:
        """Those of the ``held`` households the server says this user may no longer see."""
        gone: set[str] = set()
        for start in range(0, len(held), MAX_SCOPE_CHECK):
            answer = transport.call("POST", "/sync/scope", ScopeAnswer, json_body={
                "household_ids": held[start:start + MAX_SCOPE_CHECK]})
            assert answer is not None
            gone.update(answer.out_of_scope)
        return gone

    def check_in(self) -> None:
        """The online check of an unlock past the offline limit: policies and who the user
        is, from the server; records the contact. A revoked device is wiped, as in a sync."""
        try:
            me, policies = _check_in(self.transport())
        except DeviceRevoked:
            self.close()
            if self.wipe is not None:
                self.wipe()
            raise
        self.store.run(lambda s: _checked_in(s, policies, me.user, me.server_time))

    def download_attachment(self, attachment_id: str) -> str:
        """Fetch one attachment for review into the vault; returns its vault file id."""
        return download(self.store, self.vault, self.transport(), attachment_id)


_SCOPE_FIELDS = ("role", "team", "region_code", "desk_id")


def _keep_account(session: Session, user: UserInfo) -> bool:
    """Keep who the user is now; when their scope changed (a counselor made a supervisor,
    another team or region), pull the new scope from the start: the cursor only covers
    what the old scope could see, and records the new one reaches may point at older ones
    never received. Records already held are overwritten as they arrive; the scope check
    after the pull drops the households no longer visible."""
    before = session.get(Account, 1)
    old = tuple(getattr(before, f) for f in _SCOPE_FIELDS) if before is not None else None
    changed = save_account(session, user)
    now = (user.role.value, user.team, user.region_code, user.desk_id)
    if changed and old is not None and old != now:
        state = session.get(SyncState, 1)
        if state is not None:
            state.pull_cursor = 0
    return changed
