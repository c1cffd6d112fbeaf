"""The ONNX detector gives ultralytics' own boxes; the cascade runs it where the recipe says."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from station.core.recipe import Recipe, RecipeError
from station.core.types import Frame, Verdict
from station.inference.cascade import Cascade
from station.inference.detector import Detector, nms
from station.training.detector import detection_arrays, export_detector, match_detections, ultralytics_predictions
from station.training.export import ExportParityError
from tests.conftest import NEU_CONF as CONF
from tests.conftest import NEU_IOU as IOU
from tests.conftest import NEU_SIZE as SIZE
from tests.conftest import NEU_WEIGHTS as WEIGHTS

HERE = Path(__file__).parent
NEU_CLASSES = ("crazing", "inclusion", "patches", "pitted_surface", "rolled-in_scale", "scratches")


def test_onnx_boxes_match_ultralytics_predictions(detector_onnx: Path, neu_images: list[np.ndarray]) -> None:
    detector = Detector(detector_onnx, device="cpu")
    assert detector.info.class_names == NEU_CLASSES and detector.info.resize == "letterbox"
    training = detector.info.training  # the card's provenance: how and when the weights were made
    assert {"epochs", "imgsz", "seed", "trained", "exported"} <= training.keys()
    assert not any(Path(str(v)).is_absolute() for v in training.values()), "no developer's paths in a model"
    expected = ultralytics_predictions(WEIGHTS, neu_images, SIZE, CONF, IOU)
    boxes_compared = 0
    for image, reference in zip(neu_images, expected, strict=True):
        dets = detector.predict(image, CONF, IOU).detections
        assert match_detections(reference, detection_arrays(dets)) == []
        boxes_compared += len(dets)
        for d in dets:  # boxes are in the source image's pixels
            assert 0 <= d.box[0] <= d.box[2] <= image.shape[1] and 0 <= d.box[1] <= d.box[3] <= image.shape[0]
            assert d.label == NEU_CLASSES[d.class_id]
    assert boxes_compared >= 20, "parity must be shown on real boxes"


def test_detector_export_refuses_a_mismatch(
    neu_images: list[np.ndarray], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import station.inference.detector as runtime

    monkeypatch.setattr(runtime, "CLASS_OFFSET", 0.0)  # class-agnostic NMS: no longer what ultralytics does
    monkeypatch.setattr(runtime, "prepare", lambda image, info: _shifted_prepare(image, info))
    out = tmp_path / "detector.onnx"
    with pytest.raises(ExportParityError, match="differs from ultralytics"):
        export_detector(WEIGHTS, out, neu_images, SIZE, confidence=CONF, iou=IOU)
    assert not out.exists()


def _shifted_prepare(image: np.ndarray, info: object) -> tuple[np.ndarray, object]:
    from station.inference.preprocess import prepare

    tensor, placement = prepare(np.roll(image, 9, axis=1), info)  # type: ignore[arg-type]
    return tensor, placement


def test_nms_keeps_best_and_drops_overlaps() -> None:
    boxes = np.array([[0, 0, 10, 10], [1, 1, 10, 10], [20, 20, 30, 30]], np.float32)
    scores = np.array([0.9, 0.8, 0.7], np.float32)
    assert nms(boxes, scores, 0.5).tolist() == [0, 2]
    assert nms(boxes, scores, 0.95).tolist() == [0, 1, 2]


def _recipe(folder: Path, tiny_recipe: Path, detector_onnx: Path, extra: str) -> Recipe:
    folder.mkdir()
    (folder / "classifier.onnx").write_bytes((tiny_recipe / "classifier.onnx").read_bytes())
    (folder / "detector.onnx").write_bytes(detector_onnx.read_bytes())
    (folder / "recipe.yaml").write_text(
        f"name: {folder.name}\nclassifier: classifier.onnx\ndetector: detector.onnx\n"
        f"detector_classes: [{', '.join(NEU_CLASSES)}]\ndetector_confidence: {CONF}\n{extra}"
    )
    return Recipe.load(folder)


def test_cascade_runs_detector_only_on_flagged_parts(
    tiny_recipe: Path, detector_onnx: Path, neu_images: list[np.ndarray], tmp_path: Path
) -> None:
    never = Cascade(_recipe(tmp_path / "never", tiny_recipe, detector_onnx, "threshold: 1.0\n"))
    always = Cascade(_recipe(tmp_path / "always", tiny_recipe, detector_onnx, "threshold: 0.0\n"))
    for i, image in enumerate(neu_images):
        ok = never.inspect(Frame("p", i, image))
        assert ok.verdict is Verdict.OK and ok.detections == () and "detector" not in ok.timings_ms
        ng = always.inspect(Frame("p", i, image))
        assert ng.verdict is Verdict.NG and "detector" in ng.timings_ms and ng.heatmap is not None
    assert sum(len(always.inspect(Frame("p", i, im)).detections) for i, im in enumerate(neu_images)) >= 20


def test_detector_only_recipe_flags_parts_with_boxes(
    detector_onnx: Path, neu_images: list[np.ndarray], tmp_path: Path
) -> None:
    folder = tmp_path / "steel"
    folder.mkdir()
    (folder / "detector.onnx").write_bytes(detector_onnx.read_bytes())
    (folder / "recipe.yaml").write_text(
        f"name: steel\ndetector: detector.onnx\ndetector_classes: [{', '.join(NEU_CLASSES)}]\n"
        f"detector_confidence: {CONF}\n"
    )
    cascade = Cascade(Recipe.load(folder))
    for i, image in enumerate(neu_images):
        result = cascade.inspect(Frame("s", i, image))
        assert (result.verdict is Verdict.NG) == bool(result.detections)
        assert result.defect_score == max((d.confidence for d in result.detections), default=0.0)


def test_recipe_with_wrong_detector_classes_is_refused(tiny_recipe: Path, detector_onnx: Path, tmp_path: Path) -> None:
    recipe = _recipe(tmp_path / "r", tiny_recipe, detector_onnx, "")
    bad = recipe.model_copy(update={"detector_classes": ("scratch", "dent")})
    with pytest.raises(RecipeError, match=r"detector\.onnx: detector classes .* do not match"):
        Cascade(bad)


def test_parity_forgives_one_input_pixel_on_tiny_boxes_and_no_more() -> None:
    reference = (np.array([[121.6, 214.3, 129.7, 237.7]], np.float32), np.array([0.48], np.float32), np.array([0]))
    shifted = (reference[0] + np.float32(1.1), reference[1], reference[2])  # IoU about 0.7 on a box 8 px wide
    assert match_detections(reference, shifted) != []
    assert match_detections(reference, shifted, pixel=1.17) == []
    far = (reference[0] + np.float32(3.0), reference[1], reference[2])
    assert match_detections(reference, far, pixel=1.17) != []


def test_a_detector_card_shows_its_measured_map(detector_onnx: Path, tmp_path: Path) -> None:
    import json
    import shutil

    from station.training.modelcard import write_model_card

    model = tmp_path / "detector.onnx"
    shutil.copy2(detector_onnx, model)
    card = write_model_card(model, "NEU surface defects", "CC BY 4.0")
    assert "Not measured yet" in card.read_text(encoding="utf-8")
    report = {"images": 24, "split": "val", "instances": 40, "map50": 0.71234, "map50_95": 0.4, "per_class": {}}
    report["per_class"] = {"crazing": {"ap50": 0.5, "ap50_95": 0.2}}
    (tmp_path / "validation_detector.json").write_text(json.dumps(report), encoding="utf-8")
    text = write_model_card(model, "NEU surface defects", "CC BY 4.0").read_text(encoding="utf-8")
    assert "| **all (mAP)** | **0.7123** | **0.4000** |" in text and "| crazing | 0.5000 | 0.2000 |" in text
    assert "CC BY 4.0" in text and "NEU surface defects" in text


def test_an_int8_detector_finds_the_float_detectors_boxes(
    detector_onnx: Path, neu_images: list[np.ndarray], tmp_path: Path
) -> None:
    """The convolutions go int8, the box decoding stays float: the same defects, named alike, in the same places."""
    from station.training.evaluate_detector import pairwise_iou
    from station.training.quantize import calibration_images, quantize_model

    def _iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
        return float(pairwise_iou(np.asarray([a], np.float32), np.asarray([b], np.float32))[0, 0])

    calibration = calibration_images(HERE / "data" / "steel_strip" / "images", 24)
    int8_path = quantize_model(detector_onnx, tmp_path / "int8.onnx", calibration)
    assert int8_path.stat().st_size < detector_onnx.stat().st_size / 2
    float_model, int8_model = Detector(detector_onnx, "cpu"), Detector(int8_path, "cpu")
    assert int8_model.info == float_model.info
    found = total = 0
    for image in neu_images:
        expected = float_model.predict(image, CONF, IOU).detections
        actual = int8_model.predict(image, CONF, IOU).detections
        for box in expected:
            total += 1
            found += any(
                other.label == box.label
                and _iou(other.box, box.box) >= 0.5
                and abs(other.confidence - box.confidence) < 0.15
                for other in actual
            )
    assert total >= 10 and found >= 0.8 * total, f"int8 found {found} of the float model's {total} boxes"


def test_quantising_without_calibration_images_is_refused(detector_onnx: Path, tmp_path: Path) -> None:
    from station.training.quantize import quantize_model

    with pytest.raises(ValueError, match="no calibration images"):
        quantize_model(detector_onnx, tmp_path / "sub" / "q.onnx", [])
    assert not (tmp_path / "sub").exists()


def test_a_detector_of_unknown_layout_is_not_quantised_blindly() -> None:
    """Only an ultralytics-named head tells which tail must stay float; anything else is refused, not guessed."""
    from onnx import TensorProto, helper

    from station.training.quantize import float_nodes

    graph = helper.make_graph(
        [helper.make_node("Identity", ["images"], ["output0"], name="Identity_0")],
        "other",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, 32, 32])],
        [helper.make_tensor_value_info("output0", TensorProto.FLOAT, [1, 3, 32, 32])],
    )
    with pytest.raises(ValueError, match="decoding head"):
        float_nodes(helper.make_model(graph), "detector")
