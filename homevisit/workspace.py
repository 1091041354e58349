"""An unlocked profile with its open store and vault: what the CLI and the GUI work on.

Every action that reveals, exports or deletes personal data is written to the audit log in
the same transaction as its effect (DESIGN §4).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from homevisit import audit, exports, sanitize
from homevisit.account import AccountInfo, load_account
from homevisit.errors import (
    AuditChainBroken,
    HomevisitError,
    StoreCorrupt,
    StoreError,
)
from homevisit.households.detail import HouseholdDetail, revealed_detail
from homevisit.i18n import Text
from homevisit.model import Attachment, Outbox, SyncState
from homevisit.profiles import Profile, UnlockedProfile, record_pending_work, unlock
from homevisit.reauth import DEFAULT_GRACE_MINUTES, Reauth
from homevisit.store import Store
from homevisit.store_damage import DamageKind
from homevisit.vault import Vault
from homevisit.visits import draft

log = logging.getLogger(__name__)

ATTACHMENT_NOT_FOUND = Text(
    "找不到编号为 {attachment_id} 的附件。请用 `homevisit vault list` 查看。",
    "No attachment with id {attachment_id}. Run `homevisit vault list` to see them.",
)


@dataclass(frozen=True, slots=True)
class AttachmentSummary:
    id: str
    doc_type: str
    mime: str
    size: int
    sha256: str
    household_id: str | None
    created_at: str


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Outcome of ``store check``: SQLCipher's and SQLite's integrity checks and the audit chain."""

    store_problems: list[str]
    audit_events: int
    audit_error: HomevisitError | None

    @property
    def ok(self) -> bool:
        return not self.store_problems and self.audit_error is None


