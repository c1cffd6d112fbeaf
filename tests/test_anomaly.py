"""The good-parts-only stage: trained from good parts, exported with parity, run live, boxed at the defect."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import onnx
import pytest
import torch

from station.cli import main
from station.core.recipe import Recipe, RecipeError
from station.core.types import Frame, Verdict
from station.inference.anomaly import ANOMALY_LABEL, AnomalyModel, anomaly_regions
from station.inference.cascade import Cascade
from station.training.anomaly import (
    AnomalyTrainConfig,
    choose_anomaly_threshold,
    greedy_coreset,
    load_trained_anomaly,
    split_holdout,
    to_batch,
    train_anomaly,
)
from station.training.export import ExportParityError
from station.training.export_anomaly import check_anomaly_parity, export_anomaly

SIZE = 128
DEFECT_BOX = (150, 40, 200, 90)  # x1, y1, x2, y2 in the 240 x 240 source pictures


def good_part(rng: np.random.Generator) -> np.ndarray:
    """A grey disc on a dark ground with a little sensor noise: the same product, picture after picture."""
    image = np.full((240, 240, 3), 40, np.uint8)
    cv2.circle(image, (120, 120), 100, (150, 150, 150), -1)
    cv2.circle(image, (120, 120), 40, (90, 90, 90), 6)
    noise = rng.normal(0, 3, image.shape)
    return np.clip(image + noise, 0, 255).astype(np.uint8)


def defective_part(rng: np.random.Generator) -> np.ndarray:
    image = good_part(rng)
    x1, y1, x2, y2 = DEFECT_BOX
    cv2.rectangle(image, (x1 + 10, y1 + 10), (x2 - 10, y2 - 10), (20, 20, 200), -1)  # a red stain
    return image


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny model: 10 good parts at 128 px (seconds on one core), exported as a recipe."""
    torch.set_num_threads(1)
    root = tmp_path_factory.mktemp("anomaly")
    good = root / "good"
    good.mkdir()
    rng = np.random.default_rng(0)
    for i in range(10):
        cv2.imwrite(str(good / f"good_{i:02d}.png"), good_part(rng))
    recipe = root / "tiny"
    cfg = AnomalyTrainConfig(data=good, out=recipe, image_size=SIZE, coreset=0.1, holdout=0.3, threads=1)
    summary = train_anomaly(cfg, command="station train anomaly (test)")
    assert summary["bank_images"] == 7 and summary["holdout_images"] == 3
    export_anomaly(recipe / "anomaly.pt", recipe / "anomaly.onnx", command="test")
    (recipe / "recipe.yaml").write_text("name: tiny\nanomaly: anomaly.onnx\n", encoding="utf-8")
    return recipe


