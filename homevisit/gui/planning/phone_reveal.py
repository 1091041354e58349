"""The phone of a household, one click away: masked until the user re-authenticates
(``Workspace.reveal_household``: passphrase or the grace period, audited), then shown for
a minute. Never put on the clipboard."""

from __future__ import annotations

from collections.abc import Callable

from homevisit.gui.messages import error_text
from homevisit.gui.qt import QCoreApplication, QInputDialog, QLineEdit, QWidget
from homevisit.gui.tasks import run_in_background
from homevisit.households.detail import HouseholdDetail
from homevisit.workspace import Workspace


def first_phone(detail: HouseholdDetail) -> str:
    """The guardian's phone, else any member's ("" when nobody has one)."""
    members = sorted(detail.members, key=lambda m: not m.is_guardian)
    return next((m.phone for m in members if m.phone), "")


def reveal_phone(owner: QWidget, workspace: Workspace, household_id: str,
                 shown: Callable[[str], None], failed: Callable[[str], None]) -> None:
    """Ask for the passphrase (unless within the grace period), then call ``shown`` with
    the full number, or ``failed`` with what went wrong."""
    passphrase: str | None = None
    if not workspace.reauth.fresh():
        text, ok = QInputDialog.getText(
            owner, QCoreApplication.translate("PhoneReveal", "Show phone"),
            QCoreApplication.translate(
                "PhoneReveal",
                "Enter your passphrase to show the phone number. This is recorded."),
            QLineEdit.EchoMode.Password)
        if not ok or not text:
            return
        passphrase = text
    run_in_background(lambda: workspace.reveal_household(household_id, passphrase),
                      lambda detail: shown(first_phone(detail)),
                      lambda error: failed(error_text(error)), owner=owner)
