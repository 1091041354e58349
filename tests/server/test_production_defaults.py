"""Demo and production defaults (issue 9 item 8), over real HTTP on every backend: ``demo
seed`` makes random passwords per install and prints them; ``run --no-docs`` serves neither
``/docs`` nor ``/openapi.json``."""

from __future__ import annotations

import httpx
from test_cli import run

from homevisit.server import serve
from homevisit.server.cli import _settings, build_parser


def new_client(base_url: str, token: str | None = None) -> httpx.Client:
    headers = {"X-Homevisit-Client": "0.1.0"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.Client(base_url=base_url, headers=headers, timeout=30, trust_env=False)


def printed_logins(out: str) -> dict[str, str]:
    logins = {}
    for line in out.splitlines():
        parts = line.split()
        if line.startswith("  ") and len(parts) >= 3:
            logins[parts[1]] = parts[2]
    return logins


def test_demo_seed_prints_random_passwords_that_log_in(database_url, live_server, tmp_path,
                                                       capsys):
    assert run(database_url, "demo", "seed", "--households", "6") == 0
    here = printed_logins(capsys.readouterr().out)
    assert {"admin", "supervisor", "counselor1", "volunteer2"} <= set(here)
    elsewhere = f"sqlite:///{tmp_path / 'another-install.db'}"
    assert run(elsewhere, "init") == 0
    assert run(elsewhere, "demo", "seed", "--households", "6") == 0
    there = printed_logins(capsys.readouterr().out)
    assert set(here) == set(there)
    assert all(here[user] != there[user] for user in here)  # same seed, other passwords
    with new_client(live_server.url) as client:
        r = client.post("/api/v1/auth/login", json={
            "username": "counselor1", "password": here["counselor1"], "device_name": "demo"})
        assert r.status_code == 200
        r = client.post("/api/v1/auth/login", json={
            "username": "counselor2", "password": there["counselor2"], "device_name": "demo"})
        assert r.status_code == 401


def test_run_no_docs_turns_off_docs_and_openapi(database_url, secret_file, monkeypatch,
                                                start_server):
    base = ["--database-url", database_url, "--secret-file", str(secret_file), "run"]
    for argv, expected in ((base, 200), ([*base, "--no-docs"], 404)):
        settings = _settings(build_parser().parse_args(argv))
        monkeypatch.setenv("HOMEVISIT_SERVER_RUN", serve._encode(settings, 2))
        server = start_server(serve.app_from_environment())  # what each run worker builds
        with new_client(server.url) as client:
            assert client.get("/docs").status_code == expected
            assert client.get("/openapi.json").status_code == expected
            assert client.get("/api/v1/health").status_code == 200
