"""The start screen: choose a user profile and unlock it with the passphrase.

Argon2id takes about a second, so the unlock runs on a background thread. A wrong passphrase
is shown inline with its growing delay, counted down on the button; the typed passphrase is
kept so the user can correct it instead of retyping.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from homevisit import profiles
from homevisit.account import ROLE_LABELS
from homevisit.errors import WrongPassphrase
from homevisit.gui.messages import core_language, error_text
from homevisit.gui.qt import (
    QComboBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QTimer,
    QWidget,
    Signal,
)
from homevisit.gui.tasks import run_in_background
from homevisit.gui.uiload import child, load_ui
from homevisit.profiles import Profile
from homevisit.protocol.vocabulary import Role

if TYPE_CHECKING:
    from homevisit.workspace import Workspace


def _open_workspace(profile: Profile, passphrase: str) -> Workspace:
    # Imported here, on the background thread: the store stack (SQLAlchemy, Alembic) is not
    # needed to show the unlock window, and loading it would delay the cold start.
    from homevisit.sync.offline_gate import open_checked

    return open_checked(profile, passphrase)  # past the offline limit: an online check


class UnlockScreen(QWidget):
    """Emits :attr:`unlocked` with the open :class:`Workspace`; :attr:`enrol_requested` when
    the user wants to add a profile (first run or a colleague on a shared laptop)."""

    unlocked = Signal(object)
    enrol_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("UnlockScreenHost")
        root = load_ui("unlock_screen", self)
        self.profile_combo = child(root, QComboBox, "profileCombo")
        self.passphrase = child(root, QLineEdit, "passphraseEdit")
        self.error_label = child(root, QLabel, "errorLabel")
        self.unlock_button = child(root, QPushButton, "unlockButton")
        self.enrol_button = child(root, QPushButton, "enrolButton")
        child(root, QFrame, "card").setFrameShape(QFrame.Shape.StyledPanel)
        title = child(root, QLabel, "titleLabel")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        self.error_label.hide()
        self._busy = False
        self._wait_left = 0
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.passphrase.returnPressed.connect(self.try_unlock)
        self.enrol_button.clicked.connect(self.enrol_requested)
        self.profile_combo.currentIndexChanged.connect(lambda _: self._clear_error())

    # --- profiles --------------------------------------------------------------------------

    def reload_profiles(self, select_id: str | None = None) -> None:
        """Refill the user list (a small directory read; profile.json files only)."""
        self.profile_combo.clear()
        for profile in profiles.list_profiles():
            self.profile_combo.addItem(chooser_label(profile), profile)
        if select_id is not None:
            for row in range(self.profile_combo.count()):
                if self.profile_combo.itemData(row).id == select_id:
                    self.profile_combo.setCurrentIndex(row)
        has_profiles = self.profile_combo.count() > 0
        self.passphrase.setEnabled(has_profiles)
        self.unlock_button.setEnabled(has_profiles and not self._busy)
        if has_profiles:
            self.enrol_button.setText(self.tr("Add a user on this computer…"))
            self.passphrase.setFocus()
        else:
            self.enrol_button.setText(self.tr("Set up this computer…"))
            self.enrol_button.setFocus()

    def selected_profile(self) -> Profile | None:
        data = self.profile_combo.currentData()
        return data if isinstance(data, Profile) else None

    def reset(self) -> None:
        """Back to a clean screen after a lock: no passphrase, no message."""
        self.passphrase.clear()
        self._clear_error()
        self._set_busy(False)

    # --- unlocking -------------------------------------------------------------------------

    def try_unlock(self) -> None:
        profile = self.selected_profile()
        if profile is None or self._busy or self._wait_left > 0:
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self._show_error(self.tr("Type your passphrase."))
            return
        self._set_busy(True)
        self._clear_error()
        run_in_background(lambda: _open_workspace(profile, passphrase), self._opened,
                          self._failed, owner=self)

    def _opened(self, workspace: Workspace) -> None:
        self._set_busy(False)
        self.passphrase.clear()
        self.unlocked.emit(workspace)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self._show_error(error_text(error))
        if isinstance(error, WrongPassphrase):
            # The next attempt waits out this delay anyway; show it instead of a frozen button.
            self._wait_left = math.ceil(getattr(error, "delay", 0.0))
            if self._wait_left > 0:
                self._countdown.start()
                self._tick_label()
        self.passphrase.setFocus()
        self.passphrase.selectAll()

    def _tick(self) -> None:
        self._wait_left -= 1
        if self._wait_left <= 0:
            self._countdown.stop()
            self._wait_left = 0
        self._tick_label()

    def _tick_label(self) -> None:
        if self._wait_left > 0:
            self.unlock_button.setText(self.tr("Wait {0} s").format(self._wait_left))
            self.unlock_button.setEnabled(False)
        else:
            self.unlock_button.setText(self.tr("Unlock"))
            self.unlock_button.setEnabled(not self._busy)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.unlock_button.setEnabled(not busy and self._wait_left <= 0)
        self.profile_combo.setEnabled(not busy)
        self.unlock_button.setText(self.tr("Unlocking…") if busy else self.tr("Unlock"))

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()


def chooser_label(profile: Profile) -> str:
    """The profile's name, with the display-only name and role the server last gave it
    (``profile.json``; never used to decide anything)."""
    try:
        role = ROLE_LABELS[Role(profile.role)].in_language(core_language())
    except ValueError:
        role = ""
    extra = " · ".join(x for x in (profile.display_name, role)
                       if x and x != profile.name)
    return f"{profile.name}（{extra}）" if extra else profile.name
