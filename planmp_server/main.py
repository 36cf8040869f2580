"""Command-line entry of the reference central API: ``python -m planmp_server.main``."""

from __future__ import annotations

import argparse
import logging

import uvicorn

from planmp_server.app import create_app
from planmp_server.config import ServerSettings

log = logging.getLogger(__name__)


def serve(
    settings: ServerSettings,
    host: str = "127.0.0.1",
    port: int = 8000,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
) -> None:
    """Run the API with uvicorn until interrupted; TLS when a certificate and key are given."""
    app = create_app(settings)
    log.info("PlanMP API listening on %s:%d (TLS %s)", host, port, "on" if ssl_certfile else "off")
    uvicorn.run(app, host=host, port=port, ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile, log_level="info")


def main() -> None:
    parser = argparse.ArgumentParser(description="PlanMP reference central API (settings from PLANMP_* variables)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="TCP port to listen on")
    parser.add_argument("--ssl-certfile", help="PEM certificate chain for HTTPS")
    parser.add_argument("--ssl-keyfile", help="PEM private key for HTTPS")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    serve(ServerSettings.from_env(), arguments.host, arguments.port, arguments.ssl_certfile, arguments.ssl_keyfile)


if __name__ == "__main__":
    main()
