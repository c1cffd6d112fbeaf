"""A wrong, corrupt or mismatched model is refused at load with one message naming the file."""

from __future__ import annotations

from pathlib import Path

import onnx
import pytest

from station.core.modelinfo import METADATA_KEY
from station.core.recipe import Recipe, RecipeError
from station.inference.cascade import Cascade
from station.inference.classifier import Classifier
from station.inference.detector import Detector
from station.inference.onnxmodel import ModelLoadError


def test_corrupt_model_file(recipe_copy: Path) -> None:
    model = recipe_copy / "classifier.onnx"
    model.write_bytes(model.read_bytes()[:5000])
    with pytest.raises(ModelLoadError, match=r"classifier\.onnx: not a loadable ONNX model"):
        Cascade(Recipe.load(recipe_copy))


def test_model_without_station_metadata(recipe_copy: Path) -> None:
    path = recipe_copy / "classifier.onnx"
    model = onnx.load(str(path))
    kept = [p for p in model.metadata_props if p.key != METADATA_KEY]
    del model.metadata_props[:]
    model.metadata_props.extend(kept)
    onnx.save(model, str(path))
    with pytest.raises(ModelLoadError, match=r"classifier\.onnx: the model has no station metadata"):
        Classifier(path)


def test_model_with_broken_metadata(recipe_copy: Path) -> None:
    path = recipe_copy / "classifier.onnx"
    model = onnx.load(str(path))
    for prop in model.metadata_props:
        if prop.key == METADATA_KEY:
            prop.value = prop.value.replace('"resize":"resize"', '"resize":"stretch"')
    onnx.save(model, str(path))
    with pytest.raises(ModelLoadError, match=r"classifier\.onnx: invalid station metadata"):
        Classifier(path)


def test_classifier_used_as_detector(recipe_copy: Path) -> None:
    with pytest.raises(ModelLoadError, match="is a classifier model, expected a detector"):
        Detector(recipe_copy / "classifier.onnx")


def test_recipe_with_missing_model_file(recipe_copy: Path) -> None:
    (recipe_copy / "classifier.onnx").unlink()
    with pytest.raises(RecipeError, match=r"recipe\.yaml: model file .*classifier\.onnx does not exist"):
        Recipe.load(recipe_copy)


def test_recipe_with_unknown_key(recipe_copy: Path) -> None:
    (recipe_copy / "recipe.yaml").write_text("name: tiny\nclassifier: classifier.onnx\nthreshhold: 0.5\n")
    with pytest.raises(RecipeError, match="threshhold: Extra inputs are not permitted"):
        Recipe.load(recipe_copy)


def test_recipe_threshold_overrides_the_model(recipe_copy: Path) -> None:
    (recipe_copy / "recipe.yaml").write_text("name: tiny\nclassifier: classifier.onnx\nthreshold: 0.9\n")
    assert Cascade(Recipe.load(recipe_copy)).threshold == 0.9


def test_recipe_by_name_under_models_dir(tiny_recipe: Path) -> None:
    recipe = Recipe.load(tiny_recipe.name, models_dir=tiny_recipe.parent)
    assert recipe.name == "tiny" and recipe.classifier_path == tiny_recipe / "classifier.onnx"


def test_cuda_requested_without_gpu_build(tiny_recipe: Path) -> None:
    import onnxruntime as ort

    if "CUDAExecutionProvider" in ort.get_available_providers():
        pytest.skip("this machine has the GPU build of onnxruntime")
    with pytest.raises(ModelLoadError, match="--device cuda needs the onnxruntime-gpu build"):
        Classifier(tiny_recipe / "classifier.onnx", device="cuda")
