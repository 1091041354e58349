"""GUI test set-up shared by tests/gui/app (shell) and tests/gui/visit (the visit wizard).

Qt runs offscreen (tests/conftest.py). Every test gets its own HOMEVISIT_HOME, so a profile
made here is fresh and encrypted; Argon2id runs at the floor parameters to keep it fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from homevisit import profiles
from homevisit.kdf import FLOOR
from homevisit.model import Household, Member
from homevisit.store import Store
from homevisit.workspace import Workspace

PASSPHRASE = "correct horse battery"


@pytest.fixture
def profile(_isolated_home) -> profiles.Profile:
    """A fresh encrypted profile called 测试 with :data:`PASSPHRASE`, its store created."""
    made = profiles.create_profile("测试", PASSPHRASE, kdf_params=FLOOR)
    with profiles.unlock(made, PASSPHRASE) as unlocked:
        Store.open(made.store_path, bytes(unlocked.key), create=True).close()
    return made


@pytest.fixture
def workspace(profile) -> Iterator[Workspace]:
    """The unlocked workspace of :func:`profile` (closed after the test)."""
    ws = Workspace.open(profile, PASSPHRASE)
    yield ws
    ws.close()


def seed_households(ws: Workspace, rows: list[tuple[str, str, str]]) -> list[str]:
    """Add households of (guardian name, resident id, address); returns their ids in order."""

    def add(session) -> list[str]:
        ids = []
        for index, (name, id_number, address) in enumerate(rows):
            household = Household(region_code="320826", address=address,
                                  due_date=dt.date(2026, 12, 1) + dt.timedelta(days=index))
            session.add(household)
            session.add(Member(household=household, name=name, relation="父亲",
                               id_number=id_number, is_guardian=True, phone="13812341234"))
            ids.append(household.id)
        return ids

    return ws.store.run(add)


@pytest.fixture
def app_window(qtbot, profile):
    """The app's real window over a fresh profile, shown offscreen; shut down afterwards."""
    from homevisit.app_settings import AppSettings
    from homevisit.gui.window import AppWindow

    window = AppWindow(AppSettings(last_profile_id=profile.id))
    qtbot.addWidget(window)
    window.show()
    yield window
    window.shutdown_now()


def unlock_window(qtbot, window, passphrase: str = PASSPHRASE):
    """Type the passphrase and press Enter as a user would; wait for the shell."""
    from homevisit.gui.qt import Qt

    screen = window.unlock_screen
    screen.passphrase.clear()
    qtbot.keyClicks(screen.passphrase, passphrase)
    with qtbot.waitSignal(window.unlocked_shell, timeout=15_000):
        qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    return window.shell


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """The reference server with the seeded demo county on loopback, shared by the GUI tests
    (each test enrols its own device and profile in its own HOMEVISIT_HOME)."""
    from homevisit.demo.server import DemoServer

    with DemoServer(tmp_path_factory.mktemp("demo-server"), households=40) as server:
        yield server
    server.delay_seconds = 0.0


@pytest.fixture
def chinese_ui(qapp):
    """The app's Chinese translations (and Qt's own) for one test; the suite otherwise runs
    untranslated, so they are removed afterwards."""
    import os

    from homevisit.gui import messages, translations
    from homevisit.gui.qt import QCoreApplication

    assert "app" in translations.install("zh_CN")
    yield
    for translator in translations._installed:
        QCoreApplication.instance().removeTranslator(translator)
    translations._installed.clear()
    messages.set_language("zh_CN")
    os.environ["HOMEVISIT_LANG"] = "zh"
