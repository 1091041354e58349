"""The help-desk slip as a file: re-authenticated, audited first, written by the PDF module
(the slip's content: :mod:`homevisit.helpdesk.slip`)."""

from __future__ import annotations

from pathlib import Path

from homevisit.helpdesk.slip import slip_document, slip_for
from homevisit.i18n import current_language
from homevisit.reports.output import write_document
from homevisit.workspace import Workspace


def write_slip(workspace: Workspace, case_id: str, out: Path, *, lang: str | None = None,
               passphrase: str | None = None) -> Path:
    """Write the slip of ``case_id`` to ``out`` (PDF), once re-authenticated (raises
    :class:`homevisit.errors.ReauthRequired` without a fresh passphrase; runs the KDF with
    one: call it off the GUI thread). Audited before any byte is written."""
    workspace.reauth.confirm(passphrase)
    slip = workspace.store.run(lambda s: slip_for(s, case_id))
    data = slip_document(slip, lang or current_language()).to_bytes()
    return write_document(workspace.store, data, actor=workspace.actor, out=Path(out),
                          entity="helpdesk_case", entity_id=case_id, kind="helpdesk_slip")
