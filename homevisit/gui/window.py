"""The one top-level window: the unlock screen, or the unlocked shell.

Locking (idle, suspend, the lock button, a user switch) destroys the shell with all its
models, stops the sync thread, then closes the store and zeroes the key (Workspace.close)
on a background thread, so the GUI never waits for them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from homevisit.app_settings import AppSettings, effective_idle_minutes, save_settings
from homevisit.gui.idle import IdleLock
from homevisit.gui.placement import WindowPlacement
from homevisit.gui.qt import (
    QAction,
    QCloseEvent,
    QKeySequence,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTimer,
    QWidget,
    Signal,
)
from homevisit.gui.tasks import run_in_background
from homevisit.gui.unlock import UnlockScreen

if TYPE_CHECKING:
    from homevisit.gui.shell import MainShell
    from homevisit.gui.sync_bridge import ServiceFactory
    from homevisit.workspace import Workspace

# Loaded in the background while the unlock window waits for the passphrase (the shell
# pulls in SQLAlchemy and the store; the sync engine httpx and pydantic models), so neither
# the cold start nor the first sync pays for them on the GUI thread.
_WARM_MODULES = ("homevisit.gui.shell", "homevisit.gui.enrol", "homevisit.sync.service",
                 "homevisit.sync.engine")


def _warm_up() -> None:
    importlib.import_module(_WARM_MODULES[0])
    # SQLAlchemy configures every ORM mapper on the first query, ~70 ms (more on a busy
    # machine) that would otherwise land on the list shown after unlock; done right after
    # the shell's modules, before the sync engine's, since the list needs it first.
    from sqlalchemy.orm import configure_mappers

    configure_mappers()
    for module in _WARM_MODULES[1:]:
        try:
            importlib.import_module(module)
        except ImportError:
            continue


class AppWindow(QMainWindow):
    """Emits :attr:`unlocked_shell` when a shell is shown and :attr:`locked` (with the
    reason) once the shell is gone; :attr:`closed` when the key is dropped."""

    unlocked_shell = Signal(object)
    locked = Signal(str)
    closed = Signal()

    def __init__(self, settings: AppSettings, *, sync_factory: ServiceFactory | None = None,
                 enrol_factory: object = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.sync_factory = sync_factory
        self.enrol_factory = enrol_factory
        self.workspace: Workspace | None = None
        self._policy: dict = {}
        self.shell: MainShell | None = None
        self.setWindowTitle(self.tr("Homevisit"))
        # Opens where the user left it on this screen, else centred at a useful size.
        self.placement = WindowPlacement(self, "main", preferred=(1280, 800))
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.unlock_screen = UnlockScreen(self)
        self.stack.addWidget(self.unlock_screen)
        self.unlock_screen.unlocked.connect(self.show_workspace)
        self.unlock_screen.enrol_requested.connect(self.enrol)
        self.idle = IdleLock(self)
        self.idle.lock_requested.connect(self.lock)
        self.idle.session.watch_window(self)

        self.lock_action = QAction(self.tr("&Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(lambda: self.lock("user"))
        self.switch_action = QAction(self.tr("S&witch user"), self)
        self.switch_action.triggered.connect(self.switch_user)
        menu = self.menuBar().addMenu(self.tr("&Account"))
        menu.addAction(self.lock_action)
        menu.addAction(self.switch_action)
        self.addAction(self.lock_action)
        self._set_unlocked_ui(False)
        self.unlock_screen.reload_profiles(settings.last_profile_id)
        QTimer.singleShot(100, lambda: run_in_background(_warm_up))

    # --- unlock ----------------------------------------------------------------------------

    def show_workspace(self, workspace: Workspace) -> None:
        self.workspace = workspace
        profile_id = workspace.unlocked.profile.id
        if self.settings.last_profile_id != profile_id:
            self._save(self.settings.with_changes(last_profile_id=profile_id))
        from homevisit.gui.shell import MainShell

        self.shell = MainShell(workspace, self.settings, self.sync_factory, self)
        self.shell.settings_changed.connect(self._save)
        self.shell.policies_changed.connect(self._policies)
        self.stack.addWidget(self.shell)
        self.stack.setCurrentWidget(self.shell)
        self.shell.attach_status(self.statusBar())
        self.statusBar().clearMessage()  # "Choose a user." / "Locked …" no longer hold
        self._set_unlocked_ui(True)
        self.idle.start(effective_idle_minutes(self.settings, self._policy, self._role()))
        if workspace.store.read_only:
            self._warn_read_only()
        self.shell.start()
        self.unlocked_shell.emit(self.shell)

    def _warn_read_only(self) -> None:
        """`store check` found damage: the data can be looked at, not changed, until the
        copy kept before the last upgrade is restored (core text, in the user's language)."""
        from homevisit.errors import StoreReadOnly

        box = QMessageBox(QMessageBox.Icon.Warning, self.windowTitle(),
                          str(StoreReadOnly()), QMessageBox.StandardButton.Ok, self)
        box.setObjectName("readOnlyStoreWarning")
        box.open()  # not modal-blocking: the list stays usable for reading

    def enrol(self) -> None:
        from homevisit.gui.enrol import EnrolDialog

        dialog = EnrolDialog(self, backend=self.enrol_factory)
        dialog.enrolled.connect(self._enrolled)
        dialog.open()

    def _enrolled(self, profile_id: str, server_url: str) -> None:
        self._save(self.settings.with_changes(last_profile_id=profile_id, server_url=server_url))
        self.unlock_screen.reload_profiles(profile_id)

    # --- lock ------------------------------------------------------------------------------

    def lock(self, reason: str = "user") -> None:
        """Back to the unlock screen: models cleared now, key dropped right after."""
        self.idle.stop()
        self._policy = {}
        shell, workspace = self.shell, self.workspace
        self.shell = self.workspace = None
        if shell is not None:
            shell.clear()
            shell.detach_status(self.statusBar())
            self.stack.removeWidget(shell)
            bridge = shell.bridge
            shell.deleteLater()
            bridge.setParent(None)

            def close_store() -> None:
                if workspace is not None:
                    run_in_background(workspace.close, lambda _: self.closed.emit(),
                                      owner=self)

            bridge.shutdown(close_store)
        self.stack.setCurrentWidget(self.unlock_screen)
        self.unlock_screen.reset()
        self.unlock_screen.reload_profiles(self.settings.last_profile_id)
        self._set_unlocked_ui(False)
        self.statusBar().showMessage(self._lock_message(reason), 10_000)
        self.locked.emit(reason)

    def switch_user(self) -> None:
        self.lock("switch")
        self.unlock_screen.profile_combo.setFocus()

    def _lock_message(self, reason: str) -> str:
        return {
            "idle": self.tr("Locked after inactivity."),
            "suspended": self.tr("Locked because the computer was suspended."),
            "slept": self.tr("Locked because the computer was asleep."),
            "session_locked": self.tr("Locked because the session was locked."),
            "switch": self.tr("Choose a user."),
        }.get(reason, self.tr("Locked."))

    def _set_unlocked_ui(self, unlocked: bool) -> None:
        self.lock_action.setEnabled(unlocked)
        self.switch_action.setEnabled(unlocked)
        self.statusBar().setVisible(True)

    # --- settings --------------------------------------------------------------------------

    def _save(self, settings: AppSettings) -> None:
        self.settings = settings
        save_settings(settings)
        self.idle.update_minutes(effective_idle_minutes(settings, self._policy, self._role()))

    def _policies(self, policies: dict) -> None:
        self._policy = dict(policies)
        self.idle.update_minutes(effective_idle_minutes(self.settings, policies, self._role()))

    def _role(self) -> str | None:
        """The unlocked user's role (idle policy per role), from the stored account or,
        before the first sync, the profile's label."""
        workspace = self.workspace
        if workspace is None:
            return None
        if workspace.account is not None:
            return workspace.account.role.value
        return workspace.unlocked.profile.role or None

    def shutdown_now(self) -> None:
        """Quit: stop sync, close the store and drop the key before returning (the event
        loop is ending, so nothing may be left to a later callback)."""
        self.idle.stop()
        shell, workspace = self.shell, self.workspace
        self.shell = self.workspace = None
        if shell is not None:
            shell.clear()
            service = shell.bridge.detach_service()
            if service is not None:
                service.stop()
        if workspace is not None:
            workspace.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown_now()
        event.accept()
