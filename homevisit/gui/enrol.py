"""First run (or a colleague on a shared laptop): sign in to the server, choose a local
passphrase with a strength meter, then download the households with a progress bar.

Every network and key-derivation step runs on a background thread; the dialog only shows
state. The work itself is :class:`homevisit.sync.enrolment.EnrolmentBackend`.
"""

from __future__ import annotations

from typing import Any

from homevisit.errors import WeakPassphrase
from homevisit.gui.messages import error_text
from homevisit.gui.qt import (
    QDialog,
    QLabel,
    QLineEdit,
    QObject,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    Qt,
    QWidget,
    Signal,
    Slot,
)
from homevisit.gui.tasks import run_in_background
from homevisit.gui.uiload import child, load_ui
from homevisit.profiles import MIN_PASSPHRASE_LENGTH
from homevisit.sync.enrolment import EnrolmentBackend, Login, passphrase_strength

SERVER, PASSPHRASE, DOWNLOAD = range(3)


class _ProgressRelay(QObject):
    """Carries the sync engine's progress (reported on a worker) to the GUI thread."""

    reported = Signal(object)
    delivered = Signal(object)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.reported.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _deliver(self, progress: Any) -> None:
        self.delivered.emit(progress)


class EnrolDialog(QDialog):
    """Emits :attr:`enrolled` with the new profile's id and the server URL."""

    enrolled = Signal(str, str)

    def __init__(self, parent: QWidget | None = None, *, backend: Any = None,
                 server_url: str = "") -> None:
        super().__init__(parent)
        self.backend = backend or EnrolmentBackend()
        self.setWindowTitle(self.tr("Set up Homevisit on this computer"))
        self.resize(560, 380)
        root = load_ui("enrol_dialog", self)
        self.steps = child(root, QStackedWidget, "steps")
        self.url = child(root, QLineEdit, "urlEdit")
        self.user = child(root, QLineEdit, "userEdit")
        self.password = child(root, QLineEdit, "passwordEdit")
        self.name = child(root, QLineEdit, "nameEdit")
        self.passphrase = child(root, QLineEdit, "newPassphraseEdit")
        self.confirm = child(root, QLineEdit, "confirmEdit")
        self.strength = child(root, QProgressBar, "strengthBar")
        self.strength_hint = child(root, QLabel, "strengthHint")
        self.download_label = child(root, QLabel, "downloadLabel")
        self.download_bar = child(root, QProgressBar, "downloadBar")
        self.error = child(root, QLabel, "errorLabel")
        self.next_button = child(root, QPushButton, "nextButton")
        self.cancel_button = child(root, QPushButton, "cancelButton")
        self.url.setText(server_url)
        self._login: Login | None = None
        self._busy = False
        self._words = [self.tr("Too short"), self.tr("Weak"), self.tr("Fair"), self.tr("Good"),
                       self.tr("Strong")]
        self._relay = _ProgressRelay(self)
        self._relay.delivered.connect(self._download_progress)
        self.passphrase.textChanged.connect(self._strength_changed)
        self.next_button.clicked.connect(self.next_step)
        self.cancel_button.clicked.connect(self.reject)
        self._strength_changed("")
        self._show_step(SERVER)

    def _show_step(self, step: int) -> None:
        self.steps.setCurrentIndex(step)
        self.error.clear()
        self.next_button.setText(self.tr("&Create") if step == PASSPHRASE else self.tr("&Next"))
        self.next_button.setVisible(step != DOWNLOAD)
        (self.url if step == SERVER else self.passphrase).setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.next_button.setEnabled(not busy)

    def next_step(self) -> None:
        if self._busy:
            return
        step = self.steps.currentIndex()
        if step == SERVER:
            self._sign_in()
        elif step == PASSPHRASE:
            self._create()

    # --- step 1: the server ----------------------------------------------------------------

    def _sign_in(self) -> None:
        url, user, password = self.url.text().strip(), self.user.text().strip(), \
            self.password.text()
        if not (url and user and password):
            self.error.setText(self.tr("Fill in the server address, username and password."))
            return
        self._set_busy(True)
        self.error.setText(self.tr("Signing in…"))
        run_in_background(lambda: self.backend.login(url, user, password), self._signed_in,
                          self._failed, owner=self)

    def _signed_in(self, login: Login) -> None:
        self._set_busy(False)
        self._login = login
        self.password.clear()  # not kept once the device is registered
        self.name.setText(login.display_name)
        self._show_step(PASSPHRASE)

    # --- step 2: the local passphrase ------------------------------------------------------

    def _strength_changed(self, text: str) -> None:
        score = passphrase_strength(text)
        self.strength.setValue(score)
        self.strength_hint.setText(
            self._words[score] if score else
            self.tr("At least {0} characters. A short sentence is easy to remember.")
            .format(MIN_PASSPHRASE_LENGTH))

    def _create(self) -> None:
        passphrase = self.passphrase.text()
        if passphrase_strength(passphrase) == 0:
            self.error.setText(error_text(WeakPassphrase(minimum=MIN_PASSPHRASE_LENGTH)))
            return
        if passphrase != self.confirm.text():
            self.error.setText(self.tr("The two passphrases differ."))
            return
        login, name = self._login, self.name.text().strip()
        assert login is not None
        self._set_busy(True)
        self._show_step(DOWNLOAD)
        self.download_bar.setRange(0, 0)
        self.cancel_button.setEnabled(False)
        run_in_background(
            lambda: self.backend.create_profile(login, name, passphrase, self._relay.reported.emit),
            self._created, self._create_failed, owner=self)

    # --- step 3: the initial download ------------------------------------------------------

    def _download_progress(self, progress: Any) -> None:
        total, done = getattr(progress, "total", None), getattr(progress, "done", 0)
        if total:
            self.download_bar.setRange(0, total)
            self.download_bar.setValue(min(done, total))
        # A count with its unit: records (households, members, visits…) received so far.
        self.download_label.setText(
            self.tr("Downloading your households… {0} of {1} records received")
            .format(done, total) if total else
            self.tr("Downloading your households… {0} records received").format(done))

    def _created(self, outcome: tuple[Any, BaseException | None]) -> None:
        profile, download_error = outcome
        self._set_busy(False)
        self.download_bar.setRange(0, 1)
        self.download_bar.setValue(1)
        if download_error is not None:
            self.download_label.setText(self.tr(
                "Set up, but the download did not finish: {0} It continues at the next sync.")
                .format(error_text(download_error)))
        self.enrolled.emit(profile.id, self._login.enrolment.server_url if self._login else "")
        self.accept()

    def _create_failed(self, error: BaseException) -> None:
        self.cancel_button.setEnabled(True)
        self._failed(error)
        self._show_step(PASSPHRASE)
        self.error.setText(error_text(error))

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.error.setText(error_text(error))
