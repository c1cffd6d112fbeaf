"""Keeping the app's catalogues up to date with Qt's own tools (lupdate, lrelease from PySide6-Essentials).

    uv run python -m station.ui.translations update   # catalogues follow the source, .qm compiled, gaps listed
    uv run python -m station.ui.translations check    # exit 1 when a string is missing, unfinished or stale

``update`` runs lupdate over ``station/ui`` into ``resources/translations/station_<lang>.ts``
(no line numbers, so merges do not fight over them; strings no longer in the source are
dropped), compiles each to ``.qm`` (committed, so a fresh clone and the bundle need no build
step) and lists every string still to translate. Translate them in the ``.ts`` (Qt Linguist:
``pyside6-linguist resources/translations/station_ko.ts``, or any text editor: fill
``<translation>`` and remove ``type="unfinished"``), then run ``update`` again.
"""

from __future__ import annotations

import argparse
import shutil
import string
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from station.core.paths import install_root

LANGUAGES = ("ko", "ru")  # English is the source language: it needs no catalogue


def repo_root() -> Path:
    return install_root()


def catalogue(language: str, root: Path | None = None) -> Path:
    return (root or repo_root()) / "resources" / "translations" / f"station_{language}.ts"


def sources(root: Path | None = None) -> list[Path]:
    """The files whose ``tr()`` strings the app shows: every module of ``station/ui``."""
    return sorted(((root or repo_root()) / "station" / "ui").rglob("*.py"))


def qt_tool(name: str) -> str:
    """lupdate or lrelease as shipped inside the PySide6 package (the ``pyside6-*`` scripts call these)."""
    import PySide6

    folder = Path(PySide6.__file__).parent
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}", path=str(Path(sys.executable).parent)) or shutil.which(f"pyside6-{name}")
    if found is None:
        raise FileNotFoundError(f"{name} not found in PySide6 ({folder}) nor as pyside6-{name}")
    return found


def run_lupdate(ts_files: list[Path], root: Path | None = None) -> None:
    root = root or repo_root()
    files = [str(p.relative_to(root)) for p in sources(root)]
    for ts in ts_files:
        language = ts.stem.split("_")[-1]
        command = [qt_tool("lupdate"), "-locations", "none", "-no-obsolete", "-target-language", language]
        subprocess.run([*command, *files, "-ts", str(ts)], cwd=root, check=True, capture_output=True, timeout=300)


def run_lrelease(ts: Path, qm: Path) -> None:
    command = [qt_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    translation: str
    unfinished: bool

    def fields(self, text: str) -> set[str]:
        try:
            return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
        except ValueError:
            return {"<unbalanced braces>"}


def messages(ts: Path) -> list[Message]:
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            element = message.find("translation")
            translation = "" if element is None else "".join(element.itertext())
            kind = "" if element is None else element.get("type", "")
            unfinished = kind in ("unfinished", "vanished", "obsolete") or not translation.strip()
            out.append(Message(name, message.findtext("source") or "", translation, unfinished))
    return out


def problems(ts: Path) -> list[str]:
    """Strings left to translate, and translations whose ``{fields}`` differ from the source's (they would raise)."""
    found = []
    for m in messages(ts):
        if m.unfinished:
            found.append(f"{ts.name}: unfinished [{m.context}] {m.source!r}")
        elif m.fields(m.source) != m.fields(m.translation):
            found.append(f"{ts.name}: fields differ [{m.context}] {m.source!r} -> {m.translation!r}")
    return found


def ambiguous(root: Path | None = None) -> list[str]:
    """Texts that read the same in one language but differ in another: a switch could not tell them apart.

    (``Who`` and ``operator`` both as ``작업자`` would come back from Korean as one of them.)
    """
    found: list[str] = []
    catalogues = {code: messages(catalogue(code, root)) for code in LANGUAGES if catalogue(code, root).is_file()}
    if not catalogues:
        return found
    keys = [(m.context, m.source) for m in next(iter(catalogues.values()))]
    texts = {"en": {key: key[1] for key in keys}}
    texts.update({code: {(m.context, m.source): m.translation for m in ms} for code, ms in catalogues.items()})
    for code, table in texts.items():
        readings: dict[str, set[tuple[str, ...]]] = {}
        for key, text in table.items():
            readings.setdefault(text, set()).add(tuple(t.get(key, "") for t in texts.values()))
        for text, variants in sorted(readings.items()):
            if len(variants) > 1:
                found.append(f"{code}: {text!r} stands for different texts: {sorted(variants)}")
    return found


def update(root: Path | None = None) -> list[str]:
    """lupdate, then lrelease, for every language; returns what is left to translate."""
    files = [catalogue(language, root) for language in LANGUAGES]
    files[0].parent.mkdir(parents=True, exist_ok=True)
    run_lupdate(files, root)
    left = []
    for ts in files:
        run_lrelease(ts, ts.with_suffix(".qm"))
        left += problems(ts)
    return left + ambiguous(root)


def check(root: Path | None = None) -> list[str]:
    """What ``update`` would change or still list: the committed catalogues must be complete and compiled."""
    root = root or repo_root()
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        for language in LANGUAGES:
            committed = catalogue(language, root)
            if not committed.is_file():
                found.append(f"{committed.name} is missing: run `python -m station.ui.translations update`")
                continue
            copy = Path(tmp) / committed.name
            shutil.copyfile(committed, copy)
            run_lupdate([copy], root)
            before = {(m.context, m.source) for m in messages(committed)}
            after = {(m.context, m.source) for m in messages(copy)}
            found += [f"{committed.name}: not in the catalogue [{c}] {s!r}" for c, s in sorted(after - before)]
            found += [f"{committed.name}: no longer in the source [{c}] {s!r}" for c, s in sorted(before - after)]
            found += problems(committed)
            compiled = Path(tmp) / f"station_{language}.qm"
            run_lrelease(committed, compiled)
            shipped = committed.with_suffix(".qm")
            if not shipped.is_file() or shipped.read_bytes() != compiled.read_bytes():
                found.append(f"{shipped.name} is not compiled from {committed.name}: run `... translations update`")
    return found + ambiguous(root)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m station.ui.translations", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("update", "check"))
    args = parser.parse_args(argv)
    left = update() if args.command == "update" else check()
    for line in left:
        print(line)
    counts = {language: len(messages(catalogue(language))) for language in LANGUAGES if catalogue(language).is_file()}
    summary = ", ".join(f"{language}: {n} strings" for language, n in counts.items())
    print(f"{summary}; {len(left)} to do" if left else f"{summary}; every string translated and compiled")
    return 1 if left and args.command == "check" else 0


if __name__ == "__main__":
    sys.exit(main())
