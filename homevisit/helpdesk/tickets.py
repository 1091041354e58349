"""The walk-in queue of a shared help-desk laptop: a small file beside the profiles.

It holds tickets only — number, arrival time, first loan or renewal, and whether the ticket
has been called — never a name, an ID number or a phone: those are typed after a volunteer
calls the ticket, into that volunteer's encrypted store. So the queue survives a switch of
volunteer and a crash, and any volunteer's session (or a second app process on the same
laptop) sees the same tickets.

Every change is read-modify-write under one file lock (``filelock``: flock on POSIX,
msvcrt on Windows; released if the process dies) and written durably
(:func:`homevisit.durable.write_atomic`). A new day starts a new queue at number 1.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from pathlib import Path

from filelock import FileLock

from homevisit.durable import write_atomic
from homevisit.errors import HomevisitError
from homevisit.i18n import Text
from homevisit.paths import home_dir
from homevisit.protocol.vocabulary import LoanType

QUEUE_FILE = "helpdesk-queue.json"
FORMAT = 1


class TicketState(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class Ticket:
    number: int
    arrived_at: str  # ISO 8601, UTC
    loan_type: LoanType
    state: TicketState = TicketState.WAITING


class NoTicketWaiting(HomevisitError):
    text = Text("没有等候中的号。", "No ticket is waiting.")


class TicketTaken(HomevisitError):
    text = Text("第 {number} 号已被叫号，请叫下一个号。",
                "Ticket {number} was already called; call the next one.")


def queue_path(root: Path | None = None) -> Path:
    return (root or home_dir()) / QUEUE_FILE


class TicketQueue:
    """The day's tickets in ``path`` (default: beside the profiles)."""

    def __init__(self, path: Path | None = None, *,
                 today: dt.date | None = None) -> None:
        self.path = path or queue_path()
        self._today = today
        self._lock = FileLock(str(self.path) + ".lock")

    def day(self) -> dt.date:
        return self._today or dt.date.today()

    # --- reading and writing under the lock ---------------------------------------------

    def _read(self) -> list[Ticket]:
        try:
            doc = json.loads(self.path.read_bytes())
        except FileNotFoundError:
            return []
        except (OSError, ValueError):
            return []  # a torn or foreign file: a new queue (it holds no personal data)
        if doc.get("format") != FORMAT or doc.get("day") != self.day().isoformat():
            return []
        return [Ticket(int(t["number"]), str(t["arrived_at"]), LoanType(t["loan_type"]),
                       TicketState(t["state"])) for t in doc.get("tickets", ())]

    def _write(self, tickets: list[Ticket]) -> None:
        doc = {"format": FORMAT, "day": self.day().isoformat(),
               "tickets": [asdict(t) for t in tickets]}
        write_atomic(self.path, (json.dumps(doc, indent=1) + "\n").encode("utf-8"))

    def tickets(self) -> list[Ticket]:
        """Today's tickets, oldest first."""
        with self._lock:
            return self._read()

    def waiting(self) -> list[Ticket]:
        return [t for t in self.tickets() if t.state is TicketState.WAITING]

    # --- changes ---------------------------------------------------------------------------

    def issue(self, loan_type: LoanType, now: dt.datetime | None = None) -> Ticket:
        """A walk-in takes the next number."""
        with self._lock:
            tickets = self._read()
            number = max((t.number for t in tickets), default=0) + 1
            ticket = Ticket(number, (now or dt.datetime.now(dt.UTC)).isoformat(
                timespec="seconds"), LoanType(loan_type))
            self._write([*tickets, ticket])
            return ticket

    def call(self, number: int | None = None) -> Ticket:
        """Call ``number`` (default: the longest waiting). Two volunteers calling at once
        never get the same ticket: the lock makes one of them :class:`TicketTaken`."""
        with self._lock:
            tickets = self._read()
            waiting = [t for t in tickets if t.state is TicketState.WAITING]
            if number is None:
                if not waiting:
                    raise NoTicketWaiting()
                number = waiting[0].number
            found = next((t for t in tickets if t.number == number), None)
            if found is None or found.state is not TicketState.WAITING:
                raise TicketTaken(number=number)
            called = replace(found, state=TicketState.CALLED)
            self._write([called if t.number == number else t for t in tickets])
            return called

    def finish(self, number: int) -> None:
        """The called ticket's case is closed (it leaves the queue display)."""
        self._set(number, TicketState.DONE)

    def put_back(self, number: int) -> None:
        """A called ticket goes back to waiting (the applicant stepped out)."""
        self._set(number, TicketState.WAITING)

    def _set(self, number: int, state: TicketState) -> None:
        with self._lock:
            tickets = self._read()
            self._write([replace(t, state=state) if t.number == number else t
                         for t in tickets])
