"""服务台: the help-desk volunteer's page. For now it says what is coming (the help-desk
issue fills it); a volunteer sees no household data at all."""

from __future__ import annotations

from homevisit.account import AccountInfo
from homevisit.gui.coming_page import build_coming_page, role_name
from homevisit.gui.qt import QWidget


class HelpDeskPage(QWidget):
    def __init__(self, account: AccountInfo | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page:helpdesk")
        name = account.display_name if account else ""
        team = (account.team if account else None) or self.tr("none")
        region = (account.region_code if account else None) or self.tr("none")
        self.signed_in = build_coming_page(self, self.tr("Help desk"), [
            self.tr("Walk-in applicants for the student-origin credit loan will be logged "
                    "here: the queue of the day, the document checklist and the steps for "
                    "each applicant, and the outcome of each visit to the desk."),
            self.tr("The help desk arrives in a coming update. Sync keeps this computer "
                    "ready for it."),
        ], self.tr("Signed in as %1 (%2) · team: %3 · region: %4")
            .replace("%1", name).replace("%2", role_name(account))
            .replace("%3", team).replace("%4", region))
