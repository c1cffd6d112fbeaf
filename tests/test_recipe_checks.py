"""Recipes and models checked before they run: strict settings, safe names, paths kept inside the recipe,
model hashes, and metadata that must agree with the graph (issue 17, items 5, 6, 8 and 12)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from station.core.recipe import Recipe, RecipeError, file_sha256, recipe_fingerprint
from station.inference.cascade import Cascade
from station.inference.classifier import Classifier
from station.inference.detector import Detector
from station.inference.onnxmodel import ModelLoadError
from tests.onnx_tiny import classifier_meta, write_classifier, write_detector

REPO = Path(__file__).resolve().parent.parent


def _recipe(folder: Path, body: str, model: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if model:
        write_classifier(folder / "classifier.onnx")
    (folder / "recipe.yaml").write_text(body)
    return folder


@pytest.mark.parametrize("value", ["true", "'0.5'", "1.5", ".nan", "[0.5]"])
def test_a_threshold_is_strictly_a_number_from_0_to_1(tmp_path: Path, value: str) -> None:
    folder = _recipe(tmp_path / "part", f"name: part\nclassifier: classifier.onnx\nthreshold: {value}\n")
    with pytest.raises(RecipeError, match="threshold: ") as refused:
        Recipe.load(folder)
    assert "\n" not in str(refused.value)


def test_integer_thresholds_still_read_as_numbers(tmp_path: Path) -> None:
    folder = _recipe(tmp_path / "part", "name: part\nclassifier: classifier.onnx\nthreshold: 1\n")
    assert Recipe.load(folder).threshold == 1.0


@pytest.mark.parametrize("name", ["../../../x", "a/b", ".hidden", "x" * 65, "sp ace", "'ü'"])
def test_unsafe_recipe_names_are_refused(tmp_path: Path, name: str) -> None:
    folder = _recipe(tmp_path / "part", f"name: {json.dumps(name)}\nclassifier: classifier.onnx\n")
    with pytest.raises(RecipeError, match="name: String should match pattern"):
        Recipe.load(folder)


def test_a_recipe_name_must_be_its_folder_name(tmp_path: Path) -> None:
    folder = _recipe(tmp_path / "casting_copy", "name: casting\nclassifier: classifier.onnx\n")
    with pytest.raises(RecipeError, match="name 'casting' differs from its folder's name 'casting_copy'"):
        Recipe.load(folder)


def test_model_paths_stay_inside_the_recipe_folder(tmp_path: Path) -> None:
    write_classifier(tmp_path / "elsewhere" / "classifier.onnx")
    folder = _recipe(tmp_path / "part", "name: part\nclassifier: ../elsewhere/classifier.onnx\n", model=False)
    with pytest.raises(RecipeError, match="lies outside the recipe folder"):
        Recipe.load(folder)
    absolute = _recipe(tmp_path / "abs", f"name: abs\nclassifier: {tmp_path / 'elsewhere' / 'classifier.onnx'}\n")
    with pytest.raises(RecipeError, match="lies outside the recipe folder"):
        Recipe.load(absolute)
    (tmp_path / "link").mkdir()
    (tmp_path / "link" / "classifier.onnx").symlink_to(tmp_path / "elsewhere" / "classifier.onnx")
    (tmp_path / "link" / "recipe.yaml").write_text("name: link\nclassifier: classifier.onnx\n")
    with pytest.raises(RecipeError, match="lies outside the recipe folder"):
        Recipe.load(tmp_path / "link")


def test_a_directory_given_as_a_model_is_named_as_such(tmp_path: Path) -> None:
    folder = _recipe(tmp_path / "part", "name: part\nclassifier: models\n", model=False)
    (folder / "models").mkdir()
    with pytest.raises(RecipeError, match="models is a directory, not an ONNX file"):
        Recipe.load(folder)
    with pytest.raises(ModelLoadError, match="is a directory, not an ONNX model file"):
        Classifier(folder / "models", "cpu")


def test_a_changed_model_file_is_refused_by_its_sha256(tmp_path: Path) -> None:
    folder = _recipe(tmp_path / "part", "")
    digest = file_sha256(folder / "classifier.onnx")
    (folder / "recipe.yaml").write_text(
        f"name: part\nclassifier: classifier.onnx\nmodels_sha256:\n  classifier.onnx: {digest}\n"
    )
    assert Recipe.load(folder).models_sha256 == {"classifier.onnx": digest}
    data = bytearray((folder / "classifier.onnx").read_bytes())
    data[-40] ^= 0xFF  # one flipped byte in the weights
    (folder / "classifier.onnx").write_bytes(bytes(data))
    refused = r"classifier\.onnx: does not match its SHA-256 in the recipe's models_sha256"
    recipe = Recipe.load(folder)  # reading the settings hashes nothing: the models are checked where they load
    with pytest.raises(RecipeError, match=refused):
        Cascade(recipe, "cpu")  # on the very bytes the session was made from, read once
    with pytest.raises(RecipeError, match=refused):
        recipe.check_model_files()
    with pytest.raises(ModelLoadError, match="metadata is not readable text"):  # without a manifest: a clear refusal
        Classifier(folder / "classifier.onnx", "cpu")


def test_the_manifest_lists_only_the_recipe_models(tmp_path: Path) -> None:
    folder = _recipe(
        tmp_path / "part", f"name: part\nclassifier: classifier.onnx\nmodels_sha256:\n  x.onnx: {'a' * 64}\n"
    )
    with pytest.raises(RecipeError, match=r"models_sha256 lists .x\.onnx."):
        Recipe.load(folder)


@pytest.mark.parametrize("name", ["casting", "magnetic_tile", "steel_strip"])
def test_shipped_recipes_carry_and_pass_their_model_hashes(name: str) -> None:
    recipe = Recipe.load(name, REPO / "models")
    assert set(recipe.models_sha256) == set(recipe.model_paths())
    assert recipe_fingerprint(recipe)["models"] == recipe.models_sha256


def test_the_fingerprint_follows_the_threshold_and_the_model_bytes(tmp_path: Path) -> None:
    folder = _recipe(tmp_path / "part", "name: part\nclassifier: classifier.onnx\nthreshold: 0.5\n")
    before = recipe_fingerprint(Recipe.load(folder))
    (folder / "recipe.yaml").write_text("name: part\nclassifier: classifier.onnx\nthreshold: 0.9\n")
    write_classifier(folder / "classifier.onnx", classifier_meta(threshold=0.1))
    after = recipe_fingerprint(Recipe.load(folder))
    assert before["threshold"] == 0.5 and after["threshold"] == 0.9
    assert before["models"]["classifier.onnx"] != after["models"]["classifier.onnx"]


def test_a_broken_yaml_recipe_is_refused_on_one_line(tmp_path: Path) -> None:
    folder = _recipe(tmp_path / "part", "name: part\nclassifier: [classifier.onnx\n  threshold: : 0.5\n")
    with pytest.raises(RecipeError, match="cannot read recipe") as refused:
        Recipe.load(folder)
    assert "\n" not in str(refused.value)


# -- model metadata against the graph ------------------------------------------------------


@pytest.mark.parametrize(
    ("meta", "size", "classes", "message"),
    [
        (classifier_meta(input_size=[64, 64]), (32, 32), 2, r"metadata input_size \[64, 64\] does not match"),
        (classifier_meta(input_size=[100000, 100000]), (32, 32), 2, "input_size must be 1 to 4096 px"),
        (classifier_meta(std=[0.0, 0.25, 0.25]), (32, 32), 2, "std must be finite and above 0"),
        (classifier_meta(std=[-1.0, 0.25, 0.25]), (32, 32), 2, "std must be finite and above 0"),
        (classifier_meta(), (32, 32), 3, "has shape .* metadata lists 2 classes"),
        (classifier_meta(class_names=["ok", "ok"], positive_class="ok"), (32, 32), 2, "class_names must be distinct"),
        (classifier_meta(input_size="big"), (32, 32), 2, "input_size: "),
    ],
)
def test_metadata_that_disagrees_with_the_graph_is_refused_at_load(
    tmp_path: Path, meta: dict[str, object], size: tuple[int, int], classes: int, message: str
) -> None:
    path = write_classifier(tmp_path / "classifier.onnx", meta, size, classes)
    with pytest.raises(ModelLoadError, match=message) as refused:
        Classifier(path, "cpu")
    assert "\n" not in str(refused.value)


def test_std_nan_in_json_is_refused(tmp_path: Path) -> None:
    text = json.dumps(classifier_meta()).replace("[0.25, 0.25, 0.25]", "[NaN, 0.25, 0.25]")
    with pytest.raises(ModelLoadError, match="std must be finite"):
        Classifier(write_classifier(tmp_path / "classifier.onnx", text), "cpu")


def test_detector_classes_must_match_its_head(tmp_path: Path) -> None:
    meta = classifier_meta(task="detector", class_names=["a", "b"], positive_class=None)
    with pytest.raises(ModelLoadError, match="output has 5 classes, metadata lists 2"):
        Detector(write_detector(tmp_path / "detector.onnx", meta, channels=9), "cpu")
    ok = Detector(write_detector(tmp_path / "good.onnx", meta, channels=6), "cpu")
    assert ok.predict(np.full((40, 40, 3), 90, np.uint8)).detections == ()


def test_a_good_tiny_model_still_loads_and_warms_up(tmp_path: Path) -> None:
    model = Classifier(write_classifier(tmp_path / "classifier.onnx"), "cpu")
    model.warm_up()
    assert model.predict(np.full((50, 40, 3), 120, np.uint8)).probabilities.shape == (2,)


# -- paths read from the database ----------------------------------------------------------


def test_export_dataset_refuses_image_paths_outside_the_archive(tmp_path: Path) -> None:
    from station.history.archive import ImageArchive
    from station.history.dataset import export_reviewed
    from station.history.store import HistoryStore

    store = HistoryStore(f"sqlite:///{tmp_path / 'h.db'}")
    archive = ImageArchive(tmp_path / "archive")
    (tmp_path / "archive" / "2026").mkdir(parents=True)
    (tmp_path / "archive" / "2026" / "good.jpg").write_bytes(b"jpeg")
    (tmp_path / "secret.jpg").write_bytes(b"secret")
    now = dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC)
    rows = []
    for i, (path, recipe) in enumerate(
        [("2026/good.jpg", "../../../evil"), ("../secret.jpg", "casting"), (str(tmp_path / "secret.jpg"), "casting")]
    ):
        rows.append(
            {
                "uid": f"u{i}",
                "inspected_at": now,
                "station_id": "s",
                "line": "l",
                "recipe": recipe,
                "model_hashes": {},
                "source": "x",
                "frame_id": i,
                "verdict": "NG",
                "detections": [],
                "timings_ms": {},
                "image_path": path,
                "review": "pending",
            }
        )
    store.add_inspections(rows)
    for i in range(3):
        store.decide(f"u{i}", "false_reject", "lee", "s")
    out = tmp_path / "out"
    counts = export_reviewed(store, archive, out, [])
    assert counts["ok"] == 1 and counts["refused_paths"] == 2
    written = [p for p in tmp_path.rglob("*") if p.is_file() and "evil" in p.name]
    assert written and all(p.parent == out / "ok" for p in written)
    assert not any(p.read_bytes() == b"secret" for p in out.rglob("*") if p.is_file())


def test_a_broken_settings_file_is_refused_on_one_line(tmp_path: Path) -> None:
    from station.core.config import ConfigError, StationConfig

    path = tmp_path / "station.yaml"
    path.write_text("station_id: a\nhistory: {db: [x\n  line: : 2\n")
    with pytest.raises(ConfigError, match="cannot read settings") as refused:
        StationConfig.load(path)
    assert "\n" not in str(refused.value)
