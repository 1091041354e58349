"""The unlocked app: the pages of the user's role in tabs, and the sync status bar.

Counselor: 我的家访, 日程, 同步, 设置 (with appointment reminders). Supervisor: 审核, 统计,
团队日程, 同步, 设置 (no households list, no way to start a visit). Volunteer: 服务台, 同步,
设置 (no household data at all). The role is the server's (:mod:`homevisit.account`); a sync
that brings a new role rebuilds the pages.

A shell only: each page is its own module. Built on unlock, destroyed on lock (so every
model and cached row goes with it).
"""

from __future__ import annotations

from homevisit import profiles
from homevisit.account import AccountInfo, Page, load_account, may_start_visits, pages_for
from homevisit.app_settings import AppSettings
from homevisit.gui.dashboard.page import DashboardPage
from homevisit.gui.helpdesk.page import HelpDeskPage
from homevisit.gui.households.detail import HouseholdDetailDialog
from homevisit.gui.households.page import HouseholdsPage
from homevisit.gui.messages import core_language
from homevisit.gui.planning.reminders import ReminderBanner, Reminders
from homevisit.gui.planning.requests_page import RequestsPage
from homevisit.gui.planning.schedule_page import SchedulePage
from homevisit.gui.planning.team_week_page import TeamWeekPage
from homevisit.gui.qt import (
    QKeySequence,
    QShortcut,
    QStatusBar,
    QTabWidget,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    qt_is_valid,
)
from homevisit.gui.review.queue_page import ReviewPage
from homevisit.gui.settings_page import SettingsPage
from homevisit.gui.statusbar import SyncStatus
from homevisit.gui.sync_bridge import ServiceFactory, SyncBridge
from homevisit.gui.sync_page import SyncPage
from homevisit.gui.tasks import run_in_background, run_in_store
from homevisit.reports.dashboard import Drill
from homevisit.reports.dashboard_records import HeldRecords, held_records, held_summary
from homevisit.sync.overview import SyncOverview
from homevisit.workspace import Workspace

SYNC_START_LATEST_MS = 2000  # sync starts this long after unlock even if the list fails


