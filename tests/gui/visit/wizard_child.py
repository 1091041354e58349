"""Child process for the kill test: opens the wizard, makes edits as a counselor would,
prints SAVED once the store has them, then keeps running until it is SIGKILLed."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from homevisit.gui.qt import QApplication, QEventLoop, QTimer
from homevisit.gui.visit.wizard import VisitWizard
from homevisit.workspace import Workspace
from tests.gui.visit.conftest import TODAY
from tests.gui.visit.driver import Counselor


class _Bot:
    """The few pytest-qt calls the driver uses, on QTest directly."""

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        from PySide6.QtTest import QTest

        return {"keyClicks": QTest.keyClicks, "keyClick": QTest.keyClick,
                "mouseClick": QTest.mouseClick}[name]


def wait_for(signal) -> None:  # type: ignore[no-untyped-def]
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(20_000, loop.quit)
    loop.exec()


def main() -> None:
    profile_name, passphrase, household_id = sys.argv[1:4]
    app = QApplication([])
    workspace = Workspace.open(profile_name, passphrase)
    wizard = VisitWizard(workspace, household_id, today=TODAY, save_delay_ms=50)
    wizard.show()
    wait_for(wizard.loaded)
    counselor = Counselor(_Bot(), wizard)
    counselor.choose("consent.visit_mode", "phone")
    counselor.tick("consent.consent_choices", "basic_information")
    counselor.answer("consent.notice_explained", True)
    counselor.next()
    counselor.choose("household.residence_type", "rural")
    counselor.answer("household.parents_divorced", True)
    while wizard._dirty or wizard._saving or wizard._timer.isActive():
        wait_for(wizard.saved)
    print("SAVED", flush=True)
    app.exec()  # until killed


if __name__ == "__main__":
    main()
