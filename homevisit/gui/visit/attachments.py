"""Moving bytes held in memory into the vault and the store, and back into a QImage.

Encryption runs on a background thread and the row is written on the store worker, so the
GUI thread never waits; nothing is ever written in plaintext to disk.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from homevisit import sanitize
from homevisit.gui.qt import QImage, QObject
from homevisit.gui.tasks import OnError, run_in_background, run_in_store
from homevisit.vault import ImportedFile
from homevisit.visits import draft
from homevisit.workspace import Workspace


def store_attachment(
    workspace: Workspace,
    visit_id: str,
    data: bytes,
    name: str,
    doc_type: str,
    on_done: Callable[[draft.AttachmentView], None],
    on_error: OnError,
    *,
    owner: QObject | None = None,
) -> None:
    """Sanitize and encrypt ``data`` into the vault, then record it as the visit's attachment."""

    def imported(stored: ImportedFile) -> None:
        def failed(error: BaseException) -> None:
            workspace.vault.delete(stored.file_id)  # no orphan file without its row and key
            on_error(error)

        run_in_store(
            workspace.store,
            lambda s: draft.record_attachment(s, visit_id, stored, doc_type,
                                              actor=workspace.actor),
            on_done, failed, owner=owner)

    long_edge = sanitize.long_edge_for(doc_type)
    run_in_background(lambda: workspace.vault.import_stream(io.BytesIO(data), name,
                                                            long_edge=long_edge),
                      imported, on_error, owner=owner)


def load_image(
    workspace: Workspace,
    view: draft.AttachmentView,
    on_done: Callable[[QImage], None],
    on_error: OnError,
    *,
    owner: QObject | None = None,
) -> None:
    """Decrypt an image attachment in memory (verified chunk by chunk) into a QImage."""
    run_in_background(lambda: workspace.vault.read_bytes(view.vault_file_id, view.file_key),
                      lambda data: on_done(QImage.fromData(data)), on_error, owner=owner)
