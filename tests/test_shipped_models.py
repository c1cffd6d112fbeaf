"""Regression gate for the shipped models: what a user gets from `uv run station` must stay this good."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from station.cli import main
from station.core.paths import models_dir, resources_dir
from station.core.recipe import Recipe
from station.inference.cascade import Cascade
from station.training.evaluate import evaluate_classifier

REGRESSION_SET = Path(__file__).parent / "data" / "casting"  # 60 OK + 60 defect, from the validation split


@pytest.fixture(scope="module")
def casting() -> Cascade:
    return Cascade(Recipe.load("casting", models_dir()), device="cpu")


def test_casting_model_keeps_its_accuracy(casting: Cascade) -> None:
    assert casting.classifier is not None and casting.threshold is not None
    report = evaluate_classifier(casting.classifier, REGRESSION_SET, casting.threshold)
    assert report["images"] == 120 and not report["unreadable"]
    (_, fp), (fn, _) = report["confusion_matrix"]
    assert fn == 0, f"{fn} defective castings passed as OK"
    assert fp <= 1, f"{fp} good castings rejected"
    assert report["roc_auc"] >= 0.999


def test_casting_model_card_describes_this_model(casting: Cascade) -> None:
    assert casting.classifier is not None
    card = (models_dir() / "casting" / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert casting.classifier.sha256 in card
    assert "CC BY-NC-ND 4.0" in card
    assert f"{casting.classifier.info.threshold:.4f}" in card
    assert casting.classifier.info.training["command"].startswith("station train classifier")


def test_demo_run_gives_the_labelled_verdicts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    jsonl = tmp_path / "demo.jsonl"
    assert main(["inspect", "--recipe", "casting", "--source", "demo", "--jsonl", str(jsonl)]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    demo = sorted((resources_dir() / "demo" / "casting").iterdir())
    assert summary["parts"] == len(demo) and summary["errors"] == 0
    wrong = [
        r["source_id"]
        for r in map(json.loads, jsonl.read_text().splitlines())
        if ("cast_def" in r["source_id"]) != (r["verdict"] == "NG")
    ]
    assert len(wrong) <= 1, wrong


MAGNETIC_TILE_SET = Path(__file__).parent / "data" / "magnetic_tile"  # YOLO layout with masks, validation split
STEEL_STRIP_SET = Path(__file__).parent / "data" / "steel_strip"  # YOLO layout, validation split


@pytest.fixture(scope="module")
def magnetic_tile() -> Cascade:
    return Cascade(Recipe.load("magnetic_tile", models_dir()), device="cpu")


def test_magnetic_tile_classifier_keeps_its_recall(magnetic_tile: Cascade) -> None:
    from station.capture.imagefile import read_image

    assert magnetic_tile.classifier is not None and magnetic_tile.threshold is not None
    confusion = np.zeros((2, 2), int)
    for path in sorted((MAGNETIC_TILE_SET / "images").iterdir()):
        defect = (MAGNETIC_TILE_SET / "labels" / f"{path.stem}.txt").read_text().strip() != ""
        score = magnetic_tile.classifier.predict(read_image(path), with_heatmap=False).defect_score
        confusion[int(defect), int(score >= magnetic_tile.threshold)] += 1
    (tn, fp), (fn, tp) = confusion
    assert tn + fp == 20 and fn + tp == 23
    assert fn == 0, f"{fn} defective tiles passed as OK"  # measured: [[18, 2], [0, 23]]
    assert fp <= 2, f"{fp} good tiles rejected"


def test_magnetic_tile_detector_and_heatmap_keep_their_quality(magnetic_tile: Cascade) -> None:
    from station.training.evaluate_detector import evaluate_yolo_layout

    report = evaluate_yolo_layout(MAGNETIC_TILE_SET, magnetic_tile.detector, magnetic_tile.classifier)
    assert report["images"] == 43 and not report["unreadable"]
    assert report["map50"] >= 0.62  # measured 0.659 (int8, 7-bit weights)
    assert report["pointing_game"]["score"] >= 0.75  # measured 19 of 23 = 0.826 (10x10 atrous grid)


def test_steel_strip_detector_keeps_its_map() -> None:
    from station.training.evaluate_detector import evaluate_yolo_layout

    steel = Cascade(Recipe.load("steel_strip", models_dir()), device="cpu")
    assert steel.classifier is None and steel.recipe.detector_on == "all"
    report = evaluate_yolo_layout(STEEL_STRIP_SET, steel.detector, None)
    assert report["images"] == 36 and not report["unreadable"]
    assert report["map50"] >= 0.65  # measured 0.693


@pytest.mark.parametrize(("recipe", "map50_target"), [("magnetic_tile", 0.6), ("steel_strip", 0.70)])
def test_every_shipped_model_has_a_card_naming_it(recipe: str, map50_target: float) -> None:
    from station.inference.onnxmodel import file_sha256

    folder = models_dir() / recipe
    cards = " ".join(p.read_text(encoding="utf-8") for p in folder.glob("MODEL_CARD*.md"))
    for model in folder.glob("*.onnx"):
        assert file_sha256(model) in cards, f"{model.name} has no card"
    assert "Licence of the data" in cards
    # Honest about its target, missed or not: the card's verdict is the one the measured mAP50 gives.
    measured = json.loads((folder / "validation_detector.json").read_text(encoding="utf-8"))["map50"]
    verdict = "Met" if measured >= map50_target else "Not met"
    assert f"**{verdict}: {measured:.3f}**" in cards


# Measured: magnetic_tile passes one of its 16 demo parts wrongly (a fray), and boxes 7 of its 9 flagged parts with
# the right class (not the two cracks); steel_strip misses its two crazing parts (the weakest class, AP50 0.36) and
# boxes every other part with its own class.
@pytest.mark.parametrize(("recipe", "max_wrong"), [("magnetic_tile", 1), ("steel_strip", 2)])
def test_every_recipe_demo_runs_with_the_labelled_verdicts(
    recipe: str, max_wrong: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jsonl = tmp_path / "demo.jsonl"
    assert main(["inspect", "--recipe", recipe, "--source", "demo", "--jsonl", str(jsonl)]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    demo = sorted((resources_dir() / "demo" / recipe).iterdir())
    assert summary["parts"] == len(demo) >= 12 and summary["errors"] == 0
    records = list(map(json.loads, jsonl.read_text().splitlines()))
    expected_ng = {r["source_id"]: recipe == "steel_strip" or "_def_" in r["source_id"] for r in records}
    wrong = [r["source_id"] for r in records if expected_ng[r["source_id"]] != (r["verdict"] == "NG")]
    assert len(wrong) <= max_wrong, wrong
    flagged = [r for r in records if r["verdict"] == "NG"]
    assert 2 * sum(bool(r["detections"]) for r in flagged) >= len(flagged)  # flagged parts get named and boxed


def test_shipped_int8_models_give_the_same_verdicts_on_every_x86_cpu() -> None:
    """8-bit weights saturate on CPUs without VNNI (the casting classifier: 83 false rejects of 575 on an
    AVX2-only machine, none on a VNNI one); 7-bit weights cannot."""
    from tests.test_training_units import int8_weight_range

    int8_models = [p for p in models_dir().glob("*/*.onnx") if p.stat().st_size < 0.5 * _float_size(p)]
    assert {p.parent.name for p in int8_models} >= {"casting", "magnetic_tile"}
    for model in int8_models:
        low, high = int8_weight_range(model)
        assert low >= -64 and high <= 64, f"{model}: int8 weights span {low}..{high}"


def _float_size(model: Path) -> int:
    """What the model would weigh in float32: four bytes per weight of its initialisers."""
    import onnx

    return sum(4 * int(np.prod(t.dims)) for t in onnx.load(str(model)).graph.initializer)
