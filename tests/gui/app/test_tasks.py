"""run_in_store / run_in_background deliver on the GUI thread and never block it."""

from __future__ import annotations

import threading

from homevisit.errors import StoreClosed
from homevisit.gui.qt import QWidget
from homevisit.gui.tasks import run_in_background, run_in_store
from homevisit.model import Household


def test_store_result_arrives_on_the_gui_thread(qtbot, workspace):
    gui = threading.current_thread()
    seen: list[tuple[int, bool]] = []

    def count(session):
        return session.query(Household).count()

    def record(n: int) -> None:
        seen.append((n, threading.current_thread() is gui))

    run_in_store(workspace.store, count, record)
    qtbot.waitUntil(lambda: seen == [(0, True)])


def test_a_closed_store_reports_store_closed_later_not_inside_the_call(qtbot, workspace):
    workspace.store.close()
    errors: list[BaseException] = []
    run_in_store(workspace.store, lambda s: 1, on_error=errors.append)
    assert errors == []  # never synchronously inside the caller
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], StoreClosed)


def test_results_for_a_destroyed_owner_are_dropped(qtbot):
    owner = QWidget()
    release = threading.Event()
    got: list[int] = []
    future = run_in_background(lambda: release.wait(5) and 7, got.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    release.set()
    future.result(5)
    done = []
    run_in_background(lambda: 1, done.append)
    qtbot.waitUntil(lambda: done == [1])  # later deliveries happen, the dropped one did not
    assert got == []


def _alive(obj) -> bool:
    from homevisit.gui.qt import qt_is_valid

    return qt_is_valid(obj)


def test_signal_emits_do_not_leak_references_to_true(qapp):
    """PySide6 6.12 on CPython 3.11 dropped a reference to True on every Signal.emit(), so
    a long session aborted with 'bool_dealloc'. pyproject pins a version without it."""
    import sys

    from homevisit.gui.qt import QObject, Signal

    class Emitter(QObject):
        changed = Signal(object)

    emitter = Emitter()
    before = sys.getrefcount(True)
    for n in range(5_000):
        emitter.changed.emit(n)
    assert sys.getrefcount(True) >= before - 10
