"""Evidence pictures: heatmap, boxes and verdict drawn the same way everywhere, never on the original."""

from __future__ import annotations

import numpy as np

from station.core.types import Detection, Inspection, Verdict
from station.inference.annotate import annotate, annotated_thumbnail


def _inspection() -> Inspection:
    heat = np.zeros((5, 5), np.float32)
    heat[4, 4] = 1.0
    box = Detection("crack", 0, 0.9, (200.0, 100.0, 300.0, 200.0))
    return Inspection("p", 0, 0.0, Verdict.NG, defect_score=0.9, heatmap=heat, detections=(box,))


def test_annotate_draws_on_a_copy() -> None:
    image = np.full((300, 400, 3), 100, np.uint8)
    out = annotate(image, _inspection())
    assert out.shape == image.shape and np.all(image == 100)
    assert tuple(out[5, 5]) == (40, 40, 220)  # the red NG banner (BGR)
    assert tuple(out[150, 200]) == (0, 215, 255)  # the box's left edge


def test_thumbnail_scales_boxes_with_the_picture() -> None:
    image = np.full((300, 400, 3), 100, np.uint8)
    thumb = annotated_thumbnail(image, _inspection(), 96)
    assert max(thumb.shape[:2]) == 96
    scale = 96 / 400
    assert tuple(thumb[round(150 * scale), round(200 * scale)]) == (0, 215, 255)
