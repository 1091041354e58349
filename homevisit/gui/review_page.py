"""审核: the supervisor's page. For now it says what is coming (the supervisor issue fills
it); a supervisor gets no households list and no way to start a visit."""

from __future__ import annotations

from homevisit.account import AccountInfo
from homevisit.gui.coming_page import build_coming_page, role_name
from homevisit.gui.qt import QWidget


class ReviewPage(QWidget):
    def __init__(self, account: AccountInfo | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page:review")
        name = account.display_name if account else ""
        team = (account.team if account else None) or self.tr("none")
        region = (account.region_code if account else None) or self.tr("none")
        self.signed_in = build_coming_page(self, self.tr("Review"), [
            self.tr("Visits that counselors in your area have synced will be listed here "
                    "for review: read the answers and documents, approve a visit or return "
                    "it with comments on its fields, and confirm or dismiss its flags."),
            self.tr("The review queue arrives in a coming update. Sync keeps this computer "
                    "ready for it."),
            self.tr("Supervisors review visits; they do not start them on this computer."),
        ], self.tr("Signed in as %1 (%2) · team: %3 · region: %4")
            .replace("%1", name).replace("%2", role_name(account))
            .replace("%3", team).replace("%4", region))
