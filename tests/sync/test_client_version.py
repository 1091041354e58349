"""One version everywhere (issue 21): the installed distribution's version is what
``homevisit --version`` prints and what every sync request says in its client-version header;
below the server's minimum the sync stops with a message that says what to do, and the
unsynced work stays on the laptop until the update."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata

from sqlalchemy import select

from homevisit import __version__
from homevisit.i18n import Text
from homevisit.model import Member
from homevisit.server.models import Policy
from homevisit.sync.errors import ClientTooOld


def test_the_version_is_the_installed_distributions():
    assert __version__ == metadata.version("homevisit")
    out = subprocess.run([sys.executable, "-m", "homevisit.cli.main", "--version"],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == f"homevisit {__version__}"


def test_below_the_minimum_sync_says_what_to_do_and_keeps_local_work(central, device):
    central.user("counselor", "wang")
    household = central.household("wang")
    d = device(central, "wang")
    assert d.sync().ok
    unsent = d.add_members(household, 2)
    with central.services.sessions.begin() as s:
        s.merge(Policy(key="min_client_version", value="99.0.0"))

    result = d.sync()

    assert not result.ok and isinstance(result.error, ClientTooOld)
    zh, en = result.error.text.zh, result.error.text.en
    assert __version__ in zh and __version__ in en
    assert "安装包" in zh and "installer" in en          # where to get it
    assert "保留" in zh and "kept" in en                 # upgrading keeps the profiles
    assert "?" not in en                                 # no placeholder shown to people
    assert d.outbox_size() == 2                          # nothing local was dropped

    with central.services.sessions.begin() as s:
        s.merge(Policy(key="min_client_version", value=__version__))
    assert d.sync().ok and d.outbox_size() == 0
    assert set(unsent) <= set(d.store.run(lambda s: s.scalars(select(Member.id)).all()))


def test_a_known_minimum_is_named_in_both_languages():
    error = ClientTooOld(minimum="2.3.0", current="2.1.0")
    assert isinstance(error.text, Text)
    assert "2.3.0" in error.text.zh and "2.1.0" in error.text.zh
    assert "2.3.0 or later" in error.text.en
