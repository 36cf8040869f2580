"""Child process of the sync figures: the demo server over TLS on 127.0.0.1 with a given number of plan items.

Usage: ``python benchmarks/child_server.py DATA_DIR ITEM_COUNT``. It prints
``{"port": N}`` once the server accepts requests and stops when its standard
input closes. With ``PLANMP_BENCH_PROFILE=FILE`` set, the server runs under
cProfile and writes its statistics to FILE when it stops.
"""

from __future__ import annotations

import cProfile
import json
import os
import pstats
import sys
import threading
from pathlib import Path

from planmp_server.demo import build_demo_app
from planmp_server.devidp.run import reserve_socket, serve_tls
from planmp_server.devidp.tls import ensure_dev_tls


def main(data_dir: Path, item_count: int) -> None:
    sock = reserve_socket(0)
    port = sock.getsockname()[1]
    app = build_demo_app("127.0.0.1", port, data_dir, item_count=item_count)
    profilers = _profile_new_threads() if os.environ.get("PLANMP_BENCH_PROFILE") else None
    running = serve_tls(app, ensure_dev_tls(data_dir / "tls"), sock=sock)
    sys.stdout.write(json.dumps({"port": port}) + "\n")
    sys.stdout.flush()
    try:
        sys.stdin.read()
    finally:
        running.stop()
        if profilers:
            stats = pstats.Stats(profilers[0])
            for profiler in profilers[1:]:
                stats.add(profiler)
            stats.dump_stats(os.environ["PLANMP_BENCH_PROFILE"])


def _profile_new_threads() -> list[cProfile.Profile]:
    """Run every thread started from now on (the event loop, the request workers) under its own cProfile."""
    profilers: list[cProfile.Profile] = []

    def start(*_args: object) -> None:
        # cProfile profiles the thread that enables it, so each new thread enables one of its own.
        profiler = cProfile.Profile()
        profilers.append(profiler)
        profiler.enable()

    threading.setprofile(start)
    return profilers


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