class MainShell(QWidget):
    """Emits :attr:`settings_changed` (from the settings page) and :attr:`policies_changed`
    (the server's policies, e.g. a lower idle lock)."""

    settings_changed = Signal(object)
    policies_changed = Signal(dict)
    pages_changed = Signal(object)  # the AccountInfo whose role's pages are now shown

    def __init__(self, workspace: Workspace, settings: AppSettings,
                 sync_factory: ServiceFactory | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.bridge = SyncBridge(workspace, sync_factory, self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.reminder_banner = ReminderBanner(self)
        layout.addWidget(self.reminder_banner)
        layout.addWidget(self.tabs)
        self._reminder_minutes = settings.reminder_minutes
        self.reminders: Reminders | None = None

        # The role's own page (one of these three) comes first; sync and settings always.
        self.households: HouseholdsPage | None = None
        self.review_page: ReviewPage | None = None
        self.helpdesk_page: HelpDeskPage | None = None
        self.schedule_page: SchedulePage | None = None
        self.team_page: TeamWeekPage | None = None
        self.dashboard_page: DashboardPage | None = None
        self.requests_page: RequestsPage | None = None
        self.sync_page = SyncPage(workspace, self.bridge, self)
        self.settings_page = SettingsPage(settings, workspace.unlocked.profile.name, self)
        self.account = workspace.account
        self.pages = pages_for(self.account.role if self.account else None)
        self.status = SyncStatus(self)
        self.status.hide()  # its labels live in the window's status bar

        for number in range(len(Page)):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number + 1}"), self)
            shortcut.activated.connect(lambda n=number: self.tabs.setCurrentIndex(n))
        QShortcut(QKeySequence.StandardKey.Find, self).activated.connect(self._find)

        self.settings_page.settings_changed.connect(self.settings_changed)
        self.settings_page.settings_changed.connect(
            lambda changed: self.set_reminder_minutes(changed.reminder_minutes))
        self.sync_page.overview_changed.connect(self._overview)
        self.bridge.progress.connect(self.status.show_progress)
        self.bridge.finished.connect(self._sync_finished)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._detail: HouseholdDetailDialog | None = None
        self._visit: QWidget | None = None
        self._review: QWidget | None = None
        self._sync_started = False
        self._started = False
        self._build_pages()
        self._relabel_profile()

    # --- the role's pages ------------------------------------------------------------------

    def _build_pages(self) -> None:
        """Tabs for :attr:`pages`; the role pages of a previous role go (with their models)."""
        self.tabs.blockSignals(True)
        self.tabs.clear()
        for old in (self.households, self.review_page, self.helpdesk_page,
                    self.dashboard_page, self.requests_page, self.schedule_page,
                    self.team_page):
            if old is not None:
                if old is not self.helpdesk_page:
                    old.clear()  # its models and cached rows go now, not at deletion
                old.hide()
                old.setParent(None)  # out of the window at once; deleted by the event loop
                old.deleteLater()
        self.households = self.review_page = self.helpdesk_page = None
        self.dashboard_page = None
        self.schedule_page = self.team_page = None
        if self.reminders is not None:
            self.reminders.stop()
            self.reminders = None
        self.requests_page = None
        for page in self.pages:
            if page is Page.HOUSEHOLDS:
                self.households = HouseholdsPage(self.workspace, self)
                self.households.open_requested.connect(self.open_household)
                self.households.visit_requested.connect(self.start_visit)
                self.tabs.addTab(self.households, self.tr("&My visits"))
            elif page is Page.REVIEW:
                self.review_page = ReviewPage(self.workspace, self.account, self)
                self.review_page.open_requested.connect(self.open_review)
                self.tabs.addTab(self.review_page, self.tr("&Review"))
            elif page is Page.SCHEDULE:
                self.schedule_page = SchedulePage(self.workspace, self)
                self.schedule_page.open_requested.connect(self.open_household)
                self.tabs.addTab(self.schedule_page, self.tr("Sc&hedule"))
                self.reminders = Reminders(self.workspace, self._reminder_minutes,
                                           self.reminder_banner, self)
            elif page is Page.TEAM_WEEK:
                self.team_page = TeamWeekPage(self.workspace, self)
                self.tabs.addTab(self.team_page, self.tr("Team &week"))
            elif page is Page.DASHBOARD:
                self.dashboard_page = DashboardPage(self.workspace, self)
                self.dashboard_page.records_requested.connect(self.open_records)
                self.tabs.addTab(self.dashboard_page, self.tr("&Dashboard"))
            elif page is Page.REQUESTS and self.account is not None:
                self.requests_page = RequestsPage(self.workspace, self.account, self)
                self.tabs.addTab(self.requests_page, self.tr("Re&quests"))
            elif page is Page.HELPDESK:
                self.helpdesk_page = HelpDeskPage(self.workspace, self.account, self)
                self.tabs.addTab(self.helpdesk_page, self.tr("&Help desk"))
            elif page is Page.SYNC:
                self.tabs.addTab(self.sync_page, self.tr("S&ync"))
            elif page is Page.SETTINGS:
                self.tabs.addTab(self.settings_page, self.tr("Se&ttings"))
        self.tabs.blockSignals(False)

    def _relabel_profile(self) -> None:
        """Bring the profile chooser's display-only label in step with the stored account
        (a sync, here or from the command line, may have changed the name or role)."""
        account, profile = self.account, self.workspace.unlocked.profile
        if account is None or (profile.display_name, profile.role) == (
                account.display_name, account.role.value):
            return
        run_in_background(lambda: profiles.set_public_label(
            profile, account.display_name, account.role.value), owner=self)

    def _account_loaded(self, account: AccountInfo | None) -> None:
        """After a sync changed the account: new role, new pages (open windows of the old
        role's pages close); the profile chooser's display-only label follows."""
        self.workspace.account = self.account = account
        self._relabel_profile()
        pages = pages_for(account.role if account else None)
        if pages != self.pages:
            for window in (self._detail, self._visit, self._review):
                if window is not None and qt_is_valid(window):  # not deleted on close
                    window.close()
            self._detail = self._visit = self._review = None
            self.pages = pages
            self._build_pages()
            if self._started and self.households is not None:
                self._start_list()
            if self._started and self.review_page is not None:
                self.review_page.refresh()
            if self._started:
                self._refresh_planning()
            if self._started and self.dashboard_page is not None:
                self.dashboard_page.refresh()
        self.pages_changed.emit(account)

    def _refresh_planning(self) -> None:
        for page in (self.schedule_page, self.team_page):
            if page is not None:
                page.refresh()
        if self.reminders is not None:
            self.reminders.check()

    def start(self) -> None:
        """Show the list, then the sync state (called once the window is up).

        The list's id query and first page of rows go to the store worker ahead of the sync
        overview, and the sync service (built on a background thread, which still holds the
        GIL while it works) is built once those rows are in: the list after unlock is what
        the counselor waits for. A list that never loads still starts sync, a little later."""
        self._started = True
        if self.review_page is not None:  # the queue from the store, offline, at once
            self.review_page.refresh()
            self.review_page.focus_search()
        self._refresh_planning()
        if self.dashboard_page is not None:  # the last figures, offline too
            self.dashboard_page.refresh()
        if self.households is None:  # nothing to show first: sync right away
            self._start_sync()
            return
        self._start_list()
        QTimer.singleShot(SYNC_START_LATEST_MS, self, self._start_sync)

    def _start_list(self) -> None:
        assert self.households is not None
        self.households.refresh()
        self.households.focus_search()
        self.households.list_shown.connect(self._list_shown)
        self.households.model.page_loaded.connect(lambda _: self._start_sync())

    def _list_shown(self, count: int) -> None:
        if count == 0:  # no rows to wait for
            self._start_sync()

    def _start_sync(self) -> None:
        if not self._sync_started:
            self._sync_started = True
            self.sync_page.refresh()
            self.bridge.prepare()

    def attach_status(self, bar: QStatusBar) -> None:
        self.status.attach(bar)

    def detach_status(self, bar: QStatusBar) -> None:
        self.status.detach(bar)

    # --- households ------------------------------------------------------------------------

    def open_household(self, household_id: str) -> None:
        if self.households is None:  # only the counselor's pages list households
            return
        if self._detail is not None:
            self._detail.close()
        self._detail = HouseholdDetailDialog(self.workspace, household_id, self)
        self._detail.visit_requested.connect(self.start_visit)
        self._detail.show()

    def set_reminder_minutes(self, minutes: int) -> None:
        """The settings page changed how long before an appointment its reminder comes."""
        self._reminder_minutes = minutes
        if self.reminders is not None:
            self.reminders.set_lead(minutes)

    def start_visit(self, household_id: str) -> None:
        """Open the visit wizard (the counselor's pages only), or say it is not there yet."""
        if self.households is None or not may_start_visits(self.account.role
                                                           if self.account else None):
            return
        from homevisit.gui.visit.wizard import VisitWizard  # loaded on the first visit only

        # The list and an open detail follow the visit's writes themselves (store_changes).
        self._visit = VisitWizard(self.workspace, household_id, self)
        self._visit.show()

    def open_review(self, visit_id: str) -> None:
        """Open a visit of the review queue (the supervisor's pages only)."""
        if self.review_page is None:
            return
        from homevisit.gui.review.window import ReviewWindow  # loaded on the first review

        if self._review is not None:
            self._review.close()
        self._review = ReviewWindow(self.workspace, visit_id, self)
        self._review.show()

    def open_records(self, drill: Drill) -> None:
        """The records behind a dashboard bar: the review queue, narrowed to the visits this
        laptop holds, saying how many of the server's count are no longer here."""
        if self.review_page is None:
            return
        lang = core_language()

        def arrived(held: HeldRecords) -> None:
            if self.review_page is None:
                return
            self.review_page.show_records(held.visit_ids,
                                          held_summary(drill, held).in_language(lang))
            self.tabs.setCurrentWidget(self.review_page)

        run_in_store(self.workspace.store, lambda s: held_records(s, drill), arrived,
                     owner=self)

    # --- sync ------------------------------------------------------------------------------

    def _overview(self, overview: SyncOverview) -> None:
        self.status.set_overview(overview)
        self.settings_page.show_overview(overview)
        self.policies_changed.emit(overview.policies)

    def _sync_finished(self, result: object) -> None:
        self.status.hide_progress()
        self.status.set_online(getattr(result, "error", None) is None)
        if self.helpdesk_page is not None:
            self.helpdesk_page.synced()
        if self.dashboard_page is not None:  # new figures (or the same, computed anew)
            self.dashboard_page.refresh()
        if getattr(result, "account_changed", False):
            run_in_store(self.workspace.store, load_account, self._account_loaded, owner=self)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.sync_page:
            self.sync_page.refresh()

    def _find(self) -> None:
        if self.review_page is not None:
            self.tabs.setCurrentWidget(self.review_page)
            self.review_page.focus_search()
        if self.households is None:
            return
        self.tabs.setCurrentWidget(self.households)
        self.households.focus_search()

    # --- locking ---------------------------------------------------------------------------

    def clear(self) -> None:
        """Drop every model's rows and close dialogs (the app is locking)."""
        for window in (self._detail, self._visit, self._review):
            # A window closed by the user may already be deleted (WA_DeleteOnClose).
            if window is not None and qt_is_valid(window):
                window.close()
        self._detail = self._visit = self._review = None
        self._sync_started = True  # locking: nothing more to start
        if self.households is not None:
            self.households.clear()
        if self.helpdesk_page is not None:
            self.helpdesk_page.clear()
        if self.review_page is not None:
            self.review_page.clear()
        for page in (self.schedule_page, self.team_page):
            if page is not None:
                page.clear()
        if self.reminders is not None:
            self.reminders.stop()
        self.reminder_banner.hide()
        if self.dashboard_page is not None:
            self.dashboard_page.clear()
        if self.requests_page is not None:
            self.requests_page.clear()

