"""The packaged station: what station.spec ships, and how the code behaves when frozen.

The build itself (about a minute and a half) is smoke-tested by packaging/smoke.sh, not here.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from station.capture.gige import load_aravis
from station.capture.sources import SourceError
from station.core import paths

REPO = Path(__file__).resolve().parent.parent
TRAINING_ONLY = {"torch", "torchvision", "ultralytics", "pytorch_grad_cam"}


def _spec_constants() -> dict[str, object]:
    """The literal lists assigned at the top level of station.spec (it is Python, run by PyInstaller)."""
    tree = ast.parse((REPO / "station.spec").read_text(encoding="utf-8"))
    found: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                found[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                if isinstance(node.value, ast.List):  # a list with starred parts: keep its literal strings
                    found[node.targets[0].id] = [
                        elt.value
                        for elt in node.value.elts
                        if isinstance(elt, ast.Constant) and isinstance(elt.value, str)
                    ]
    return found


def _check_bundle() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_bundle", REPO / "packaging" / "check_bundle.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_spec_leaves_training_out_and_ships_no_checkpoints() -> None:
    constants = _spec_constants()
    training_only = set(constants["TRAINING_ONLY"])  # type: ignore[call-overload]
    excludes = set(constants["EXCLUDES"])  # type: ignore[call-overload]
    assert training_only >= TRAINING_ONLY
    assert "station.training" in excludes
    recipe_files = constants["RECIPE_FILES"]
    assert isinstance(recipe_files, list)
    assert "*.onnx" in recipe_files and "recipe.yaml" in recipe_files
    assert not any(pattern.endswith((".pt", ".pth", ".ckpt")) or "checkpoint" in pattern for pattern in recipe_files)


def test_frozen_paths_point_into_the_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.delenv("STATION_MODELS", raising=False)
    assert paths.install_root() == tmp_path
    assert paths.models_dir() == tmp_path / "models"
    assert paths.resources_dir() == tmp_path / "resources"
    monkeypatch.setenv("STATION_MODELS", str(tmp_path / "plant"))
    assert paths.models_dir() == tmp_path / "plant"


def test_frozen_build_without_aravis_says_gige_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setitem(sys.modules, "gi", None)  # as in a bundle built without PyGObject
    with pytest.raises(SourceError, match="GigE Vision is unavailable in this build"):
        load_aravis()


def test_bundle_check_finds_training_packages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    check_bundle = _check_bundle()
    (tmp_path / "_internal" / "onnxruntime").mkdir(parents=True)
    (tmp_path / "_internal" / "onnxruntime" / "capi.so").write_bytes(b"x")
    (tmp_path / "station").write_bytes(b"x")
    monkeypatch.setattr(check_bundle, "archived_modules", lambda _exe: ["station.cli", "numpy"])
    assert check_bundle.check(tmp_path)["forbidden_found"] == []
    (tmp_path / "_internal" / "torch" / "lib").mkdir(parents=True)
    (tmp_path / "_internal" / "torch" / "lib" / "libtorch_cpu.so").write_bytes(b"x")
    monkeypatch.setattr(check_bundle, "archived_modules", lambda _exe: ["station.training.export", "ultralytics"])
    assert check_bundle.check(tmp_path)["forbidden_found"] == [
        "libtorch_cpu.so",
        "station.training",
        "torch",
        "ultralytics",
    ]
