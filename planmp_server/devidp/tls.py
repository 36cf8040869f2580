"""Local certificate authority and server certificate for the development provider.

MSAL only accepts an https authority, so the provider serves TLS with a
certificate from a CA made with trustme. The files are created once and reused,
so a client that trusts the CA keeps trusting it after the provider restarts.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import trustme

logger = logging.getLogger(__name__)

SERVER_NAMES = ("127.0.0.1", "localhost")


@dataclass(frozen=True)
class DevTls:
    """Paths of the CA certificate, the server certificate chain and its private key (PEM)."""

    ca_file: Path
    cert_file: Path
    key_file: Path


def ensure_dev_tls(folder: Path) -> DevTls:
    """Create the CA and a server certificate for 127.0.0.1 and localhost in ``folder``, unless they exist."""
    tls = DevTls(
        ca_file=folder / "dev-ca.pem",
        cert_file=folder / "server-cert.pem",
        key_file=folder / "server-key.pem",
    )
    if tls.ca_file.exists() and tls.cert_file.exists() and tls.key_file.exists():
        return tls

    folder.mkdir(parents=True, exist_ok=True)
    ca_key_file = folder / "dev-ca-key.pem"
    if tls.ca_file.exists() and ca_key_file.exists():
        ca = trustme.CA.from_pem(tls.ca_file.read_bytes(), ca_key_file.read_bytes())
    else:
        ca = trustme.CA(organization_name="PlanMP development CA")
        tls.ca_file.write_bytes(ca.cert_pem.bytes())
        _write_private(ca_key_file, ca.private_key_pem.bytes())

    # trustme certificates are valid until the year 3000, so they are never renewed.
    server_cert = ca.issue_cert(*SERVER_NAMES)
    chain = b"".join(blob.bytes() for blob in server_cert.cert_chain_pems)
    tls.cert_file.write_bytes(chain)
    _write_private(tls.key_file, server_cert.private_key_pem.bytes())
    logger.info("Created development TLS files in %s for %s", folder, ", ".join(SERVER_NAMES))
    return tls


def _write_private(path: Path, data: bytes) -> None:
    """Write a private key readable by the owner only (the mode has no effect on Windows)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)
