"""Refresh the English catalogs from the app's translatable strings, or check that they are complete.

There are two catalogs. Qt Linguist's resources/translations/planmp_en.ts contains the
screens' tr() strings. gettext's planmp_desktop/locale/en/LC_MESSAGES/planmp.po contains
the messages made below the GUI (``_()`` and ``N_()``) and the schema's field labels,
which the sheets show as column titles.

Usage::

    python scripts/update_translations.py               # rewrite both catalogs, compile the .po
    python scripts/update_translations.py --check       # list texts without English, exit 1 if any
    python scripts/update_translations.py --add FILE    # also take {pt-BR: English} from a JSON file

pyside6-lupdate finds the strings, but it names each one's context after the
class whose code contains it. PySide's ``tr()`` looks a string up under the class
of the object it is called on, and does not try base classes. So a string in
``SheetModel`` is needed under ``PlanSheetModel`` and ``BudgetSheetModel``,
and a string of a module function called with a table under ``SheetTable`` and
``FrozenTable``. ``RUNTIME_CONTEXTS`` lists those copies. The sheets' titles
and grouping names are data, not tr() calls, so they are read from the sheet
definitions. Translations are matched by context and source, then by source alone.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import os
import pkgutil
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from bootstrap import compile_po, read_po  # noqa: E402  (the install step compiles catalogs the same way)
CATALOG = ROOT / "resources" / "translations" / "planmp_en.ts"
SOURCES = sorted((ROOT / "planmp_desktop" / "gui").glob("*.py")) + [ROOT / "planmp_desktop" / "app.py"]
GETTEXT_CATALOG = ROOT / "planmp_desktop" / "locale" / "en" / "LC_MESSAGES" / "planmp.po"

# (file name, context lupdate gives) -> contexts tr() looks the string up in at run time.
RUNTIME_CONTEXTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("sheet_model.py", "SheetModel"): ("PlanSheetModel", "BudgetSheetModel"),
    ("sheet_table.py", "SheetTable"): ("SheetTable", "FrozenTable"),
    ("sheet_table.py", ""): ("SheetTable", "FrozenTable"),  # _describe(table, ...) calls table.tr
    ("sheet_views.py", "main"): ("SheetTable",),  # main.tr in FrozenColumns
    ("sheet_views.py", "parent"): ("SheetView",),  # parent.tr in build_column_menu
}


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    location: str  # "file:line" of the first place lupdate found it, or "" for kept entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only list the strings without an English text")
    parser.add_argument("--add", type=Path, help="JSON object of pt-BR source text to English text")
    args = parser.parse_args(argv)

    messages = found_messages() + definition_messages()
    known = read_catalog(CATALOG)
    added: dict[str, str] = json.loads(args.add.read_text(encoding="utf-8")) if args.add else {}
    by_source = {source: text for (_context, source), text in known.items()}
    by_source.update(added)

    translations: dict[tuple[str, str], str | None] = {}
    for message in messages:
        key = (message.context, message.source)
        translations[key] = added.get(message.source) or known.get(key) or by_source.get(message.source)
    missing = [message for message in messages if not translations[(message.context, message.source)]]
    mismatched = [
        message
        for message in messages
        if message not in missing and _markers(message.source) != _markers(translations[(message.context, message.source)] or "")
    ]

    domain_sources = gettext_messages()
    domain_known = read_po(GETTEXT_CATALOG) if GETTEXT_CATALOG.exists() else {}
    domain = {source: added.get(source) or domain_known.get(source) or "" for source in domain_sources}
    for source, text in domain.items():
        where = domain_sources[source]
        if not text:
            missing.append(Message("gettext", source, where))
        elif _markers(source) != _markers(text):
            mismatched.append(Message("gettext", source, where))

    if args.check:
        for message in missing:
            print(f"{message.location or message.context}: [{message.context}] {message.source!r} has no English text")
        for message in mismatched:
            print(f"{message.location or message.context}: [{message.context}] {message.source!r}: placeholders differ")
        total = len(messages) + len(domain)
        print(f"{total} strings, {len(missing)} without an English text, {len(mismatched)} with other placeholders")
        return 1 if missing or mismatched else 0

    write_catalog(CATALOG, messages, translations)
    write_po(GETTEXT_CATALOG, domain)
    compile_po(GETTEXT_CATALOG, GETTEXT_CATALOG.with_suffix(".mo"))
    print(f"{CATALOG.relative_to(ROOT)} and {GETTEXT_CATALOG.relative_to(ROOT)}: "
          f"{len(messages) + len(domain)} strings, {len(missing)} without an English text")
    return 0


def _markers(text: str) -> list[str]:
    """Return the placeholders ({name}, %1) and the accelerator mark of ``text``, sorted."""
    return sorted(re.findall(r"\{[^{}]*\}|%\d", text)) + ["&"] * len(re.findall(r"&(?=\w)", text))


def found_messages() -> list[Message]:
    """Run pyside6-lupdate over the GUI sources and return each string under its run-time contexts."""
    lupdate = Path(sys.executable).parent / ("pyside6-lupdate.exe" if os.name == "nt" else "pyside6-lupdate")
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder) / "scratch.ts"
        subprocess.run(
            [str(lupdate), "-silent", "-locations", "absolute", *map(str, SOURCES), "-ts", str(scratch)],
            check=True,
        )
        root = ET.parse(scratch).getroot()
    messages: dict[tuple[str, str], Message] = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for element in context.iter("message"):
            source = element.findtext("source") or ""
            location = element.find("location")
            file_name = Path(location.get("filename", "")).name if location is not None else ""
            line = location.get("line", "") if location is not None else ""
            for runtime in RUNTIME_CONTEXTS.get((file_name, name), (name,)):
                messages.setdefault((runtime, source), Message(runtime, source, f"{file_name}:{line}"))
    return list(messages.values())


def gettext_messages() -> dict[str, str]:
    """Return each ``_()`` and ``N_()`` string literal of the app and each schema label, with where it is."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "planmp_desktop").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_")):
                continue
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                found.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    sys.path.insert(0, str(ROOT))
    import planmp_desktop.domain
    from planmp_desktop.contract.schema import ENTITIES

    # Code tables (PROFILE_LABELS, STATUS_LABELS...) contain pt-BR names that screens pass through _().
    for module_info in pkgutil.iter_modules(planmp_desktop.domain.__path__):
        module = importlib.import_module(f"planmp_desktop.domain.{module_info.name}")
        for name, table in vars(module).items():
            if name.lstrip("_").isupper() and name.endswith(("_LABELS", "_NAMES")) and isinstance(table, dict):
                for text in table.values():
                    if isinstance(text, str):
                        found.setdefault(text, f"planmp_desktop/domain/{module_info.name}.py: {name}")
    for entity in ENTITIES.values():
        found.setdefault(entity.label, f"schema: {entity.name}")
        for field in entity.fields:
            found.setdefault(field.label, f"schema: {entity.name}.{field.name}")
    return found


