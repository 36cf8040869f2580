"""Run PlanMP's benchmark suite and print each figure beside its floor measured in the same run.

Usage: ``.venv/bin/python benchmarks/run.py [--only NAME[,NAME...]] [--rows N] [--repeat K] [--json PATH]``.
Each figure is the median of ``--repeat`` runs. Figures without a floor in
the performance table are judged on their absolute value.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# One 1920 x 1080 screen: the offscreen default of 800 x 800 is smaller than the main window.
os.environ.setdefault(
    "QT_QPA_PLATFORM", "offscreen:configfile=" + str(pathlib.Path(__file__).resolve().parents[1] / "tests" / "offscreen_screen.json")
)

from benchmarks.common import Figure, build_store, copy_store, qt_application  # noqa: E402

GROUPS = ("cold_start", "sheet", "memory", "import", "export", "sync", "million")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help=f"comma-separated groups to run, from: {', '.join(GROUPS)}")
    parser.add_argument("--rows", type=int, default=100_000, help="plan items in the sheet (default 100,000); "
                        "the million-row figure uses 10 times this")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is reported (default 3)")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--keep", action="store_true", help="keep the working folder with the stores and files")
    args = parser.parse_args(argv)

    chosen = GROUPS if not args.only else tuple(name.strip() for name in args.only.split(","))
    unknown = [name for name in chosen if name not in GROUPS]
    if unknown:
        parser.error(f"unknown group(s) {', '.join(unknown)}: use {', '.join(GROUPS)}")

    work = Path(tempfile.mkdtemp(prefix="planmp-bench-"))
    started = time.time()
    figures: list[Figure] = []
    print(f"{'figure':<22} {'value':>10} {'floor':>10} {'ratio':>7} {'target':>9}  verdict")
    try:
        for group in chosen:
            for figure in RUNNERS[group](work, args.rows, args.repeat):
                figures.append(figure)
                print(format_line(figure), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    elapsed = time.time() - started
    print(f"{len(figures)} figures in {elapsed:.0f} s")

    if args.json is not None:
        record = {
            "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
            "command": " ".join([Path(sys.executable).name, *sys.argv]),
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
            "rows": args.rows,
            "repeat": args.repeat,
            "elapsed_s": elapsed,
            "figures": [figure.as_json() for figure in figures],
        }
        args.json.write_text(json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


def format_line(figure: Figure) -> str:
    value = _quantity(figure.value, figure.unit)
    floor = _quantity(figure.floor, figure.unit) if figure.floor is not None else "—"
    ratio = f"{figure.ratio:.2f}×" if figure.ratio is not None else "—"
    if figure.target is None:
        target = "—"
    elif figure.target_kind == "ratio":
        target = f"≤ {figure.target:g}×"
    else:
        target = "≤ " + _quantity(figure.target, figure.unit)
    return f"{figure.name:<22} {value:>10} {floor:>10} {ratio:>7} {target:>9}  {figure.verdict}  {figure.notes}"


def _quantity(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s" and value < 1:
        return f"{value * 1000:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:.0f} {unit}"


# --- groups ----------------------------------------------------------------------------


def run_cold_start(work: Path, rows: int, repeat: int) -> list[Figure]:
    from benchmarks.startup import cold_start, prepare_home

    home = prepare_home(work / "home", rows)
    return [cold_start(home, repeat, rows)]


def run_memory(work: Path, rows: int, repeat: int) -> list[Figure]:
    from benchmarks.startup import memory_open, prepare_home

    home = work / "home"
    if not home.exists():
        prepare_home(home, rows)
    return [memory_open(home, repeat, rows)]


def run_sheet(work: Path, rows: int, repeat: int) -> list[Figure]:
    from benchmarks import sheet

    qt_application()
    store_path = _sheet_store(work, rows)
    figures = [sheet.open_to_first_paint(store_path, repeat)]
    opened = sheet.OpenSheet(store_path)
    try:
        figures += sheet.sort_and_filter(opened, repeat)
        figures.append(sheet.page_repaint(opened))
        figures.append(sheet.cell_edit(opened))
        figures.append(sheet.paste_block(opened, repeat))
    finally:
        opened.close()
    return figures


def run_import(work: Path, rows: int, repeat: int) -> list[Figure]:
    from benchmarks.files import import_required_writes, import_xlsx

    qt_application()  # the sheet's column parsers translate their messages through Qt
    folder = work / "import"
    folder.mkdir(exist_ok=True)
    return [import_xlsx(folder, repeat, rows), import_required_writes(folder, repeat, rows)]


def run_export(work: Path, rows: int, repeat: int) -> list[Figure]:
    from benchmarks.files import export_xlsx

    folder = work / "export"
    folder.mkdir(exist_ok=True)
    return [export_xlsx(_sheet_store(work, rows), folder, repeat)]


def run_sync(work: Path, rows: int, repeat: int) -> list[Figure]:
    from benchmarks.sync import (
        ServerProcess, incremental_sync, initial_sync, push_edits, push_required_writes, signed_in_workspace,
    )

    server = ServerProcess(work / "server", rows)
    try:
        workspace, user = signed_in_workspace(work / "client", server)
        figures = [initial_sync(workspace, user, server, repeat)]
        figures.append(incremental_sync(workspace, user, repeat))
        figures.append(push_edits(workspace, user, server, repeat))
        figures.append(push_required_writes(work, server, repeat))
        return figures
    finally:
        server.stop()


def run_million(work: Path, rows: int, repeat: int) -> list[Figure]:
    from benchmarks import sheet

    qt_application()
    store_path = build_store(work / "million.sqlite3", rows * 10)
    figures = [sheet.open_to_first_paint(store_path, repeat, name="open_sheet_million", target=None)]
    opened = sheet.OpenSheet(store_path)
    try:
        figures.append(sheet.page_repaint(opened, name="page_repaint_million", with_floor=False))
    finally:
        opened.close()
    store_path.unlink()
    return figures


def _sheet_store(work: Path, rows: int) -> Path:
    """Return a fresh copy of the filled ``rows``-item store, built once per run."""
    template = work / "template.sqlite3"
    if not template.exists():
        build_store(template, rows)
    return copy_store(template, work / f"sheet-{time.monotonic_ns()}.sqlite3")


RUNNERS: dict[str, Callable[[Path, int, int], list[Figure]]] = {
    "cold_start": run_cold_start,
    "sheet": run_sheet,
    "memory": run_memory,
    "import": run_import,
    "export": run_export,
    "sync": run_sync,
    "million": run_million,
}

if __name__ == "__main__":
    sys.exit(main())
