"""What a built one-folder station holds: its size, and whether anything training-only slipped in.

    uv run --group package python packaging/check_bundle.py [dist/station]

Looks at both halves of a PyInstaller bundle: the files on disk (extension modules, shared libraries,
data) and the Python modules archived inside the executable (its PYZ). Prints one JSON line; exits 1
when a training-only package, or station.training, is in the bundle.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# Packages the live path must run without (DESIGN.md rule 3), and the station's own training layer.
FORBIDDEN = ("torch", "torchvision", "torchaudio", "ultralytics", "pytorch_grad_cam", "station.training")
# Names of shared libraries that would betray torch's native code even without its Python package.
FORBIDDEN_LIBRARIES = ("libtorch", "libc10", "libcudnn", "libcublas", "libnccl")


def archived_modules(executable: Path) -> list[str]:
    """Module names in the executable's PYZ archive (needs PyInstaller importable)."""
    from PyInstaller.archive.readers import pkg_archive_contents

    return list(pkg_archive_contents(str(executable), recursive=True))


def check(bundle: Path) -> dict[str, object]:
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    size = sum(p.lstat().st_size for p in files)
    internal = bundle / "_internal"
    found: set[str] = set()
    for path in files:
        rel = path.relative_to(internal if internal in path.parents else bundle)
        dotted = ".".join(rel.with_suffix("").parts)
        for name in FORBIDDEN:
            if dotted == name or dotted.startswith(name + "."):
                found.add(name)
        if path.name.startswith(FORBIDDEN_LIBRARIES):
            found.add(path.name)
    for module in archived_modules(executable_of(bundle)):
        for name in FORBIDDEN:
            if module == name or module.startswith(name + "."):
                found.add(name)
    return {
        "bundle": str(bundle),
        "files": len(files),
        "bytes": size,
        "mb": round(size / 1e6, 1),
        "mib": round(size / 2**20, 1),
        "forbidden_found": sorted(found),
    }


def executable_of(bundle: Path) -> Path:
    return bundle / ("station.exe" if (bundle / "station.exe").is_file() else "station")


def main(argv: list[str]) -> int:
    bundle = Path(argv[1] if len(argv) > 1 else "dist/station")
    if not executable_of(bundle).is_file():
        print(f"check_bundle: no executable in {bundle}", file=sys.stderr)
        return 2
    report = check(bundle)
    print(json.dumps(report))
    return 1 if report["forbidden_found"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
