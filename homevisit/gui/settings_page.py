"""设置: language, idle lock minutes (never above the server's policy), how long before an
appointment its reminder comes (0: none) and the server."""

from __future__ import annotations

from homevisit.app_settings import LANGUAGES, AppSettings, effective_idle_minutes
from homevisit.gui.qt import QComboBox, QLabel, QSpinBox, QWidget, Signal
from homevisit.gui.uiload import child, load_ui
from homevisit.sync.overview import SyncOverview

LANGUAGE_NAMES = {"zh_CN": "简体中文", "en": "English"}


class SettingsPage(QWidget):
    """Emits :attr:`settings_changed` with the new :class:`AppSettings` on every change."""

    settings_changed = Signal(object)

    def __init__(self, settings: AppSettings, profile_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        root = load_ui("settings_page", self)
        self.language = child(root, QComboBox, "languageCombo")
        self.idle = child(root, QSpinBox, "idleSpin")
        self.reminder = child(root, QSpinBox, "reminderSpin")
        self.policy_label = child(root, QLabel, "policyLabel")
        self.server_label = child(root, QLabel, "serverLabel")
        self.restart_label = child(root, QLabel, "restartLabel")
        child(root, QLabel, "profileLabel").setText(profile_name)
        self._settings = settings
        self._policies: dict[str, object] = {}
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(LANGUAGES.index(settings.language))
        self.idle.setValue(settings.idle_lock_minutes)
        self.idle.setSuffix(self.tr(" min"))
        self.reminder.setValue(settings.reminder_minutes)
        self.reminder.setSuffix(self.tr(" min"))
        self.reminder.setSpecialValueText(self.tr("No reminders"))
        self.server_label.setText(settings.server_url or self.tr("Not enrolled with a server"))
        self.language.currentIndexChanged.connect(self._language_changed)
        self.idle.valueChanged.connect(self._idle_changed)
        self.reminder.valueChanged.connect(
            lambda minutes: self._emit(self._settings.with_changes(reminder_minutes=minutes)))

    @property
    def settings(self) -> AppSettings:
        return self._settings

    def show_overview(self, overview: SyncOverview) -> None:
        self._policies = dict(overview.policies)
        if overview.server_url:
            self.server_label.setText(overview.server_url)
        self._show_policy()

    def _show_policy(self) -> None:
        effective = effective_idle_minutes(self._settings, self._policies)
        if effective < self._settings.idle_lock_minutes:
            self.policy_label.setText(self.tr(
                "Your office's policy locks after {0} minutes.").format(effective))
        else:
            self.policy_label.clear()

    def _language_changed(self, index: int) -> None:
        self._emit(self._settings.with_changes(language=self.language.itemData(index)))
        self.restart_label.setText(self.tr("The new language applies after the next unlock."))

    def _idle_changed(self, minutes: int) -> None:
        self._emit(self._settings.with_changes(idle_lock_minutes=minutes))
        self._show_policy()

    def _emit(self, settings: AppSettings) -> None:
        self._settings = settings
        self.settings_changed.emit(settings)
