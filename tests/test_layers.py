"""The layer rules of DESIGN.md: the live path never loads torch; only station/ui touches Qt."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

STATION = Path(__file__).resolve().parent.parent / "station"
TRAINING_ONLY = {"torch", "torchvision", "ultralytics", "pytorch_grad_cam"}
UI_ONLY = {"PySide6", "pyqtgraph"}
LIVE_MODULES = [
    "station.core",
    "station.core.paths",
    "station.inference.cascade",
    "station.inference.classifier",
    "station.inference.detector",
    "station.capture.sources",
    "station.pipeline.engine",
    "station.pipeline.sinks",
    "station.pipeline.bench",
    "station.session",
    "station.api",
    "station.cli",
    "station.cli.inspect",
]


def _imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_live_path_loads_no_torch_and_no_qt_in_a_fresh_interpreter() -> None:
    code = (
        "import importlib, json, sys\n"
        f"for name in {LIVE_MODULES!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(result.stdout))
    assert not loaded & TRAINING_ONLY, f"live path loaded {loaded & TRAINING_ONLY}"
    assert not loaded & UI_ONLY, f"live path loaded {loaded & UI_ONLY}"
    assert "onnxruntime" not in loaded, "backends load in constructors, not at import time"


def test_cascade_runs_without_torch(tiny_recipe: Path) -> None:
    code = (
        "import sys, json\n"
        "sys.modules['torch'] = None; sys.modules['ultralytics'] = None; sys.modules['PySide6'] = None\n"
        "from station.core.recipe import Recipe\n"
        "from station.inference.cascade import Cascade\n"
        "from station.core.types import Frame\n"
        "import numpy as np\n"
        f"c = Cascade(Recipe.load({str(tiny_recipe)!r}))\n"
        "r = c.inspect(Frame('x', 0, np.zeros((50, 60, 3), np.uint8)))\n"
        "print(r.verdict)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() in ("OK", "NG")


def test_heavy_and_qt_imports_stay_in_their_layers() -> None:
    offenders = []
    for path in STATION.rglob("*.py"):
        layer = path.relative_to(STATION).parts[0]
        roots = _imported_roots(path)
        if layer != "training" and roots & TRAINING_ONLY:
            offenders.append(f"{path.relative_to(STATION)} imports {sorted(roots & TRAINING_ONLY)}")
        if layer != "ui" and roots & UI_ONLY:
            offenders.append(f"{path.relative_to(STATION)} imports {sorted(roots & UI_ONLY)}")
    assert offenders == []
