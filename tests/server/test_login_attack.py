"""Login under attack (issue 9 item 5), over real HTTP on every backend: failed logins are
limited per account across addresses and per address across accounts, counted atomically in
the database (so two servers on one database count together); X-Forwarded-For counts only
from a trusted proxy; password checks beyond the gate wait, then get 503 with Retry-After;
a disabled account answers exactly like a wrong password."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from homevisit.server.app import build_services, create_app
from homevisit.server.models import LoginLimit, User
from homevisit.server.ratelimit import account_key
from homevisit.server.security import Passwords
from homevisit.server.services import Services
from homevisit.server.settings import ServerSettings

LOGIN = "/api/v1/auth/login"


def new_client(base_url: str, token: str | None = None) -> httpx.Client:
    headers = {"X-Homevisit-Client": "0.1.0"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.Client(base_url=base_url, headers=headers, timeout=30, trust_env=False)


def attempt(client: httpx.Client, username: str, password: str = "wrong-password",
            forwarded_for: str | None = None) -> httpx.Response:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(LOGIN, headers=headers, json={
        "username": username, "password": password, "device_name": "laptop"})


@pytest.fixture
def serve(settings: ServerSettings, start_server) -> Iterator[Callable[..., tuple[Services, Any]]]:
    """``serve(**overrides)`` → another server on the test's database, settings changed."""
    made: list[Services] = []

    def start(**overrides: Any) -> tuple[Services, Any]:
        changed = dataclasses.replace(settings, **overrides)
        made.append(build_services(changed))
        return made[-1], start_server(create_app(changed, made[-1]))

    yield start
    for services in made:
        services.engine.dispose()


def test_an_account_is_limited_across_addresses(people, serve):
    username, password = people.user("counselor")
    _, server = serve(trusted_proxies=("127.0.0.1",))  # so each guess comes from elsewhere
    with new_client(server.url) as client:
        codes = [attempt(client, username, forwarded_for=f"203.0.113.{i}").status_code
                 for i in range(1, 6)]
        assert codes == [401] * 5
        r = attempt(client, username, password, forwarded_for="198.51.100.7")
    assert r.status_code == 429 and r.json()["error"]["code"] == "too_many_attempts"
    assert int(r.headers["Retry-After"]) > 0


def test_an_address_is_limited_across_accounts_and_a_forged_forwarded_for_is_ignored(serve):
    _, server = serve(login_max_failures_per_address=4)  # no trusted proxy: the peer counts
    with new_client(server.url) as client:
        codes = [attempt(client, f"nobody{i}", forwarded_for=f"203.0.113.{i}").status_code
                 for i in range(6)]
    assert codes == [401, 401, 401, 401, 429, 429]


def test_two_servers_on_one_database_count_together(people, serve):
    username, _ = people.user("counselor")
    _, first = serve()
    _, second = serve()
    with new_client(first.url) as a, new_client(second.url) as b:
        codes = [attempt(client, username).status_code for client in (a, b, a, b, a)]
        assert codes == [401] * 5
        assert attempt(b, username).status_code == 429
        assert attempt(a, username).status_code == 429


def test_parallel_guesses_cannot_slip_past_the_limit(people, live_server):
    username, _ = people.user("counselor")
    barrier = threading.Barrier(16)

    def guess(_: int) -> int:
        with new_client(live_server.url) as client:
            barrier.wait()
            return attempt(client, username).status_code

    with ThreadPoolExecutor(16) as pool:
        codes = list(pool.map(guess, range(16)))
    assert sorted(set(codes)) == [401, 429]
    assert codes.count(401) == 5  # exactly the allowance, however the requests interleave


def test_a_right_password_clears_the_account_count(people, live_server, anon):
    username, password = people.user("counselor")
    for _ in range(4):
        assert attempt(anon, username).status_code == 401
    assert attempt(anon, username, password).status_code == 200
    assert [attempt(anon, username).status_code for _ in range(5)] == [401] * 5


def test_a_disabled_account_answers_exactly_like_a_wrong_password(people, services, anon):
    disabled, password = people.user("counselor")
    other, _ = people.user("counselor")
    with services.sessions.begin() as s:
        s.execute(update(User).where(User.username == disabled).values(disabled=True))
    right_but_disabled = attempt(anon, disabled, password)
    wrong = attempt(anon, other, "not-the-password")
    assert right_but_disabled.status_code == wrong.status_code == 401
    assert right_but_disabled.json() == wrong.json()
    # and it counts like one: five of them lock the account like five wrong passwords
    for _ in range(4):
        attempt(anon, disabled, password)
    assert attempt(anon, disabled, password).status_code == 429


class HeldPasswords(Passwords):
    """Password checks that wait until the test lets them finish (the gate's occupant)."""

    def __init__(self, inner: Passwords) -> None:
        self.__dict__.update(inner.__dict__)
        self.entered = threading.Semaphore(0)
        self.release = threading.Event()

    def verify(self, stored_hash: str | None, password: str) -> bool:
        self.entered.release()
        self.release.wait(30)
        return super().verify(stored_hash, password)


def test_password_checks_past_the_gate_wait_briefly_then_get_503(people, serve):
    username, _ = people.user("counselor")
    services, server = serve(login_concurrency=1, login_queue_seconds=0.3)
    held = HeldPasswords(services.passwords)
    services.passwords = held
    with ThreadPoolExecutor(1) as pool, new_client(server.url) as one, \
            new_client(server.url) as other:
        try:
            first = pool.submit(attempt, one, username)
            assert held.entered.acquire(timeout=30)  # the one check allowed is running
            busy = attempt(other, "someone-else")
        finally:
            held.release.set()
        assert first.result().status_code == 401
        assert busy.status_code == 503 and busy.json()["error"]["code"] == "server_busy"
        assert int(busy.headers["Retry-After"]) > 0
        assert attempt(other, "someone-else").status_code == 401  # the gate is free again


def test_counters_of_finished_windows_are_swept(people, services, anon):
    username, _ = people.user("counselor")
    for _ in range(5):
        attempt(anon, username)
    assert attempt(anon, "someone-else").status_code == 401
    with services.sessions.begin() as s:
        s.execute(update(LoginLimit).where(LoginLimit.key == account_key(username)).values(
            window_start=dt.datetime.now(dt.UTC) - services.settings.login_window))
    with services.sessions.begin() as s:
        assert services.limits.prune(s) == 1
    with services.sessions() as s:
        left = set(s.execute(select(LoginLimit.key)).scalars())
    assert account_key("someone-else") in left and account_key(username) not in left
    assert attempt(anon, username).status_code == 401  # its window is over: guessing again


def test_behind_a_chain_of_trusted_proxies_the_nearest_outside_address_counts(serve):
    _, server = serve(trusted_proxies=("127.0.0.1", "10.0.0.0/8"),
                      login_max_failures_per_address=2)
    with new_client(server.url) as client:
        # a client may prepend anything; the proxies append what they saw
        codes = [attempt(client, f"nobody{i}", forwarded_for=f"{forged}, 203.0.113.9, "
                                                             f"10.0.{i}.1").status_code
                 for i, forged in enumerate(["1.1.1.1", "2.2.2.2", "3.3.3.3"])]
        assert codes == [401, 401, 429]
        assert attempt(client, "nobody9", forwarded_for="198.51.100.1, 10.0.0.1"
                       ).status_code == 401
