"""Refresh resources/translations/kotoba_ja.ts from the sources and fill in the Japanese.

    .venv/bin/python scripts/translate.py   (then `make` builds the .qm with pyside6-lrelease)
Prints the source strings that have no translation yet and exits 1 if there are any.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from ja_strings import JA

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "kotoba_ja.ts"


def main() -> int:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "chatapp" / "ui").rglob("*.py"))
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run([str(lupdate), *sources, "-no-obsolete", "-ts", str(TS)], check=True, cwd=ROOT)
    tree = ET.parse(TS)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        if source in JA:
            translation.text = JA[source]
            translation.attrib.pop("type", None)
        else:
            missing.append(source)
    tree.getroot().set("language", "ja_JP")
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    for source in missing:
        print(f"untranslated: {source!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