def write_po(path: Path, translations: dict[str, str]) -> None:
    """Write a gettext catalog of ``translations`` (pt-BR source -> English), sorted by source."""
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', '"Language: en\\n"', ""]
    for source in sorted(translations):
        # JSON's escapes (\\, \", \n) are the ones .po files use.
        lines += [f"msgid {json.dumps(source, ensure_ascii=False)}", f"msgstr {json.dumps(translations[source], ensure_ascii=False)}", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def definition_messages() -> list[Message]:
    """Return the texts of the sheet definitions, which the sheets translate in the "SheetDefinition" context."""
    sys.path.insert(0, str(ROOT))
    from planmp_desktop.gui.sheet_definition import BUDGET_SHEET, PLAN_SHEET

    texts: list[str] = []
    for definition in (PLAN_SHEET, BUDGET_SHEET):
        texts += [definition.title, definition.filter_placeholder, *definition.row_noun]
        for grouping in definition.groupings:
            texts += [grouping.label, grouping.empty_label]
    return [Message("SheetDefinition", text, "sheet_definition.py") for text in dict.fromkeys(texts)]


def read_catalog(path: Path) -> dict[tuple[str, str], str]:
    """Return the finished translations of a catalog by (context, source)."""
    known: dict[tuple[str, str], str] = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for element in context.iter("message"):
            translation = element.find("translation")
            if translation is not None and translation.get("type") is None and translation.text:
                known[(name, element.findtext("source") or "")] = translation.text
    return known


def write_catalog(path: Path, messages: list[Message], translations: dict[tuple[str, str], str | None]) -> None:
    """Write the catalog sorted by context and source, so a refresh changes only what changed."""
    root = ET.Element("TS", {"version": "2.1", "language": "en", "sourcelanguage": "pt_BR"})
    contexts: dict[str, list[Message]] = {}
    for message in messages:
        contexts.setdefault(message.context, []).append(message)
    for name in sorted(contexts):
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = name
        for message in sorted(contexts[name], key=lambda item: item.source):
            element = ET.SubElement(context, "message")
            ET.SubElement(element, "source").text = message.source
            text = translations[(message.context, message.source)]
            translation = ET.SubElement(element, "translation")
            if text:
                translation.text = text
            else:
                translation.set("type", "unfinished")
    ET.indent(root, space="    ")
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + ET.tostring(root, encoding="unicode") + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    sys.exit(main())