class Workspace:
    """Owns one unlocked profile's store and vault until :meth:`close` (which drops the key)."""

    def __init__(self, unlocked: UnlockedProfile, store: Store, vault: Vault) -> None:
        self.unlocked = unlocked
        self.store = store
        self.vault = vault
        # Who uses the profile (role, name, team) as the server last said; read at open, off
        # the GUI thread, so the shell can show that role's pages at once.
        self.account: AccountInfo | None = None
        self.reauth = Reauth(unlocked.profile)

    @classmethod
    def open(cls, profile: Profile | str, passphrase: str) -> Workspace:
        unlocked = unlock(profile, passphrase)
        try:
            # The profile's own key buffer, not a bytes copy: lock() zeroes it in place.
            store = unlocked.open_store()
        except BaseException:
            unlocked.lock()
            raise
        store.audit_head_file = unlocked.profile.audit_head_path
        workspace = cls(unlocked, store, Vault(unlocked.profile.vault_dir))
        # A crash during an export may have left its plaintext temp file: remove it first.
        try:
            if not store.read_only:  # a read-only (damaged) store cannot record the sweep
                store.run(lambda s: exports.sweep_abandoned(s, actor=workspace.actor))
            workspace.reload_account()
            workspace.reauth = Reauth(unlocked.profile,
                                      grace_minutes=store.run(_reauth_grace_minutes))
            workspace.reauth.proved()  # the passphrase was just entered to unlock
        except BaseException:
            workspace.close()
            raise
        return workspace

    def reload_account(self) -> AccountInfo | None:
        """Read the stored account again (after a sync brought a new one)."""
        self.account = self.store.run(load_account)
        return self.account

    @property
    def actor(self) -> str:
        # The profile id, not its display name: audit details never carry personal data.
        return f"profile:{self.unlocked.profile.id}"

    def reveal_household(self, household_id: str, passphrase: str | None) -> HouseholdDetail:
        """The household with full ID numbers and phones, once re-authenticated
        (:class:`Reauth`: ``passphrase``, or None within the grace period). The reveal is
        audited in the same transaction that reads the numbers. Runs the KDF: call it off
        the GUI thread."""
        self.reauth.confirm(passphrase)
        return self.store.run(
            lambda s: revealed_detail(s, household_id, actor=self.actor))

    def close(self) -> None:
        """Lock: keep what is unsynced in the profile's public metadata (read by the
        "forgot passphrase" deletion, when the store cannot be read), close the store, drop
        the key. Every lock goes through here: the GUI's and the CLI's."""
        self.reauth.forget()
        try:
            if not self.store.closed:
                changes, attachments, last_sync = self.store.run(_pending_work)
                record_pending_work(self.unlocked.profile, changes, attachments, last_sync)
        except (HomevisitError, OSError) as error:
            # A damaged store or a full disk must not stop the lock itself.
            log.warning("unsynced work not recorded at lock (%s)", type(error).__name__)
        finally:
            self.store.close()
            self.unlocked.lock()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- attachments -----------------------------------------------------------------------

    def import_attachment(
        self,
        path: Path | BinaryIO,
        *,
        name: str = "",
        doc_type: str = "document",
        household_id: str | None = None,
        visit_id: str | None = None,
    ) -> AttachmentSummary:
        """Check, sanitize and encrypt a file (a path, or a stream already opened with
        :func:`homevisit.regular_file.open_regular` and its ``name``) into the vault and
        record it in the store. Filed under ``visit_id``, it needs the consent choice of its
        kind (DESIGN §4: :class:`ConsentRequired` otherwise); unfiled, it stays on this
        device."""
        long_edge = sanitize.long_edge_for(doc_type)
        if isinstance(path, Path):
            stored = self.vault.import_file(path, long_edge=long_edge)
        else:
            stored = self.vault.import_stream(path, name, long_edge=long_edge)

        def record(session: Session) -> AttachmentSummary:
            if visit_id is not None:
                view = draft.record_attachment(session, visit_id, stored, doc_type,
                                               actor=self.actor)
                row = session.get(Attachment, view.id)
                assert row is not None
                return _summary(row)
            row = Attachment(
                household_id=household_id,
                visit_id=visit_id,
                doc_type=doc_type,
                mime=stored.mime,
                size=stored.size,
                sha256=stored.sha256,
                vault_file_id=stored.file_id,
                file_key=stored.key,
                original_name=stored.original_name,
            )
            session.add(row)
            session.flush()
            audit.append(session, actor=self.actor, action="import", entity="attachment",
                         entity_id=row.id, detail={"mime": stored.mime, "size": stored.size})
            return _summary(row)

        try:
            return self.store.run(record)
        except BaseException:
            self.vault.delete(stored.file_id)  # no orphan file without a row (and its key)
            raise

    def attachments(self) -> list[AttachmentSummary]:
        def query(session: Session) -> list[AttachmentSummary]:
            rows = session.scalars(
                select(Attachment).where(Attachment.deleted.is_(False))
                .order_by(Attachment.updated_at)
            )
            return [_summary(row) for row in rows]

        return self.store.run(query)

    def export_attachment(self, attachment_id: str, out: Path,
                          passphrase: str | None = None) -> AttachmentSummary:
        """Decrypt an attachment to ``out`` (verified against its SHA-256), once
        re-authenticated (:class:`Reauth`). The audit row commits before any plaintext is
        written (:mod:`homevisit.exports`)."""
        self.reauth.confirm(passphrase)
        out = Path(out)
        temp = exports.temp_name(out)

        def start(session: Session) -> tuple[str, bytes, str, AttachmentSummary, int]:
            row = session.get(Attachment, attachment_id)
            if row is None or row.deleted:
                raise StoreError(ATTACHMENT_NOT_FOUND, attachment_id=attachment_id)
            pending = exports.begin(session, actor=self.actor, entity="attachment",
                                    entity_id=attachment_id, temp=temp)
            return row.vault_file_id, row.file_key, row.sha256, _summary(row), pending

        file_id, key, sha256, summary, pending = self.store.run(start)
        try:  # a full disk or a missing folder: the temp file is gone, the OSError goes on
            self.vault.export(file_id, key, out, expected_sha256=sha256, temp=temp)
        finally:
            self.store.run(lambda s: exports.finish(s, pending))
        return summary

    # --- checks ----------------------------------------------------------------------------

    def check(self) -> CheckReport:
        """Integrity of pages, b-trees and the audit chain. Damage is recorded beside the
        store: failed pages close it, b-tree or audit damage makes it read-only, until it is
        restored from its backup (:func:`homevisit.store_damage.restore`)."""
        problems = self.store.check()
        if self.store.closed or (problems and not self.store.read_only):
            return CheckReport(problems, 0, None)  # pages failed: nothing more is read
        head_file = self.unlocked.profile.audit_head_path
        try:
            chain = self.store.run(lambda s: audit.verify(s, head_file=head_file))
        except AuditChainBroken as broken:
            self.store.mark_damaged(DamageKind.AUDIT, [broken.text.en])
            return CheckReport(problems, 0, broken)
        except StoreCorrupt:
            return CheckReport(problems, 0, None)
        return CheckReport(problems, chain.events, None)


def _reauth_grace_minutes(session: Session) -> float:
    # Read from the stored policies directly: the core does not import the sync package.
    state = session.get(SyncState, 1)
    value = (state.policies or {}).get("reauth_grace_minutes") if state is not None else None
    return float(value) if isinstance(value, int | float) else DEFAULT_GRACE_MINUTES


def _pending_work(session: Session) -> tuple[int, int, dt.datetime | None]:
    changes = session.scalar(select(func.count()).select_from(Outbox)) or 0
    attachments = session.scalar(
        select(func.count()).select_from(Attachment)
        .where(Attachment.deleted.is_(False), Attachment.uploaded.is_(False))) or 0
    state = session.get(SyncState, 1)
    return changes, attachments, state.last_sync_at if state is not None else None


def _summary(row: Attachment) -> AttachmentSummary:
    return AttachmentSummary(
        id=row.id,
        doc_type=row.doc_type,
        mime=row.mime,
        size=row.size,
        sha256=row.sha256,
        household_id=row.household_id,
        created_at=row.updated_at.isoformat(timespec="seconds") if row.updated_at else "",
    )
