"""Refresh the translations: collect every string of the package, keep what is translated, build the .qm.

    python packaging/update_translations.py           # update the .ts files, build the .qm files
    python packaging/update_translations.py --check   # the same, then exit 1 if anything is unfinished

New strings arrive in the .ts as "unfinished"; translate them in Qt Linguist (``pyside6-linguist``) or
a text editor, then run this again. Besides running ``pyside6-lupdate`` and ``pyside6-lrelease``, it
mends what lupdate's Python parser cannot see (each fix-up below says why):

- ``tr = QCoreApplication.translate`` then ``tr("Context", "Text")``: lupdate files "Context" as the
  text and "Text" as a comment under no context; they are put back as context and text.
- ``tr(...)`` through a variable (``self.parent.tr``, a ``tr`` passed as an argument): lupdate cannot
  know the class. PySide's ``tr()`` looks a text up under every class of the object's MRO, down to
  ``QObject``, so such texts are filed under ``QObject``, where any widget finds them.
- The engine's fixed sentences (why a picture was skipped) are plain English constants in ``core``
  that the window passes to ``self.tr(reason)``; they are added under ``QObject`` as well.

Translations are kept by (context, text, comment); a text that moved to another class keeps its
translation. Texts no longer in the code are dropped (git keeps them).
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "aigc_desktop"
I18N = PACKAGE / "i18n"
LANGUAGES = ["zh_CN"]
CATALOG = "aigc_desktop"
FALLBACK_CONTEXT = "QObject"
# Engine sentences are UPPER_CASE = "A sentence." constants (see core/messages.py) in the Qt-free
# layers; every module there is read, so a new module's sentences need no list kept up to date.
ENGINE_FOLDERS = ["core", "workers"]
_USES_TR = re.compile(r"\btr\(|\btranslate\(|QT_TR(ANSLATE)?_NOOP")


@dataclass
class Message:
    context: str
    source: str
    comment: str = ""
    locations: list[tuple[str, str]] = field(default_factory=list)  # (file relative to the .ts, line)
    translation: str = ""
    finished: bool = False

    @property
    def key(self) -> tuple[str, str, str]:
        return self.context, self.source, self.comment


def source_files() -> list[Path]:
    """Every module of the package that has translatable strings."""
    return sorted(p for p in PACKAGE.rglob("*.py") if _USES_TR.search(p.read_text(encoding="utf-8")))


def run_lupdate(files: list[Path]) -> list[Message]:
    with tempfile.TemporaryDirectory() as tmp:
        ts = Path(tmp) / "fresh.ts"
        subprocess.run(["pyside6-lupdate", *map(str, files), "-ts", str(ts)], check=True,
                       stdout=subprocess.DEVNULL)
        messages = read_ts(ts)
    for m in messages:  # lupdate wrote paths relative to the temporary file: make them relative to I18N
        m.locations = [(os.path.relpath(Path(tmp, f).resolve(), I18N), line) for f, line in m.locations]
    return messages


def fix_up(messages: list[Message]) -> list[Message]:
    for m in messages:
        if m.context == "" and m.comment and m.source.isidentifier():  # tr = QCoreApplication.translate
            m.context, m.source, m.comment = m.source, m.comment, ""
        elif m.context == "" or "." in m.context:  # a tr() lupdate could not tie to a class
            m.context = FALLBACK_CONTEXT
    return messages


def engine_modules() -> list[str]:
    """The modules that may hold engine sentences, found by walking their folders."""
    names = []
    for folder in ENGINE_FOLDERS:
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def engine_sentences() -> list[Message]:
    if str(ROOT) not in sys.path:  # the checkout's package, even where it is not installed
        sys.path.insert(0, str(ROOT))
    found = []
    for module_name in engine_modules():
        module = importlib.import_module(module_name)
        path = Path(module.__file__ or "")
        text = path.read_text(encoding="utf-8")
        for name, value in vars(module).items():
            definition = re.search(rf"^{name}\s*[:=]", text, re.M)  # defined here, not imported
            # A sentence: one line with spaces (not a script or SQL template that happens to be UPPER_CASE).
            if not (name.isupper() and not name.startswith("_") and isinstance(value, str) and " " in value
                    and "\n" not in value and definition):
                continue
            line = str(text.count("\n", 0, definition.start()) + 1)
            found.append(Message(FALLBACK_CONTEXT, value, locations=[(os.path.relpath(path, I18N), line)]))
    return found


def merge(fresh: list[Message], old: list[Message]) -> tuple[list[Message], int, int]:
    """Fresh messages with the old translations; also returns how many were reused and dropped."""
    by_key = {m.key: m for m in old}
    by_text = {(m.source, m.comment): m for m in old if m.finished}
    unique: dict[tuple[str, str, str], Message] = {}
    for m in fresh:  # the same text twice in one context is one message with two locations
        if m.key in unique:
            unique[m.key].locations += m.locations
        else:
            unique[m.key] = m
    reused = 0
    for m in unique.values():
        prev = by_key.get(m.key)
        if prev is None and (m.source, m.comment) in by_text:
            prev, reused = by_text[(m.source, m.comment)], reused + 1
        if prev is not None:
            m.translation, m.finished = prev.translation, prev.finished
    dropped = len(set(by_key) - set(unique))
    return sorted(unique.values(), key=lambda m: m.context), reused, dropped


def read_ts(path: Path) -> list[Message]:
    if not path.is_file():
        return []
    out = []
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            kind = tr.get("type", "") if tr is not None else "unfinished"
            if kind in ("obsolete", "vanished"):
                continue
            out.append(Message(
                name, msg.findtext("source") or "", msg.findtext("comment") or "",
                [(loc.get("filename", ""), loc.get("line", "")) for loc in msg.iter("location")],
                (tr.text or "") if tr is not None else "", kind != "unfinished" and bool(tr is not None and tr.text)))
    return out


def write_ts(path: Path, language: str, messages: list[Message]) -> None:
    root = ET.Element("TS", version="2.1", language=language)
    contexts: dict[str, ET.Element] = {}
    for m in messages:
        if m.context not in contexts:
            contexts[m.context] = ET.SubElement(root, "context")
            ET.SubElement(contexts[m.context], "name").text = m.context
        msg = ET.SubElement(contexts[m.context], "message")
        for filename, line in m.locations:
            ET.SubElement(msg, "location", filename=filename, line=line)
        ET.SubElement(msg, "source").text = m.source
        if m.comment:
            ET.SubElement(msg, "comment").text = m.comment
        tr = ET.SubElement(msg, "translation")
        tr.text = m.translation
        if not m.finished:
            tr.set("type", "unfinished")
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def release(ts: Path) -> str:
    qm = ts.with_suffix(".qm")
    done = subprocess.run(["pyside6-lrelease", str(ts), "-qm", str(qm)], check=True, capture_output=True, text=True)
    return " ".join(line.strip() for line in done.stdout.splitlines() if "Generated" in line or "Ignored" in line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if any message is unfinished")
    args = parser.parse_args(argv)
    files = source_files()
    fresh = fix_up(run_lupdate(files)) + engine_sentences()
    unfinished_total = 0
    for language in LANGUAGES:
        ts = I18N / f"{CATALOG}_{language}.ts"
        messages, reused, dropped = merge(fresh, read_ts(ts))
        write_ts(ts, language, messages)
        unfinished = [m for m in messages if not m.finished]
        unfinished_total += len(unfinished)
        print(f"{ts.relative_to(ROOT)}: {len(messages)} messages from {len(files)} files, "
              f"{len(messages) - len(unfinished)} translated, {len(unfinished)} unfinished "
              f"({reused} reused from another context, {dropped} no longer in the code)")
        for m in unfinished[:20]:
            print(f"  unfinished [{m.context}] {m.source[:70]!r}")
        print(f"  lrelease: {release(ts)}")
    return 1 if args.check and unfinished_total else 0


if __name__ == "__main__":
    sys.exit(main())
