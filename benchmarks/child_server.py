"""Child process of the sync figures: the demo server over TLS on 127.0.0.1 with a given number of plan items.

Usage: ``python benchmarks/child_server.py DATA_DIR ITEM_COUNT``. It prints
``{"port": N}`` once the server accepts requests and stops when its standard
input closes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from planmp_server.demo import build_demo_app
from planmp_server.devidp.run import reserve_socket, serve_tls
from planmp_server.devidp.tls import ensure_dev_tls


def main(data_dir: Path, item_count: int) -> None:
    sock = reserve_socket(0)
    port = sock.getsockname()[1]
    app = build_demo_app("127.0.0.1", port, data_dir, item_count=item_count)
    running = serve_tls(app, ensure_dev_tls(data_dir / "tls"), sock=sock)
    sys.stdout.write(json.dumps({"port": port}) + "\n")
    sys.stdout.flush()
    try:
        sys.stdin.read()
    finally:
        running.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
