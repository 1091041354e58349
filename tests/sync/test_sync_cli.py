"""`homevisit sync enrol|status|run|conflicts` against the real server."""

from __future__ import annotations

import io

from documentkit import AID_KINDS, publish
from sqlalchemy import update

from homevisit import profiles
from homevisit.cli.main import main
from homevisit.kdf import FLOOR
from homevisit.server.models import DataDocument

PASSPHRASE = "correct horse battery"


def run(monkeypatch, capsys, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["--passphrase-stdin", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_enrol_run_status_and_conflicts_from_the_command_line(central, monkeypatch, capsys):
    monkeypatch.setenv("HOMEVISIT_LANG", "en")
    central.user("counselor", "wang")
    central.household("wang")
    profiles.create_profile("wang", PASSPHRASE, kdf_params=FLOOR)

    code, out, _ = run(monkeypatch, capsys, "sync", "status", stdin=f"{PASSPHRASE}\n")
    assert code == 0 and "Not enrolled" in out

    code, out, _ = run(monkeypatch, capsys, "sync", "enrol", central.url, "wang",
                       stdin=f"{PASSPHRASE}\n{central.users['wang']}\n")
    assert code == 0 and "Enrolled as device" in out

    code, out, err = run(monkeypatch, capsys, "sync", "run", stdin=f"{PASSPHRASE}\n")
    assert code == 0, err
    assert "Synced: 0 sent, 2 received" in out and "pulling" in err

    code, out, _ = run(monkeypatch, capsys, "sync", "status", stdin=f"{PASSPHRASE}\n")
    assert code == 0 and central.url in out and "0 changes to send" in out

    code, out, _ = run(monkeypatch, capsys, "sync", "conflicts", stdin=f"{PASSPHRASE}\n")
    assert code == 0 and "No conflicts" in out


def test_wrong_server_password_is_reported_and_nothing_saved(central, monkeypatch, capsys):
    monkeypatch.setenv("HOMEVISIT_LANG", "en")
    central.user("counselor", "wang")
    profiles.create_profile("wang", PASSPHRASE, kdf_params=FLOOR)
    code, _, err = run(monkeypatch, capsys, "sync", "enrol", central.url, "wang",
                       stdin=f"{PASSPHRASE}\nwrong-password\n")
    assert code == 1 and "Wrong username or password" in err
    code, out, _ = run(monkeypatch, capsys, "sync", "status", stdin=f"{PASSPHRASE}\n")
    assert "Not enrolled" in out


def test_sync_run_and_status_say_which_published_document_was_refused(
        central, monkeypatch, capsys):
    monkeypatch.setenv("HOMEVISIT_LANG", "zh")
    central.user("counselor", "wang")
    profiles.create_profile("wang", PASSPHRASE, kdf_params=FLOOR)
    run(monkeypatch, capsys, "sync", "enrol", central.url, "wang",
        stdin=f"{PASSPHRASE}\n{central.users['wang']}\n")
    publish(central, AID_KINDS)
    with central.services.sessions.begin() as s:  # as a newer server release stores it
        s.execute(update(DataDocument).values(schema_version=3))

    code, out, err = run(monkeypatch, capsys, "sync", "run", stdin=f"{PASSPHRASE}\n")
    assert code == 0, err
    assert "拒收 1 份" in out
    code, out, _ = run(monkeypatch, capsys, "sync", "status", stdin=f"{PASSPHRASE}\n")
    assert code == 0
    assert "已拒收代码表 aid-kinds v1：格式版本 3 比本应用能读的 1 新，请更新应用" in out
