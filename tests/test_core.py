"""Typed results keep their invariants, so nothing downstream sees a half-made record."""

from __future__ import annotations

import json

import numpy as np
import pytest

from station.core.modelinfo import ModelInfo
from station.core.types import Detection, Frame, Inspection, Verdict


def test_frame_needs_an_image_or_an_error() -> None:
    with pytest.raises(ValueError, match="either an image or an error"):
        Frame("a", 0, None)
    with pytest.raises(ValueError, match="BGR uint8"):
        Frame("a", 0, np.zeros((4, 4), np.uint8))
    frame = Frame("a", 3, np.zeros((4, 6, 3), np.uint8))
    assert frame.size == (6, 4)


def test_failed_inspection_is_counted_as_error() -> None:
    bad = Inspection.failed(Frame("x.jpg", 1, None, error="x.jpg is empty (0 bytes)"), "x.jpg is empty (0 bytes)")
    assert bad.verdict is Verdict.ERROR
    record = json.loads(json.dumps(bad.to_json()))
    assert record["verdict"] == "ERROR" and record["error"] == "x.jpg is empty (0 bytes)"
    with pytest.raises(ValueError, match="error exactly when"):
        Inspection("x", 0, 0.0, Verdict.OK, error="oops")


def test_inspection_is_immutable() -> None:
    inspection = Inspection("x", 0, 0.0, Verdict.NG, timings_ms={"total": 1.0})
    with pytest.raises(AttributeError):
        inspection.verdict = Verdict.OK  # type: ignore[misc]
    with pytest.raises(TypeError):
        inspection.timings_ms["total"] = 2.0  # type: ignore[index]


def test_detection_validates_its_box() -> None:
    assert Detection("crack", 2, 0.9, (1, 2, 3, 4)).to_json()["box"] == [1, 2, 3, 4]
    with pytest.raises(ValueError, match="x1<=x2"):
        Detection("crack", 2, 0.9, (5, 2, 3, 4))
    with pytest.raises(ValueError, match="confidence"):
        Detection("crack", 2, 1.5, (1, 2, 3, 4))


def test_model_info_rejects_unknown_positive_class() -> None:
    with pytest.raises(ValueError, match="positive_class"):
        ModelInfo(
            task="classifier",
            architecture="r",
            input_size=(8, 8),
            resize="resize",
            color_order="RGB",
            class_names=("ok", "defect"),
            positive_class="bad",
        )
    with pytest.raises(ValueError, match="invalid station metadata"):
        ModelInfo.from_json('{"task": "classifier", "surprise": 1}')
