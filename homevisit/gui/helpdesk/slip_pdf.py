"""The "what to bring next time" slip as a PDF, through Qt's own printing (QPdfWriter and
QTextDocument; the app has no report module for it). Re-authenticated and audited before
any byte is written (homevisit.helpdesk.slip, homevisit.exports)."""

from __future__ import annotations

from pathlib import Path

from homevisit import exports
from homevisit.durable import commit_file
from homevisit.gui.messages import core_language
from homevisit.gui.qt import QFont, QMarginsF, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from homevisit.helpdesk.slip import begin_export, slip_for, slip_html
from homevisit.workspace import Workspace


def write_slip(workspace: Workspace, case_id: str, out: Path, *,
               passphrase: str | None = None) -> Path:
    """Write the slip of ``case_id`` to ``out`` (PDF). Call on the GUI thread (QTextDocument
    lays out text there); the store work goes through the store's worker. Raises
    :class:`homevisit.errors.ReauthRequired` without a fresh passphrase."""
    workspace.reauth.confirm(passphrase)
    out = Path(out)
    actor = workspace.actor
    slip = workspace.store.run(lambda s: slip_for(s, case_id))
    pending, temp = workspace.store.run(
        lambda s: begin_export(s, actor=actor, case_id=case_id, out=out))
    try:
        writer = QPdfWriter(str(temp))
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A5),
                                         QPageLayout.Orientation.Portrait,
                                         QMarginsF(12, 12, 12, 12)))
        writer.setTitle(" ")  # no name or number in the file's metadata
        writer.setCreator("Homevisit")
        document = QTextDocument()
        # A CJK face by name: left to fallback, Qt may embed a font whose text a PDF reader
        # cannot copy out (compatibility code points).
        document.setDefaultFont(QFont(["Noto Sans CJK SC", "Microsoft YaHei", "SimSun"], 11))
        document.setHtml(slip_html(slip, core_language()))
        document.print_(writer)
        del writer  # QPdfWriter finishes the file when it goes
        commit_file(temp, out)
    finally:
        temp.unlink(missing_ok=True)
        workspace.store.run(lambda s: exports.finish(s, pending))
    return out


