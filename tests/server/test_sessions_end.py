"""Sessions end when they should (issue 9 item 6), over real HTTP on every backend: a
password reset (API or CLI) or a disable revokes every access and refresh token of the user
on every device at once; concurrent refreshes of one token have exactly one winner."""

from __future__ import annotations

import io
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from homevisit.server.cli import main

REFRESH = "/api/v1/auth/refresh"


def new_client(base_url: str, token: str | None = None) -> httpx.Client:
    headers = {"X-Homevisit-Client": "0.1.0"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.Client(base_url=base_url, headers=headers, timeout=30, trust_env=False)


def two_devices(people):
    username, password = people.user("counselor")
    return (people.login(username, password, "counselor", "laptop"),
            people.login(username, password, "counselor", "office pc"))


def assert_signed_out(device, anon) -> None:
    r = device.client.get("/api/v1/me")
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthenticated"
    r = anon.post(REFRESH, json={"refresh_token": device.refresh_token})
    assert r.status_code == 401


def test_a_password_reset_by_an_admin_signs_out_every_device(people, actor, anon):
    admin = actor("admin", team=None)
    laptop, office = two_devices(people)
    bystander = actor("counselor")
    assert laptop.client.get("/api/v1/me").status_code == 200
    r = admin.client.post(f"/api/v1/admin/users/{laptop.username}/password",
                          json={"password": "a-new-password-1"})
    assert r.status_code == 204
    assert_signed_out(laptop, anon)
    assert_signed_out(office, anon)
    assert bystander.client.get("/api/v1/me").status_code == 200
    again = people.login(laptop.username, "a-new-password-1", "counselor")
    assert again.client.get("/api/v1/me").status_code == 200


def test_disabling_by_an_admin_signs_out_every_device(people, actor, anon):
    admin = actor("admin", team=None)
    laptop, office = two_devices(people)
    r = admin.client.post(f"/api/v1/admin/users/{laptop.username}/disable")
    assert r.status_code == 200
    assert_signed_out(laptop, anon)
    assert_signed_out(office, anon)


@pytest.mark.parametrize("command", ["passwd", "disable"])
def test_the_cli_signs_out_every_device_too(people, anon, database_url, monkeypatch, command):
    laptop, office = two_devices(people)
    monkeypatch.setattr("sys.stdin", io.StringIO("another-password-2\n"))
    extra = ["--password-stdin"] if command == "passwd" else []
    assert main(["--database-url", database_url, "user", command, laptop.username,
                 *extra]) == 0
    assert_signed_out(laptop, anon)
    assert_signed_out(office, anon)


def test_concurrent_refreshes_of_one_token_have_exactly_one_winner(actor, live_server):
    counselor = actor("counselor")
    barrier = threading.Barrier(12)

    def refresh(_: int):
        with new_client(live_server.url) as client:
            barrier.wait()
            return client.post(REFRESH, json={"refresh_token": counselor.refresh_token})

    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(refresh, range(12)))
    assert sorted(r.status_code for r in answers) == [200] + [401] * 11
    [winner] = [r.json() for r in answers if r.status_code == 200]
    with new_client(live_server.url, winner["access_token"]) as client:
        assert client.get("/api/v1/me").status_code == 200
        r = client.post(REFRESH, json={"refresh_token": winner["refresh_token"]})
        assert r.status_code == 200
