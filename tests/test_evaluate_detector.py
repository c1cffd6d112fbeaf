"""Detector metrics computed through the station's runtime, matched the way ultralytics matches."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from station.cli import main
from station.training.evaluate_detector import match, pointing_hit

HERE = Path(__file__).parent


def test_each_ground_truth_is_claimed_once_by_the_best_detection() -> None:
    gt_cls = np.array([0, 1])
    gt = np.array([[0, 0, 10, 10], [20, 20, 30, 30]], np.float32)
    pred_cls = np.array([0, 0, 1, 0])
    pred = np.array([[0, 0, 10, 10], [0, 0, 10, 9], [20, 20, 30, 30], [20, 20, 30, 30]], np.float32)
    correct = match(pred_cls, pred, gt_cls, gt)
    assert correct[0].all()  # perfect box
    assert not correct[1].any()  # duplicate of an already claimed object
    assert correct[2].all()  # right class
    assert not correct[3].any()  # right place, wrong class
    loose = match(np.array([0]), np.array([[0, 0, 10, 14]], np.float32), gt_cls[:1], gt[:1])
    assert loose[0, 0] and not loose[0, -1]  # IoU 0.71: correct at 0.5, not at 0.95


def test_pointing_game_hit_and_miss() -> None:
    mask = np.zeros((100, 100), np.uint8)
    mask[70:80, 70:80] = 255
    heat = np.zeros((5, 5), np.float32)
    heat[3, 3] = 1.0  # cell centred near (70, 70) in a 100 px image
    assert pointing_hit(heat, mask)
    heat = np.zeros((5, 5), np.float32)
    heat[0, 0] = 1.0
    assert not pointing_hit(heat, mask)


def test_evaluate_on_a_yolo_layout_matches_ultralytics_val(
    detector_onnx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    weights = HERE / "fixtures" / "neu_yolov8n_tiny.pt"
    recipe = tmp_path / "steel"
    recipe.mkdir()
    shutil.copy2(detector_onnx, recipe / "detector.onnx")
    names = ["crazing", "inclusion", "patches", "pitted_surface", "rolled-in_scale", "scratches"]
    (recipe / "recipe.yaml").write_text(
        f"name: steel\ndetector: detector.onnx\ndetector_classes: [{', '.join(names)}]\n"
    )
    data = tmp_path / "neu"
    shutil.copytree(HERE / "data" / "neu", data)
    out = tmp_path / "eval.json"
    assert main(["evaluate", "--recipe", str(recipe), "--data", str(data), "--json", str(out)]) == 0
    report = json.loads(out.read_text())
    assert report["images"] == 12 and report["instances"] > 12
    assert 0.0 <= report["map50_95"] <= report["map50"] <= 1.0
    assert set(report["per_class"]) <= set(names)

    os.environ.setdefault("YOLO_OFFLINE", "1")
    from ultralytics import YOLO  # type: ignore[attr-defined]

    (data / "data.yaml").write_text(f"path: {data}\ntrain: images\nval: images\nnames: {dict(enumerate(names))}\n")
    reference = YOLO(str(weights)).val(
        data=str(data / "data.yaml"),
        imgsz=160,
        batch=4,
        rect=False,
        plots=False,
        verbose=False,
        workers=0,
        project=str(tmp_path / "runs"),
    )
    # ultralytics validates with multi-label NMS; the station scores what it deploys (one label per box).
    assert report["map50"] == pytest.approx(reference.box.map50, abs=0.05)
    assert report["map50_95"] == pytest.approx(reference.box.map, abs=0.05)
