"""Retraining guard rails: no threshold from a handful of validation images, and a training folder that
is a recipe the station loads as it is."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from station.core.recipe import Recipe
from station.training.guards import (
    RecipeNameError,
    SmallValidationError,
    check_validation_split,
    write_training_recipe,
)
from tests.conftest import CASTING_SET


def test_a_two_image_validation_split_is_refused() -> None:
    labels = np.array([0, 1])
    with pytest.raises(SmallValidationError, match="1 defect and 1 OK images; at least 20 of each"):
        check_validation_split(labels)
    warning = check_validation_split(labels, allow_small=True)
    assert warning is not None and warning.startswith("SMALL VALIDATION SPLIT")
    assert check_validation_split(np.array([0] * 20 + [1] * 20)) is None
    with pytest.raises(SmallValidationError, match="19 defect and 40 OK"):
        check_validation_split(np.array([0] * 40 + [1] * 19))


def _few_reviewed_parts(folder: Path, count: int) -> Path:
    for label in ("ok", "defect"):
        (folder / label).mkdir(parents=True)
        for path in sorted((CASTING_SET / label).iterdir())[:count]:
            shutil.copy(path, folder / label / path.name)
    return folder


def test_training_on_a_handful_of_parts_stops_before_it_starts(tmp_path: Path) -> None:
    data = _few_reviewed_parts(tmp_path / "reviewed", 10)
    out = tmp_path / "run"
    result = subprocess.run(
        [sys.executable, "-m", "station.cli", "train", "classifier", "--data", str(data), "--out", str(out),
         "--epochs", "1", "--image-size", "32"],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert result.returncode != 0
    assert "2 defect and 2 OK images" in result.stderr and "--allow-small-validation" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (out / "classifier.pt").exists() and not (out / "classifier.onnx").exists()


def test_the_override_is_recorded_in_the_summary(tiny_training: Path) -> None:
    summary = json.loads((tiny_training / "training.json").read_text(encoding="utf-8"))
    assert summary["val_images"] < 40  # the tiny test set: 12 + 12
    assert summary["validation_warning"].startswith("SMALL VALIDATION SPLIT")


def test_the_training_folder_is_a_recipe(tiny_training: Path, tiny_recipe: Path, tmp_path: Path) -> None:
    out = tmp_path / "casting_v2"
    out.mkdir()
    shutil.copy(tiny_recipe / "classifier.onnx", out / "classifier.onnx")  # as `station train` exports it
    summary = json.loads((tiny_training / "training.json").read_text(encoding="utf-8"))
    path = write_training_recipe(out, summary)
    assert path == out / "recipe.yaml"
    recipe = Recipe.load(out)
    assert recipe.name == "casting_v2" and recipe.classifier == "classifier.onnx"
    assert set(recipe.models_sha256) == {"classifier.onnx"}
    assert recipe.threshold is None  # the model's own, chosen on validation
    assert "SMALL VALIDATION SPLIT" in recipe.description
    (out / "recipe.yaml").write_text("name: casting_v2\ndescription: mine\nclassifier: classifier.onnx\n")
    assert write_training_recipe(out, summary) is None  # someone's recipe is kept
    assert Recipe.load(out).description == "mine"
    unsafe = tmp_path / "Retrained Casting"
    unsafe.mkdir()
    with pytest.raises(RecipeNameError, match="cannot name a recipe"):
        write_training_recipe(unsafe, summary)
