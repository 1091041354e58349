"""``homevisit sync enrol --ca FILE`` (issue 9 item 10) against the real server over TLS on
loopback, with a certificate from a private CA: without the CA the server is refused; with
it enrolment succeeds, the CA is kept in the encrypted store, and every later sync verifies
against it alone."""

from __future__ import annotations

import datetime as dt
import io
import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from homevisit import profiles
from homevisit.cli.main import main
from homevisit.kdf import FLOOR
from homevisit.server.app import create_app

PASSPHRASE = "correct horse battery"


def _cert(subject: str, key: ec.EllipticCurvePrivateKey, issuer: x509.Name,
          signer: ec.EllipticCurvePrivateKey, *, ca: bool) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
               .issuer_name(issuer).public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(minutes=5))
               .not_valid_after(now + dt.timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
            key_encipherment=False, data_encipherment=False, key_agreement=False,
            encipher_only=False, decipher_only=False), critical=True)
    else:
        builder = builder.add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
    return builder.sign(signer, hashes.SHA256())


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


@pytest.fixture
def tls_server(central, tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    """The central app over TLS (a private CA's certificate); → (url, CA file, other CA)."""
    ca_key, other_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(
        ec.SECP256R1())
    ca = _cert("Homevisit test CA", ca_key, x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, "Homevisit test CA")]), ca_key, ca=True)
    other = _cert("Someone else's CA", other_key, x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, "Someone else's CA")]), other_key, ca=True)
    server_key = ec.generate_private_key(ec.SECP256R1())
    server = _cert("127.0.0.1", server_key, ca.subject, ca_key, ca=False)
    (tmp_path / "ca.pem").write_bytes(_pem(ca))
    (tmp_path / "other-ca.pem").write_bytes(_pem(other))
    (tmp_path / "server.pem").write_bytes(_pem(server))
    (tmp_path / "server.key").write_bytes(server_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(central.settings, central.services), log_level="error",
                            lifespan="off", ssl_certfile=str(tmp_path / "server.pem"),
                            ssl_keyfile=str(tmp_path / "server.key"), proxy_headers=False)
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.01)
    yield f"https://127.0.0.1:{port}", tmp_path / "ca.pem", tmp_path / "other-ca.pem"
    uv.should_exit = True
    thread.join(10)
    sock.close()


def run(monkeypatch, capsys, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["--passphrase-stdin", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_enrol_with_a_pinned_ca_then_sync_over_tls(central, tls_server, monkeypatch, capsys,
                                                   tmp_path):
    url, ca, other_ca = tls_server
    monkeypatch.setenv("HOMEVISIT_LANG", "en")
    central.user("counselor", "wang")
    central.household("wang")
    profiles.create_profile("wang", PASSPHRASE, kdf_params=FLOOR)
    login = f"{PASSPHRASE}\n{central.users['wang']}\n"

    code, _, err = run(monkeypatch, capsys, "sync", "enrol", url, "wang", stdin=login)
    assert code == 1 and "certificate did not verify" in err  # not a CA this laptop trusts
    code, _, err = run(monkeypatch, capsys, "sync", "enrol", url, "wang", "--ca",
                       str(other_ca), stdin=login)
    assert code == 1 and "certificate did not verify" in err  # a CA, but not the signer
    not_pem = tmp_path / "not-a-cert.pem"
    not_pem.write_text("hello")
    code, _, err = run(monkeypatch, capsys, "sync", "enrol", url, "wang", "--ca",
                       str(not_pem), stdin=login)
    assert code == 1 and "not a PEM certificate" in err and str(tmp_path) not in err

    code, out, err = run(monkeypatch, capsys, "sync", "enrol", url, "wang", "--ca", str(ca),
                         stdin=login)
    assert code == 0, err
    ca.unlink()  # kept in the store: later syncs do not need the file
    code, out, err = run(monkeypatch, capsys, "sync", "run", stdin=f"{PASSPHRASE}\n")
    assert code == 0, err
    assert "2 received" in out
