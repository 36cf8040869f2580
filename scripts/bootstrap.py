#!/usr/bin/env python3
"""Set up PlanMP Desktop from a fresh clone and run it.

    python3 scripts/bootstrap.py demo   # install everything, start the demo
    python3 scripts/bootstrap.py test   # install everything, run every test

Creates ``.venv`` beside the repository, installs the project with its
server and development extras, and on Debian or Ubuntu, when run as root,
installs the system libraries Qt needs with apt-get. Each step is skipped
when already done, so running it twice is cheap. Extra arguments after
``test`` go to pytest; after ``demo``, to ``planmp demo``.
"""

from __future__ import annotations

import ast
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".planmp-installed"
MIN_PYTHON = (3, 11)

# Qt's xcb and offscreen platforms on Debian 12 need these beyond the wheels;
# xvfb and imagemagick serve screenshots and GUI runs without a display.
APT_PACKAGES = [
    "libxcb-cursor0",
    "libxkbcommon-x11-0",
    "libxkbcommon0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xinerama0",
    "libxcb-xkb1",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libdbus-1-3",
    "libglib2.0-0",
    "fonts-dejavu-core",
    "xvfb",
    "xauth",
    "imagemagick",
]


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] not in ("demo", "test", "install"):
        print(__doc__)
        return 2
    if sys.version_info < MIN_PYTHON:
        print(f"PlanMP needs Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer; this is {sys.version.split()[0]}.")
        return 2

    install_system_packages()
    python = install_python_packages()
    build_translations(python)

    command, rest = argv[0], argv[1:]
    if command == "install":
        return 0
    if command == "test":
        return run([str(python), "-m", "pytest", *rest])
    return run([str(python), "-m", "planmp_desktop.cli", "demo", *rest])


def install_system_packages() -> None:
    """Install Qt's system libraries with apt-get when this is Debian/Ubuntu and we are root."""
    if not sys.platform.startswith("linux") or shutil.which("apt-get") is None:
        return
    missing = [name for name in APT_PACKAGES if not _dpkg_installed(name)]
    if not missing:
        return
    if os.geteuid() != 0:
        print("Missing system packages (install them as root): " + " ".join(missing))
        return
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print("Installing system packages: " + " ".join(missing), flush=True)
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        check=True,
        env=env,
    )


def _dpkg_installed(name: str) -> bool:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True, check=False
    )
    return result.returncode == 0 and "install ok installed" in result.stdout


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def install_python_packages() -> Path:
    """Create the virtual environment and install the project into it, once per pyproject change."""
    python = venv_python()
    if not python.exists():
        print(f"Creating the virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    fingerprint = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == fingerprint:
        return python
    print("Installing Python packages", flush=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "-e", f"{ROOT}[server,dev]"],
        check=True,
        cwd=ROOT,
    )
    STAMP.write_text(fingerprint)
    return python


def build_translations(python: Path) -> None:
    """Compile the Qt Linguist sources into .qm files, and the gettext catalogs into .mo files, beside them."""
    for catalog in sorted((ROOT / "planmp_desktop" / "locale").glob("*/LC_MESSAGES/*.po")):
        target = catalog.with_suffix(".mo")
        if not target.exists() or target.stat().st_mtime < catalog.stat().st_mtime:
            compile_po(catalog, target)
    sources = sorted((ROOT / "resources" / "translations").glob("*.ts"))
    lrelease = python.parent / ("pyside6-lrelease.exe" if os.name == "nt" else "pyside6-lrelease")
    if not sources or not lrelease.exists():
        return
    for source in sources:
        target = source.with_suffix(".qm")
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        subprocess.run([str(lrelease), "-silent", str(source), "-qm", str(target)], check=True)


def read_po(path: Path) -> dict[str, str]:
    """Return the msgid -> msgstr pairs of a .po file written by scripts/update_translations.py.

    Only what that script writes is read: one msgid and one msgstr per
    entry, each a quoted string that may continue on following quoted lines.
    """
    entries: dict[str, str] = {}
    key: str | None = None
    field = ""
    parts: dict[str, list[str]] = {"msgid": [], "msgstr": []}

    def finish() -> None:
        if parts["msgid"] or parts["msgstr"]:
            entries["".join(parts["msgid"])] = "".join(parts["msgstr"])
        parts["msgid"], parts["msgstr"] = [], []

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("msgid "):
            finish()
            field, line = "msgid", line[len("msgid "):]
        elif line.startswith("msgstr "):
            field, line = "msgstr", line[len("msgstr "):]
        if line.startswith('"') and field:
            parts[field].append(ast.literal_eval(line))
        key = field
    if key is not None:
        finish()
    return entries


def compile_po(source: Path, target: Path) -> None:
    """Write the GNU .mo file of a .po catalog, leaving out entries without a translation."""
    entries = {key: value for key, value in read_po(source).items() if value}
    keys = sorted(entries)
    ids = [key.encode("utf-8") for key in keys]
    strs = [entries[key].encode("utf-8") for key in keys]
    header_size = 7 * 4
    table_size = 8 * len(keys)
    offset = header_size + 2 * table_size
    id_table, str_table, data = [], [], b""
    for text in ids:
        id_table.append((len(text), offset + len(data)))
        data += text + b"\0"
    for text in strs:
        str_table.append((len(text), offset + len(data)))
        data += text + b"\0"
    output = struct.pack("<7I", 0x950412DE, 0, len(keys), header_size, header_size + table_size, 0, 0)
    output += b"".join(struct.pack("<2I", length, start) for length, start in id_table)
    output += b"".join(struct.pack("<2I", length, start) for length, start in str_table)
    target.write_bytes(output + data)


def run(command: list[str]) -> int:
    print("$ " + " ".join(command), flush=True)
    return subprocess.run(command, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