def test_export_matches_torch_and_carries_its_metadata(trained: Path) -> None:
    model, saved = load_trained_anomaly(trained / "anomaly.pt")
    live = AnomalyModel(trained / "anomaly.onnx", device="cpu")
    rng = np.random.default_rng(5)
    for image in (good_part(rng), defective_part(rng)):
        out = live.predict(image)
        resized = cv2.resize(image, (SIZE, SIZE), interpolation=cv2.INTER_AREA)
        with torch.inference_mode():
            expected_map, expected_score = model(to_batch(resized[None]))
        assert abs(out.score - float(expected_score[0])) < 1e-4
        assert np.abs(out.map - expected_map[0].numpy()).max() < 1e-4
        assert out.map.shape == (SIZE // 8, SIZE // 8)
    info = live.info
    assert info.task == "anomaly" and info.input_size == (SIZE, SIZE) and info.threshold == 0.5
    assert info.training["raw_threshold"] == pytest.approx(saved["raw_threshold"])
    assert info.training["bank_rows"] == saved["bank"].shape[0] <= round(0.1 * 7 * (SIZE // 8) ** 2)
    assert "percentile" in info.training["threshold_rule"]
    # the fast graph: stride-2 pads folded into their convolutions, the search one Gemm (no N x M Sub/Add)
    ops = [n.op_type for n in onnx.load(str(trained / "anomaly.onnx")).graph.node]
    assert "Pad" not in ops and ops.count("Gemm") == 1 and "Sub" not in ops and "MatMul" not in ops


def test_a_defect_scores_above_the_threshold_and_good_parts_below(trained: Path) -> None:
    live = AnomalyModel(trained / "anomaly.onnx", device="cpu")
    rng = np.random.default_rng(11)
    good = [live.predict(good_part(rng)).score for _ in range(4)]
    bad = [live.predict(defective_part(rng)).score for _ in range(4)]
    assert max(good) < live.threshold <= min(bad), (good, bad)


def test_cascade_boxes_the_defect_and_uses_the_map_as_heatmap(trained: Path) -> None:
    cascade = Cascade(Recipe.load(trained), device="cpu")
    assert cascade.anomaly is not None and cascade.classifier is None and cascade.threshold == 0.5
    rng = np.random.default_rng(3)
    ng = cascade.inspect(Frame("bad", 0, defective_part(rng)))
    assert ng.verdict is Verdict.NG and ng.error is None
    assert ng.heatmap is not None and ng.heatmap.shape == (SIZE // 8, SIZE // 8)
    assert ng.detections and {d.label for d in ng.detections} == {ANOMALY_LABEL}
    x1, y1, x2, y2 = ng.detections[0].box
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    dx1, dy1, dx2, dy2 = DEFECT_BOX
    assert dx1 <= cx <= dx2 and dy1 <= cy <= dy2, ng.detections[0].box  # boxes are in source pixels
    ok = cascade.inspect(Frame("good", 1, good_part(rng)))
    assert ok.verdict is Verdict.OK and ok.detections == ()
    assert ok.defect_score is not None and ok.defect_score < ok.threshold == 0.5  # type: ignore[operator]
    assert set(ng.model_hashes) == {"anomaly"} and "anomaly" in ng.timings_ms


def test_a_recipe_with_a_missing_anomaly_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "recipe.yaml").write_text(f"name: {tmp_path.name}\nanomaly: missing.onnx\n", encoding="utf-8")
    with pytest.raises(RecipeError, match=r"missing\.onnx"):
        Recipe.load(tmp_path)


def test_export_is_refused_when_torch_and_onnx_disagree(trained: Path) -> None:
    model, _ = load_trained_anomaly(trained / "anomaly.pt")
    with torch.no_grad():
        model.bank.add_(0.5)  # the torch model no longer matches the file
    image = cv2.resize(good_part(np.random.default_rng(1)), (SIZE, SIZE), interpolation=cv2.INTER_AREA)
    with pytest.raises(ExportParityError, match="export refused"):
        check_anomaly_parity(model, trained / "anomaly.onnx", image[None])


def test_evaluate_reports_recall_and_auroc_on_the_mvtec_layout(
    trained: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = np.random.default_rng(8)
    for kind, make in (("good", good_part), ("stain", defective_part)):
        (tmp_path / kind).mkdir()
        for i in range(3):
            cv2.imwrite(str(tmp_path / kind / f"{i}.png"), make(rng))
    assert main(["evaluate", "--recipe", str(trained), "--data", str(tmp_path), "--device", "cpu"]) == 0
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert report["images"] == 6 and report["roc_auc"] == 1.0
    assert report["recall"] == 1.0 and report["recall_by_kind"] == {"stain": 1.0}


def test_regions_are_cut_from_the_map_in_source_pixels() -> None:
    heat = np.zeros((16, 16), np.float32)
    heat[2:5, 10:14] = 0.9
    (box,) = anomaly_regions(heat, 0.5, (800, 400))
    x1, y1, x2, y2 = box.box
    assert 10 * 50 - 60 <= x1 <= 10 * 50 + 10 and 14 * 50 - 10 <= x2 <= 14 * 50 + 60
    assert 2 * 25 - 30 <= y1 <= 2 * 25 + 5 and 5 * 25 - 5 <= y2 <= 5 * 25 + 30
    assert box.confidence == pytest.approx(0.9, abs=1e-3)
    assert anomaly_regions(heat * 0.5, 0.5, (800, 400)) == ()
    lone = np.zeros((16, 16), np.float32)
    lone[7, 3] = 0.6  # one cell just above the threshold: too small a region, yet the part is flagged
    (peak,) = anomaly_regions(lone, 0.5, (800, 400))
    assert peak.box == (150.0, 175.0, 200.0, 200.0) and peak.confidence == pytest.approx(0.6)


def test_coreset_covers_the_patches_and_the_threshold_comes_from_held_out_parts() -> None:
    rng = np.random.default_rng(0)
    centres = rng.normal(0, 10, (5, 16))
    patches = torch.from_numpy(np.concatenate([c + rng.normal(0, 0.1, (200, 16)) for c in centres])).float()
    rows = greedy_coreset(patches, 5, seed=0, projection=0)
    assert sorted(set(int(r) // 200 for r in rows)) == [0, 1, 2, 3, 4]  # one row per cluster
    bank, held = split_holdout(10, 0.2, seed=0)
    assert len(held) == 2 and not set(bank) & set(held) and len(bank) + len(held) == 10
    assert choose_anomaly_threshold(np.array([1.0, 2.0, 4.0]), 100.0, 1.1) == pytest.approx(4.4)
    with pytest.raises(ValueError):
        choose_anomaly_threshold(np.array([]), 100.0, 1.1)


def test_anomaly_stage_with_a_classifier_behind_it(trained: Path, tiny_recipe: Path, tmp_path: Path) -> None:
    """Both stages see every part; the part's heatmap, score and threshold are the anomaly stage's."""
    import shutil

    folder = tmp_path / "both"
    folder.mkdir()
    shutil.copy(trained / "anomaly.onnx", folder)
    shutil.copy(tiny_recipe / "classifier.onnx", folder)
    (folder / "recipe.yaml").write_text(
        "name: both\nanomaly: anomaly.onnx\nclassifier: classifier.onnx\nthreshold: 1.0\n", encoding="utf-8"
    )
    cascade = Cascade(Recipe.load(folder), device="cpu")
    assert cascade.anomaly_threshold == 0.5 and cascade.threshold == 1.0  # the recipe's threshold is the classifier's
    rng = np.random.default_rng(4)
    ng = cascade.inspect(Frame("bad", 0, defective_part(rng)))
    ok = cascade.inspect(Frame("good", 1, good_part(rng)))
    assert set(ng.model_hashes) == {"anomaly", "classifier"}
    assert {"anomaly", "classifier"} <= set(ng.timings_ms)
    assert {"ok", "defect", "anomaly"} <= set(ng.class_probabilities)
    assert ng.verdict is Verdict.NG and ng.threshold == 0.5 and ng.defect_score == ng.class_probabilities["anomaly"]
    assert ng.heatmap is not None and ng.heatmap.shape == (SIZE // 8, SIZE // 8)  # the anomaly map, not Grad-CAM
    assert ok.verdict is Verdict.OK  # a classifier threshold of 1.0 flags nothing, the anomaly stage passes it


def test_bench_runs_for_an_anomaly_only_recipe(trained: Path) -> None:
    from station.pipeline.bench import bench

    rng = np.random.default_rng(9)
    report = bench(Cascade(Recipe.load(trained), device="cpu"), [good_part(rng), defective_part(rng)], rounds=2)
    assert report["ng_rate"] == 0.5 and report["classifier_ms"] > 0
    assert report["providers"] == {"anomaly": "CPUExecutionProvider"}
