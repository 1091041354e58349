"""服务台: the volunteer's page on a shared help-desk laptop.

Once a day the volunteer picks the desk from their shifts (pulled from the server; one
shift today is picked by itself). Then: the walk-in queue shared by every volunteer of this
laptop (tickets only, a file beside the profiles), the call of the next ticket, the case
screen, and the day's summary. A volunteer sees no household data at all.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from homevisit.account import AccountInfo
from homevisit.gui.coming_page import role_name
from homevisit.gui.helpdesk.case_screen import CaseScreen
from homevisit.gui.messages import core_language, error_text
from homevisit.gui.qt import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from homevisit.gui.tasks import run_in_background, run_in_store
from homevisit.helpdesk import cases, shifts
from homevisit.helpdesk.summary import DaySummary, day_summary, summary_text
from homevisit.helpdesk.tickets import Ticket, TicketQueue
from homevisit.model import DeskShift
from homevisit.protocol.vocabulary import LoanType
from homevisit.reports.helpdesk_slip import write_slip
from homevisit.workspace import Workspace

QUEUE_POLL_MS = 2000  # another volunteer (or process) may have issued or called a ticket


class HelpDeskPage(QWidget):
    """Emits :attr:`case_opened` with the case id when a called ticket's case is shown."""

    case_opened = Signal(str)
    slip_saved = Signal()

    def __init__(self, workspace: Workspace | None, account: AccountInfo | None,
                 parent: QWidget | None = None, *, today: dt.date | None = None,
                 queue: TicketQueue | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page:helpdesk")
        self.workspace, self.account = workspace, account
        self.today = today or dt.date.today()
        self.queue = queue or TicketQueue(today=self.today)
        self.shift: DeskShift | None = None
        self.case: CaseScreen | None = None
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Help desk"), self)
        heading.setObjectName("pageHeading")
        heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        layout.addWidget(heading)
        name = account.display_name if account else ""
        self.signed_in = QLabel(self.tr("Signed in as %1 (%2)").replace("%1", name)
                                .replace("%2", role_name(account)), self)
        self.signed_in.setObjectName("signedInLabel")
        layout.addWidget(self.signed_in)
        self.desk_label = QLabel(self)
        self.desk_label.setObjectName("deskLabel")
        layout.addWidget(self.desk_label)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack, 1)
        self.picker = self._build_picker()
        self.desk = self._build_desk()
        self.stack.addWidget(self.picker)
        self.stack.addWidget(self.desk)
        self.poll = QTimer(self)
        self.poll.setInterval(QUEUE_POLL_MS)
        self.poll.timeout.connect(self.refresh_queue)
        if workspace is not None:
            self.load_shifts()

    # --- the desk of the day ---------------------------------------------------------------

    def _build_picker(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.picker_note = QLabel(self.tr("Which desk are you at today?"), page)
        self.picker_note.setWordWrap(True)
        layout.addWidget(self.picker_note)
        self.shift_combo = QComboBox(page)
        self.shift_combo.setObjectName("shiftCombo")
        layout.addWidget(self.shift_combo)
        self.pick_button = QPushButton(self.tr("Start the day at this desk"), page)
        self.pick_button.setObjectName("pickShiftButton")
        self.pick_button.clicked.connect(lambda: self._pick(self.shift_combo.currentIndex()))
        layout.addWidget(self.pick_button)
        layout.addStretch(1)
        return page

    def load_shifts(self) -> None:
        assert self.workspace is not None
        run_in_store(self.workspace.store, lambda s: cases.today_shifts(s, self.today),
                     self._shifts, owner=self)

    def _shifts(self, rows: list[DeskShift]) -> None:
        self._shift_rows = rows
        self.shift_combo.clear()
        for s in rows:
            self.shift_combo.addItem(f"{s.site} · {s.hours}")
        chosen = [i for i, s in enumerate(rows) if s.picked]
        if len(rows) == 1 or chosen:  # one desk today, or picked earlier today
            self._pick(chosen[0] if chosen else 0, remember=False)
            return
        self.pick_button.setEnabled(bool(rows))
        if not rows:
            self.picker_note.setText(self.tr(
                "You have no shift today. Sync to fetch your shifts, or ask the administrator "
                "to give you one."))
        self.stack.setCurrentWidget(self.picker)

    def _pick(self, index: int, *, remember: bool = True) -> None:
        if not 0 <= index < len(self._shift_rows):
            return
        self.shift = self._shift_rows[index]
        if remember and self.workspace is not None:
            desk_id, day = self.shift.desk_id, self.today
            run_in_store(self.workspace.store, lambda s: shifts.pick(s, desk_id, day),
                         owner=self)
        self.desk_label.setText(f"{self.shift.site} · {self.today.isoformat()} · "
                                f"{self.shift.hours}")
        self.stack.setCurrentWidget(self.desk)
        self.refresh_queue()
        self.refresh_summary()
        self.poll.start()
        if self.workspace is not None:  # back to a case left open at lock or switch
            desk_id, day = self.shift.desk_id, self.today
            run_in_store(self.workspace.store,
                         lambda s: cases.unfinished_case(s, desk_id, day),
                         lambda found: self.show_case(found) if found and self.case is None
                         else None, owner=self)

    # --- the queue -------------------------------------------------------------------------

    def _build_desk(self) -> QWidget:
        page = QWidget(self)
        row = QHBoxLayout(page)
        left = QVBoxLayout()
        self.waiting_label = QLabel(page)
        self.waiting_label.setObjectName("waitingLabel")
        left.addWidget(self.waiting_label)
        self.ticket_list = QListWidget(page)
        self.ticket_list.setObjectName("ticketList")
        left.addWidget(self.ticket_list, 1)
        issue = QHBoxLayout()
        self.first_button = QPushButton(self.tr("Ticket: first loan"), page)
        self.first_button.setObjectName("issueFirstButton")
        self.first_button.clicked.connect(lambda: self.issue(LoanType.FIRST))
        self.renewal_button = QPushButton(self.tr("Ticket: renewal"), page)
        self.renewal_button.setObjectName("issueRenewalButton")
        self.renewal_button.clicked.connect(lambda: self.issue(LoanType.RENEWAL))
        issue.addWidget(self.first_button)
        issue.addWidget(self.renewal_button)
        left.addLayout(issue)
        self.call_button = QPushButton(self.tr("Call next ticket"), page)
        self.call_button.setObjectName("callButton")
        self.call_button.clicked.connect(self.call_next)
        left.addWidget(self.call_button)
        self.queue_error = QLabel(page)
        self.queue_error.setObjectName("queueError")
        self.queue_error.setStyleSheet("color: #b3261e;")
        self.queue_error.setWordWrap(True)
        left.addWidget(self.queue_error)
        self.queue_note = QLabel(page)  # good news, in the ordinary colour
        self.queue_note.setObjectName("queueNote")
        left.addWidget(self.queue_note)
        row.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Today's summary (my cases)"), page))
        self.summary_label = QLabel(page)
        self.summary_label.setObjectName("summaryLabel")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        right.addWidget(self.summary_label, 1)
        row.addLayout(right, 1)
        return page

    def refresh_queue(self) -> None:
        run_in_background(self.queue.tickets, self._tickets, owner=self)

    def _tickets(self, tickets: list[Ticket]) -> None:
        waiting = [t for t in tickets if t.state == "waiting"]
        self.waiting_label.setText(self.tr("Waiting: %1").replace("%1", str(len(waiting))))
        self.ticket_list.clear()
        for t in waiting:
            kind = self.tr("first loan") if t.loan_type is LoanType.FIRST else self.tr("renewal")
            arrived = dt.datetime.fromisoformat(t.arrived_at).astimezone()  # laptop's clock
            self.ticket_list.addItem(f"{t.number}  ·  {kind}  ·  {arrived:%H:%M}")
        self.call_button.setEnabled(bool(waiting) and self.case is None)

    def issue(self, loan_type: LoanType) -> None:
        run_in_background(lambda: self.queue.issue(loan_type), lambda _t: self.refresh_queue(),
                          owner=self)

    def call_next(self) -> None:
        """Call the longest-waiting ticket and open its case in this volunteer's store."""
        if self.shift is None or self.workspace is None or self.case is not None:
            return
        self.queue_error.clear()
        run_in_background(self.queue.call, self._called, self._call_failed, owner=self)

    def _call_failed(self, error: BaseException) -> None:
        self.queue_error.setText(error_text(error))
        self.refresh_queue()

    def _called(self, ticket: Ticket) -> None:
        assert self.workspace is not None and self.shift is not None
        shift, volunteer = self.shift, self.account.username if self.account else None
        run_in_store(self.workspace.store, lambda s: cases.open_case(
            s, shift, volunteer=volunteer or "", ticket_number=ticket.number,
            loan_type=ticket.loan_type), self.show_case, owner=self)

    def show_case(self, case_id: str) -> None:
        assert self.workspace is not None
        self.case = CaseScreen(self.workspace, case_id, self)
        self.case.closed.connect(self._case_closed)
        self.case.slip_requested.connect(self.ask_slip)
        self.stack.addWidget(self.case)
        self.stack.setCurrentWidget(self.case)
        self.case.load()
        self.call_button.setEnabled(False)
        self.case_opened.emit(case_id)

    def _case_closed(self, ticket: int) -> None:
        case, self.case = self.case, None
        if case is not None:
            self.stack.removeWidget(case)
            case.deleteLater()
        self.stack.setCurrentWidget(self.desk)
        run_in_background(lambda: self.queue.finish(ticket), lambda _: self.refresh_queue(),
                          owner=self)
        self.refresh_summary()

    # --- the slip --------------------------------------------------------------------------

    def ask_slip(self, case_id: str) -> None:
        """Where to save the slip, and the passphrase when the last one is not fresh."""
        assert self.workspace is not None
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save slip as PDF"),
                                              "slip.pdf", "PDF (*.pdf)")
        if not name:
            return
        passphrase: str | None = None
        if not self.workspace.reauth.fresh():
            text, ok = QInputDialog.getText(
                self, self.tr("What to bring next time"),
                self.tr("Enter your passphrase to print the slip. This is recorded."),
                QLineEdit.EchoMode.Password)
            if not ok or not text:
                return
            passphrase = text
        self.save_slip(case_id, Path(name), passphrase)

    def save_slip(self, case_id: str, out: Path, passphrase: str | None = None) -> None:
        assert self.workspace is not None
        workspace, lang = self.workspace, core_language()
        run_in_background(lambda: write_slip(workspace, case_id, out, lang=lang,
                                             passphrase=passphrase),
                          lambda _path: self._slip_done(), self._call_failed, owner=self)

    def _slip_done(self) -> None:
        self.queue_note.setText(self.tr("The slip was saved."))
        self.slip_saved.emit()

    # --- the day's summary -----------------------------------------------------------------

    def refresh_summary(self) -> None:
        if self.workspace is None or self.shift is None:
            return
        desk_id, day = self.shift.desk_id, self.today
        run_in_store(self.workspace.store, lambda s: day_summary(s, desk_id, day),
                     self._summary, owner=self)

    def _summary(self, summary: DaySummary) -> None:
        self.summary_label.setText(summary_text(summary, core_language()))

    def synced(self) -> None:
        """A sync ended: shifts may have arrived (the first one brings them), and a case's
        duplicate count from the server."""
        if self.workspace is None:
            return
        if self.shift is None:
            self.load_shifts()
        else:
            self.refresh_summary()
        if self.case is not None:
            self.case.refresh_notice()

    def clear(self) -> None:
        """Locking: stop polling; the case screen goes with the page."""
        self.poll.stop()
